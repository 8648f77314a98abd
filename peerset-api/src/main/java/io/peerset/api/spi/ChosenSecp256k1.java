package io.peerset.api.spi;

import java.util.ServiceLoader;

/** Holds {@link Secp256k1#chosen()}: the lookup runs once, on first use. */
final class ChosenSecp256k1 {
    private ChosenSecp256k1() {}

    static final Secp256k1 PROVIDER = load();

    private static Secp256k1 load() {
        Secp256k1 best = null;
        for (Secp256k1 p : ServiceLoader.load(Secp256k1.class, Secp256k1.class.getClassLoader())) {
            if (best == null || p.priority() > best.priority()) {
                best = p;
            }
        }
        if (best == null) {
            throw new IllegalStateException("no io.peerset.api.spi.Secp256k1 provider on the classpath:"
                + " add peerset-core (BouncyCastle) or peerset-crypto-native (libsecp256k1) to your dependencies");
        }
        return best;
    }
}
