package io.peerset.api;

import io.peerset.api.spi.Secp256k1;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ServiceLoader;

/** SHA-256 from the JDK and the secp256k1 provider found by ServiceLoader. */
final class Crypto {
    private Crypto() {}

    private static final class Holder {
        static final Secp256k1 PROVIDER = load();

        private static Secp256k1 load() {
            Secp256k1 best = null;
            for (Secp256k1 p : ServiceLoader.load(Secp256k1.class, Crypto.class.getClassLoader())) {
                if (best == null || p.priority() > best.priority()) {
                    best = p;
                }
            }
            if (best == null) {
                throw new IllegalStateException("no io.peerset.api.spi.Secp256k1 provider on the classpath: add peerset-core to your dependencies");
            }
            return best;
        }
    }

    static Secp256k1 provider() {
        return Holder.PROVIDER;
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
