package io.peerset.crypto.jni;

import io.peerset.api.spi.Secp256k1;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * secp256k1 on libsecp256k1 (bitcoin-core's C library) over JNI, through ACINQ's
 * secp256k1-kmp: BIP-340 signatures and x-only ECDH, byte-identical to BouncyCastle's
 * provider and several times faster. Found by ServiceLoader with priority
 * {@value #PRIORITY}, so it wins over BouncyCastle (0) when this module is on the classpath.
 *
 * <p>The native library is loaded once per JVM, on first use, and checked against a
 * BIP-340 known answer. If that fails (no library for this OS or architecture, an
 * unwritable or {@code noexec} temporary directory, a broken {@code .so}), the failure is
 * logged once with its reason and what to do, and this provider reports priority
 * {@value #UNAVAILABLE_PRIORITY}: BouncyCastle is chosen instead. Its methods then throw
 * {@link IllegalStateException}.
 *
 * <p>Thread-safe: libsecp256k1's context is shared and read-only after creation.
 */
public final class LibSecp256k1Provider implements Secp256k1 {
    /** Priority when the native library works. */
    public static final int PRIORITY = 100;
    /** Priority when it does not: below BouncyCastle's 0, chosen only if nothing else is present. */
    public static final int UNAVAILABLE_PRIORITY = -100;

    private static final Logger log = LoggerFactory.getLogger(LibSecp256k1Provider.class);
    private static final byte[] N = HexFormat.of().parseHex("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");

    private final SecureRandom random = new SecureRandom();

    /** Loads the library on first use of any instance; the outcome is shared by the JVM. */
    private static final class Loaded {
        static final LibSecp256k1 LIB;
        static final String FAILURE;

        static {
            LibSecp256k1 lib = null;
            String failure = null;
            try {
                lib = LibSecp256k1.load();
                selfTest(lib);
                log.debug("libsecp256k1 loaded through secp256k1-kmp; it signs and verifies secp256k1 in this JVM");
            } catch (Exception | LinkageError e) {
                lib = null;
                failure = describe(e);
                log.warn("libsecp256k1 could not be loaded ({}); peerset uses BouncyCastle for secp256k1 instead"
                        + " (several times slower to verify). To use the native library, keep"
                        + " fr.acinq.secp256k1:secp256k1-kmp-jni-jvm-linux (or -darwin / -mingw) on the classpath for this"
                        + " platform ({}/{}), make sure java.io.tmpdir (or -Dfr.acinq.secp256k1.tmpdir) is writable and not"
                        + " mounted noexec, or set -Dfr.acinq.secp256k1.lib.path to a directory holding a working {};"
                        + " remove peerset-crypto-native to silence this",
                    failure, System.getProperty("os.name"), System.getProperty("os.arch"),
                    System.mapLibraryName("secp256k1-jni"));
            }
            LIB = lib;
            FAILURE = failure;
        }

        /** The chain of causes, innermost last, without the wrappers that say nothing. */
        private static String describe(Throwable e) {
            StringBuilder out = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t.getMessage() == null && t.getCause() != null) {
                    continue; // ExceptionInInitializerError, InvocationTargetException…
                }
                if (out.length() > 0) {
                    out.append(", caused by ");
                }
                out.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
            }
            return out.toString();
        }

        /** BIP-340 test vector 0: a library that loads but computes wrongly must not be chosen. */
        private static void selfTest(LibSecp256k1 lib) {
            HexFormat hex = HexFormat.of();
            byte[] sk = hex.parseHex("0000000000000000000000000000000000000000000000000000000000000003");
            byte[] zero = new byte[32];
            byte[] sig = lib.signSchnorr(zero, sk, zero);
            String expected = "e907831f80848d1069a5371b402410364bdf1c5f8307b0084c55f1ce2dca8215"
                + "25f66a4a85ea8b71e482a74f382d2ce5ebeee8fdb2172f477df4900d310536c0";
            byte[] pk = Arrays.copyOfRange(lib.pubkeyCreate(sk), 1, 33);
            if (!hex.formatHex(sig).equals(expected) || !lib.verifySchnorr(sig, zero, pk)) {
                throw new IllegalStateException("the native library loaded but fails BIP-340 test vector 0");
            }
        }
    }

    /** True if libsecp256k1 loaded and passed its self-test in this JVM (loads it on first call). */
    public static boolean available() {
        return Loaded.LIB != null;
    }

    /** Why libsecp256k1 is not available in this JVM, if it is not. */
    public static Optional<String> unavailableReason() {
        return Optional.ofNullable(Loaded.FAILURE);
    }

    @Override
    public int priority() {
        return available() ? PRIORITY : UNAVAILABLE_PRIORITY;
    }

    @Override
    public String name() {
        return "libsecp256k1";
    }

    @Override
    public byte[] generateSecretKey() {
        LibSecp256k1 lib = lib();
        byte[] key = new byte[32];
        do {
            random.nextBytes(key);
        } while (!lib.secKeyVerify(key));
        return key;
    }

    @Override
    public byte[] publicKey(byte[] secretKey) {
        requireScalar(secretKey);
        return Arrays.copyOfRange(lib().pubkeyCreate(secretKey), 1, 33);
    }

    @Override
    public byte[] sign(byte[] secretKey, byte[] message32) {
        byte[] aux = new byte[32];
        random.nextBytes(aux);
        return sign(secretKey, message32, aux);
    }

    @Override
    public byte[] sign(byte[] secretKey, byte[] message32, byte[] auxRand32) {
        requireScalar(secretKey);
        require32("message", message32);
        require32("auxiliary randomness", auxRand32);
        return lib().signSchnorr(message32, secretKey, auxRand32);
    }

    @Override
    public boolean verify(byte[] publicKey32, byte[] message32, byte[] signature64) {
        if (publicKey32 == null || publicKey32.length != 32 || message32 == null || message32.length != 32
            || signature64 == null || signature64.length != 64) {
            return false;
        }
        LibSecp256k1 lib = lib();
        try {
            return lib.verifySchnorr(signature64, message32, publicKey32);
        } catch (RuntimeException e) {
            return false; // the key is not an x-only curve point: not a valid signature, never an error
        }
    }

    @Override
    public byte[] ecdh(byte[] secretKey, byte[] publicKey32) {
        requireScalar(secretKey);
        if (publicKey32 == null || publicKey32.length != 32) {
            throw new IllegalArgumentException("an x-only public key must be 32 bytes; got "
                + (publicKey32 == null ? "null" : publicKey32.length + " bytes"));
        }
        LibSecp256k1 lib = lib();
        byte[] compressed = new byte[33];
        compressed[0] = 0x02; // lift_x: the point with even y
        System.arraycopy(publicKey32, 0, compressed, 1, 32);
        byte[] point;
        try {
            point = lib.pubKeyTweakMul(compressed, secretKey);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the public key is not the x coordinate of a secp256k1 point"
                + " (or not below the field size p); check that it is a Nostr public key", e);
        }
        try {
            return Arrays.copyOfRange(point, 1, 33);
        } finally {
            Arrays.fill(point, (byte) 0);
        }
    }

    private static LibSecp256k1 lib() {
        LibSecp256k1 lib = Loaded.LIB;
        if (lib == null) {
            throw new IllegalStateException("libsecp256k1 is not available in this JVM (" + Loaded.FAILURE
                + "); add peerset-core so BouncyCastle is used instead, or fix the native library as logged at startup");
        }
        return lib;
    }

    /** The same checks and messages as BouncyCastle's provider, without allocating. */
    private static void requireScalar(byte[] secretKey) {
        if (secretKey == null || secretKey.length != 32) {
            throw new IllegalArgumentException("a secp256k1 secret key must be 32 bytes; got "
                + (secretKey == null ? "null" : secretKey.length + " bytes"));
        }
        boolean zero = true;
        for (byte b : secretKey) {
            if (b != 0) {
                zero = false;
                break;
            }
        }
        if (zero || Arrays.compareUnsigned(secretKey, N) >= 0) {
            throw new IllegalArgumentException("a secp256k1 secret key must be between 1 and n-1"
                + " (n = the curve order FFFF…4141); this one is " + (zero ? "zero" : "not below n"));
        }
    }

    private static void require32(String what, byte[] bytes) {
        if (bytes == null || bytes.length != 32) {
            throw new IllegalArgumentException("BIP-340 " + what + " must be 32 bytes; got "
                + (bytes == null ? "null" : bytes.length + " bytes"));
        }
    }

    @Override
    public String toString() {
        return "libsecp256k1 (" + (available() ? "loaded" : "unavailable: " + Loaded.FAILURE) + ")";
    }
}
