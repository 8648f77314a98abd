package io.peerset.core.crypto;

import io.peerset.api.Identity;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.ChaCha7539Engine;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * NIP-44 version 2: the Nostr payload encryption between two keys. A conversation key
 * (HKDF-extract of the x-only ECDH secret, salt {@code "nip44-v2"}) is expanded per
 * message with a random 32-byte nonce into a ChaCha20 key and nonce and an HMAC-SHA256
 * key; the plaintext (1 to 65 535 bytes) is length-prefixed and padded, encrypted, and
 * authenticated with the nonce as associated data. The payload is base64 of
 * {@code 0x02 ‖ nonce ‖ ciphertext ‖ mac}.
 *
 * <p>Primitives are BouncyCastle's (ChaCha7539Engine, HMac, HKDFBytesGenerator); the
 * known-answer vectors of the NIP are in the tests. Stateless and thread-safe.
 */
public final class Nip44 {
    /** The version byte this class writes and reads. */
    public static final int VERSION = 2;
    /** Smallest plaintext, in bytes. */
    public static final int MIN_PLAINTEXT = 1;
    /** Largest plaintext, in bytes (padded to 65 536). */
    public static final int MAX_PLAINTEXT = 65_535;
    /** Length bounds of a base64 payload (the NIP's DoS guard before decoding). */
    public static final int MIN_PAYLOAD_CHARS = 132;
    /** Length bounds of a base64 payload (the NIP's DoS guard before decoding). */
    public static final int MAX_PAYLOAD_CHARS = 87_472;
    private static final int MIN_DATA = 99;
    private static final int MAX_DATA = 65_603;
    private static final byte[] SALT = "nip44-v2".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    private Nip44() {}

    /**
     * The conversation key between {@code self} and a peer (the same from both sides).
     *
     * @param peerPublicKey 64 hex characters or {@code npub1…}
     * @throws IllegalArgumentException if the key is malformed or not on the curve
     */
    public static byte[] conversationKey(Identity self, String peerPublicKey) {
        byte[] shared = self.sharedSecret(peerPublicKey);
        try {
            return conversationKey(shared);
        } finally {
            Arrays.fill(shared, (byte) 0);
        }
    }

    /** HKDF-extract(IKM = the 32-byte ECDH x coordinate, salt = {@code "nip44-v2"}). */
    public static byte[] conversationKey(byte[] sharedX) {
        require32("shared secret", sharedX);
        return new HKDFBytesGenerator(new SHA256Digest()).extractPRK(SALT, sharedX);
    }

    /**
     * Encrypts with a fresh random nonce.
     *
     * @throws IllegalArgumentException if the plaintext is not 1 to 65 535 bytes or the key is not 32 bytes
     */
    public static String encrypt(byte[] plaintext, byte[] conversationKey) {
        byte[] nonce = new byte[32];
        RANDOM.nextBytes(nonce);
        return encrypt(plaintext, conversationKey, nonce);
    }

    /** Encrypts with the given 32-byte nonce (known-answer tests only: a nonce must never repeat under one key). */
    public static String encrypt(byte[] plaintext, byte[] conversationKey, byte[] nonce) {
        require32("conversation key", conversationKey);
        require32("nonce", nonce);
        MessageKeys keys = messageKeys(conversationKey, nonce);
        byte[] padded = pad(plaintext);
        byte[] out = new byte[1 + 32 + padded.length + 32];
        out[0] = VERSION;
        System.arraycopy(nonce, 0, out, 1, 32);
        chacha(keys, padded, 0, padded.length, out, 33);
        mac(keys.hmacKey, nonce, out, 33, padded.length, out, 33 + padded.length);
        keys.wipe();
        return Base64.getEncoder().encodeToString(out);
    }

    /**
     * Decrypts and checks a payload.
     *
     * @throws IllegalArgumentException naming what is wrong, with the NIP's words: {@code invalid payload length},
     *     {@code unknown encryption version}, {@code invalid base64}, {@code invalid data length},
     *     {@code invalid MAC} (wrong key or altered payload) or {@code invalid padding}
     */
    public static byte[] decrypt(String payload, byte[] conversationKey) {
        require32("conversation key", conversationKey);
        if (payload == null || payload.length() < MIN_PAYLOAD_CHARS || payload.length() > MAX_PAYLOAD_CHARS) {
            throw new IllegalArgumentException("invalid payload length: " + (payload == null ? "null" : payload.length())
                + " (a NIP-44 v2 payload is " + MIN_PAYLOAD_CHARS + " to " + MAX_PAYLOAD_CHARS + " base64 characters)");
        }
        if (payload.charAt(0) == '#') {
            throw new IllegalArgumentException("unknown encryption version (a payload starting with '#' is a future,"
                + " non-base64 NIP-44 version; this node reads version " + VERSION + ")");
        }
        byte[] data;
        try {
            data = Base64.getDecoder().decode(payload);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid base64: " + e.getMessage(), e);
        }
        if (data.length < MIN_DATA || data.length > MAX_DATA) {
            throw new IllegalArgumentException("invalid data length: " + data.length + " bytes (must be "
                + MIN_DATA + " to " + MAX_DATA + ")");
        }
        if (data[0] != VERSION) {
            throw new IllegalArgumentException("unknown encryption version " + (data[0] & 0xff)
                + " (this node reads NIP-44 version " + VERSION + ")");
        }
        byte[] nonce = Arrays.copyOfRange(data, 1, 33);
        int cipherLength = data.length - 65;
        MessageKeys keys = messageKeys(conversationKey, nonce);
        try {
            byte[] expected = new byte[32];
            mac(keys.hmacKey, nonce, data, 33, cipherLength, expected, 0);
            byte[] actual = Arrays.copyOfRange(data, data.length - 32, data.length);
            if (!org.bouncycastle.util.Arrays.constantTimeAreEqual(expected, actual)) {
                throw new IllegalArgumentException("invalid MAC: the payload was not encrypted with this conversation key,"
                    + " or it was altered");
            }
            byte[] padded = new byte[cipherLength];
            chacha(keys, data, 33, cipherLength, padded, 0);
            return unpad(padded);
        } finally {
            keys.wipe();
        }
    }

