package io.peerset.api.spi;

/**
 * secp256k1 keys and BIP-340 Schnorr signatures. peerset-core provides one on
 * BouncyCastle; a faster one (e.g. libsecp256k1 over JNI) can be added by putting
 * its module on the classpath with a higher {@link #priority()}.
 *
 * <p>Implementations must be thread-safe.
 */
public interface Secp256k1 {
    /** Higher wins when several providers are present. BouncyCastle's is 0. */
    default int priority() { return 0; }

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
}
