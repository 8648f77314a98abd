package io.peerset.api;

import io.peerset.api.spi.Secp256k1;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 from the JDK and the secp256k1 provider peerset uses ({@link Secp256k1#chosen()}). */
final class Crypto {
    private Crypto() {}

    static Secp256k1 provider() {
        return Secp256k1.chosen();
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