    /** The padded length of a plaintext of {@code length} bytes (the NIP's {@code calc_padded_len}). */
    public static int paddedLength(int length) {
        if (length < MIN_PLAINTEXT) {
            throw new IllegalArgumentException("a NIP-44 plaintext must be at least 1 byte; got " + length);
        }
        if (length <= 32) {
            return 32;
        }
        int nextPower = Integer.highestOneBit(length - 1) << 1;
        int chunk = nextPower <= 256 ? 32 : nextPower / 8;
        return chunk * ((length - 1) / chunk + 1);
    }

    /** The ChaCha20 key, ChaCha20 nonce and HMAC key of one message (HKDF-expand, 76 bytes). */
    static MessageKeys messageKeys(byte[] conversationKey, byte[] nonce) {
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(HKDFParameters.skipExtractParameters(conversationKey, nonce));
        byte[] okm = new byte[76];
        hkdf.generateBytes(okm, 0, okm.length);
        MessageKeys keys = new MessageKeys(Arrays.copyOfRange(okm, 0, 32), Arrays.copyOfRange(okm, 32, 44),
            Arrays.copyOfRange(okm, 44, 76));
        Arrays.fill(okm, (byte) 0);
        return keys;
    }

    private static byte[] pad(byte[] plaintext) {
        if (plaintext == null || plaintext.length < MIN_PLAINTEXT || plaintext.length > MAX_PLAINTEXT) {
            throw new IllegalArgumentException("invalid plaintext size: a NIP-44 plaintext must be between "
                + MIN_PLAINTEXT + " and " + MAX_PLAINTEXT + " bytes; got "
                + (plaintext == null ? "null" : plaintext.length));
        }
        byte[] padded = new byte[2 + paddedLength(plaintext.length)];
        padded[0] = (byte) (plaintext.length >>> 8);
        padded[1] = (byte) plaintext.length;
        System.arraycopy(plaintext, 0, padded, 2, plaintext.length);
        return padded;
    }

    private static byte[] unpad(byte[] padded) {
        int length = padded.length < 2 ? 0 : ((padded[0] & 0xff) << 8) | (padded[1] & 0xff);
        if (length < MIN_PLAINTEXT || padded.length != 2 + paddedLength(length)) {
            throw new IllegalArgumentException("invalid padding: the length prefix (" + length
                + ") does not match the padded size (" + (padded.length - 2) + " bytes)");
        }
        return Arrays.copyOfRange(padded, 2, 2 + length);
    }

    private static void chacha(MessageKeys keys, byte[] in, int inOff, int length, byte[] out, int outOff) {
        ChaCha7539Engine engine = new ChaCha7539Engine(); // RFC 8439: 12-byte nonce, counter from 0
        engine.init(true, new ParametersWithIV(new KeyParameter(keys.chachaKey), keys.chachaNonce));
        engine.processBytes(in, inOff, length, out, outOff);
    }

    private static void mac(byte[] key, byte[] aad, byte[] in, int inOff, int length, byte[] out, int outOff) {
        HMac hmac = new HMac(new SHA256Digest());
        hmac.init(new KeyParameter(key));
        hmac.update(aad, 0, aad.length);
        hmac.update(in, inOff, length);
        hmac.doFinal(out, outOff);
    }

    private static void require32(String what, byte[] bytes) {
        if (bytes == null || bytes.length != 32) {
            throw new IllegalArgumentException("a NIP-44 " + what + " must be 32 bytes; got "
                + (bytes == null ? "null" : bytes.length + " bytes"));
        }
    }

    /** One message's keys. */
    static final class MessageKeys {
        final byte[] chachaKey;
        final byte[] chachaNonce;
        final byte[] hmacKey;

        MessageKeys(byte[] chachaKey, byte[] chachaNonce, byte[] hmacKey) {
            this.chachaKey = chachaKey;
            this.chachaNonce = chachaNonce;
            this.hmacKey = hmacKey;
        }

        void wipe() {
            Arrays.fill(chachaKey, (byte) 0);
            Arrays.fill(chachaNonce, (byte) 0);
            Arrays.fill(hmacKey, (byte) 0);
        }
    }
}
