package io.peerset.crypto.jni;

import fr.acinq.secp256k1.Secp256k1;

/**
 * The only class that names secp256k1-kmp's types: loading it (and the native library)
 * may fail with a {@link LinkageError} or an exception, which {@link LibSecp256k1Provider}
 * catches, so the provider class itself always loads.
 */
final class LibSecp256k1 {
    private final Secp256k1 lib;

    private LibSecp256k1(Secp256k1 lib) {
        this.lib = lib;
    }

    /**
     * Extracts and loads the native library, once per JVM, through secp256k1-kmp's own entry
     * point ({@code Secp256k1.get()} finds its JVM loader; calling the loader directly first
     * breaks its class initialisation).
     */
    static LibSecp256k1 load() {
        return new LibSecp256k1(Secp256k1.get());
    }

    boolean secKeyVerify(byte[] secretKey) {
        return lib.secKeyVerify(secretKey);
    }

    /** Uncompressed point, 65 bytes. */
    byte[] pubkeyCreate(byte[] secretKey) {
        return lib.pubkeyCreate(secretKey);
    }

    byte[] signSchnorr(byte[] message32, byte[] secretKey, byte[] auxRand32) {
        return lib.signSchnorr(message32, secretKey, auxRand32);
    }

    /** Throws (secp256k1-kmp's exception) when the key is not a valid x-only key. */
    boolean verifySchnorr(byte[] signature64, byte[] message32, byte[] publicKey32) {
        return lib.verifySchnorr(signature64, message32, publicKey32);
    }

    /** {@code tweak · P}, uncompressed (65 bytes): secp256k1_ec_pubkey_tweak_mul, the unhashed ECDH NIP-44 asks for. */
    byte[] pubKeyTweakMul(byte[] compressedPoint33, byte[] tweak32) {
        return lib.pubKeyTweakMul(compressedPoint33, tweak32);
    }
}
