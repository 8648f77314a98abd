package io.peerset.api.spi;

/**
 * secp256k1 keys, BIP-340 Schnorr signatures and x-only ECDH. peerset-core provides
 * one on BouncyCastle; peerset-crypto-native provides libsecp256k1 over JNI with a
 * higher {@link #priority()}, so putting that module on the classpath is all it takes
 * to use it.
 *
 * <p>Found by {@link java.util.ServiceLoader}; the provider with the highest priority
 * wins ({@link #chosen()}). A provider that cannot work in this JVM (a native library
 * that failed to load) must still be instantiable and report a negative priority, so
 * that it is chosen only when nothing else is present.
 *
 * <p>Implementations must be thread-safe.
 */
public interface Secp256k1 {
    /**
     * The provider peerset uses in this JVM: the highest {@link #priority()} among those
     * found by ServiceLoader (looked up once).
     *
     * @return the chosen provider
     * @throws IllegalStateException if there is none (add peerset-core to the dependencies)
     */
    static Secp256k1 chosen() {
        return ChosenSecp256k1.PROVIDER;
    }

    /** {@return this provider's priority}: higher wins when several providers are present. BouncyCastle's is 0; a provider that cannot work reports a negative one. */
    default int priority() { return 0; }

    /** {@return a short name for logs and benchmarks, e.g. {@code "bouncycastle"} or {@code "libsecp256k1"}} */
    default String name() { return getClass().getSimpleName(); }

    /** {@return a fresh random 32-byte secret key in [1, n-1]} */
    byte[] generateSecretKey();

    /**
     * The 32-byte x-only public key of a secret key.
     *
     * @param secretKey a 32-byte secret key
     * @return the 32-byte x-only public key
     * @throws IllegalArgumentException if the secret key is not 32 bytes or not in [1, n-1]
     */
    byte[] publicKey(byte[] secretKey);

    /**
     * BIP-340 signature (64 bytes) of a 32-byte message with fresh auxiliary randomness.
     *
     * @param secretKey the 32-byte secret key
     * @param message32 the 32-byte message
     * @return the 64-byte signature
     */
    byte[] sign(byte[] secretKey, byte[] message32);

    /**
     * BIP-340 signature with the given 32 bytes of auxiliary randomness (for test vectors).
     *
     * @param secretKey the 32-byte secret key
     * @param message32 the 32-byte message
     * @param auxRand32 32 bytes of auxiliary randomness
     * @return the 64-byte signature
     */
    byte[] sign(byte[] secretKey, byte[] message32, byte[] auxRand32);

    /**
     * Checks a BIP-340 signature. Never throws on garbage.
     *
     * @param publicKey32 the 32-byte x-only public key
     * @param message32 the 32-byte message
     * @param signature64 the 64-byte signature
     * @return true if the signature is valid for the message and key
     */
    boolean verify(byte[] publicKey32, byte[] message32, byte[] signature64);

    /**
     * x-only ECDH: the 32-byte x coordinate of {@code secretKey · P}, where P is the point
     * with even y whose x coordinate is {@code publicKey32} (BIP-340's {@code lift_x}).
     * Unhashed, exactly as NIP-44 needs it (libsecp256k1's {@code secp256k1_ecdh} hashes
     * its output; this must not). The result is a secret.
     *
     * @param secretKey the 32-byte secret key
     * @param publicKey32 the other party's 32-byte x-only public key
     * @return the 32-byte shared x coordinate
     * @throws IllegalArgumentException if the secret key is not 32 bytes in [1, n-1], or the
     *     public key is not 32 bytes, not below the field size or not the x of a curve point
     */
    byte[] ecdh(byte[] secretKey, byte[] publicKey32);
}
