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
     * @throws IllegalStateException if there is none (add peerset-core to the dependencies)
     */
    static Secp256k1 chosen() {
        return ChosenSecp256k1.PROVIDER;
    }

    /** Higher wins when several providers are present. BouncyCastle's is 0; a provider that cannot work reports a negative one. */
    default int priority() { return 0; }

    /** A short name for logs and benchmarks, e.g. {@code "bouncycastle"} or {@code "libsecp256k1"}. */
    default String name() { return getClass().getSimpleName(); }

    /** A fresh random 32-byte secret key in [1, n-1]. */
    byte[] generateSecretKey();

    /**
     * The 32-byte x-only public key of a secret key.
     *
     * @throws IllegalArgumentException if the secret key is not 32 bytes or not in [1, n-1]
     */
    byte[] publicKey(byte[] secretKey);

    /** BIP-340 signature (64 bytes) of a 32-byte message with fresh auxiliary randomness. */
    byte[] sign(byte[] secretKey, byte[] message32);

    /** BIP-340 signature with the given 32 bytes of auxiliary randomness (for test vectors). */
    byte[] sign(byte[] secretKey, byte[] message32, byte[] auxRand32);

    /** True if the 64-byte signature is valid for the 32-byte message and x-only key. Never throws on garbage. */
    boolean verify(byte[] publicKey32, byte[] message32, byte[] signature64);

    /**
     * x-only ECDH: the 32-byte x coordinate of {@code secretKey · P}, where P is the point
     * with even y whose x coordinate is {@code publicKey32} (BIP-340's {@code lift_x}).
     * Unhashed, exactly as NIP-44 needs it (libsecp256k1's {@code secp256k1_ecdh} hashes
     * its output; this must not). The result is a secret.
     *
     * @throws IllegalArgumentException if the secret key is not 32 bytes in [1, n-1], or the
     *     public key is not 32 bytes, not below the field size or not the x of a curve point
     */
    byte[] ecdh(byte[] secretKey, byte[] publicKey32);
}
