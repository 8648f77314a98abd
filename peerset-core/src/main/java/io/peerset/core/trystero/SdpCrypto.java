package io.peerset.core.trystero;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Trystero's encryption of session descriptions and candidates in signalling
 * messages: AES-256-GCM keyed by SHA-256 of {@code password + ":" + appId + ":" + roomId},
 * a random 16-byte IV, 128-bit tag, no associated data. Wire form: the IV bytes
 * in decimal joined by {@code ,}, then {@code $}, then padded standard base64 of
 * ciphertext followed by tag.
 *
 * <p>Immutable and thread-safe.
 */
public final class SdpCrypto {
    /** Longest wire string accepted for decryption (an SDP with all candidates is a few KiB). */
    public static final int MAX_WIRE_CHARS = 128 * 1024;

    /** Longest plain text accepted for encryption. */
    public static final int MAX_PLAINTEXT_BYTES = 64 * 1024;

    private static final int IV_BYTES = 16;
    private static final int TAG_BITS = 128;
    private static final int TAG_BYTES = TAG_BITS / 8;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    /**
     * @param password the room password; Trystero's default is the empty string
     */
    public SdpCrypto(String password, String appId, String roomId) {
        if (password == null) {
            throw new IllegalArgumentException("password must not be null; use \"\" for a room without password");
        }
        if (appId == null || appId.isEmpty() || roomId == null || roomId.isEmpty()) {
            throw new IllegalArgumentException("appId and roomId must be non-empty strings");
        }
        byte[] raw = TrysteroIds.digest("SHA-256", TrysteroIds.utf8(password + ":" + appId + ":" + roomId));
        this.key = new SecretKeySpec(raw, "AES");
    }

    /** Encrypts a UTF-8 string into Trystero's wire form. */
    public String encrypt(String plaintext) {
        byte[] plain = TrysteroIds.utf8(plaintext);
        if (plain.length > MAX_PLAINTEXT_BYTES) {
            throw new IllegalArgumentException("plain text must be at most " + MAX_PLAINTEXT_BYTES
                    + " bytes of UTF-8; got " + plain.length);
        }
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        byte[] sealed;
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            sealed = cipher.doFinal(plain);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is required by every Java 17 runtime", e);
        }
        StringBuilder out = new StringBuilder(IV_BYTES * 4 + sealed.length * 4 / 3 + 4);
        for (int i = 0; i < IV_BYTES; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(iv[i] & 0xff);
        }
        return out.append('$').append(Base64.getEncoder().encodeToString(sealed)).toString();
    }

    /**
     * Decrypts Trystero's wire form.
     *
     * @throws SdpCryptoException if the string is too long, not of the form
     *         {@code "b0,…,b15$base64"}, or does not authenticate under this key
     *         (a different room password)
     */
    public String decrypt(String wire) throws SdpCryptoException {
        if (wire == null) {
            throw new SdpCryptoException("encrypted signal is missing; expected \"iv$base64\"");
        }
        if (wire.length() > MAX_WIRE_CHARS) {
            throw new SdpCryptoException("encrypted signal must be at most " + MAX_WIRE_CHARS
                    + " characters; got " + wire.length());
        }
        int dollar = wire.indexOf('$');
        if (dollar < 0 || wire.indexOf('$', dollar + 1) >= 0) {
            throw new SdpCryptoException("encrypted signal must be 16 decimal IV bytes joined by ',' then '$' "
                    + "then base64; found " + (dollar < 0 ? "no" : "more than one") + " '$'");
        }
        byte[] iv = parseIv(wire.substring(0, dollar));
        byte[] sealed;
        try {
            sealed = Base64.getDecoder().decode(wire.substring(dollar + 1));
        } catch (IllegalArgumentException e) {
            throw new SdpCryptoException("ciphertext after '$' must be padded standard base64: " + e.getMessage());
        }
        if (sealed.length < TAG_BYTES) {
            throw new SdpCryptoException("ciphertext must hold at least the " + TAG_BYTES
                    + "-byte GCM tag; got " + sealed.length + " bytes");
        }
        byte[] plain;
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            plain = cipher.doFinal(sealed);
        } catch (AEADBadTagException e) {
            throw new SdpCryptoException("signal does not authenticate: wrong room password, app id or room id, "
                    + "or a tampered message");
        } catch (GeneralSecurityException e) {
            throw new SdpCryptoException("cannot decrypt signal: " + e.getMessage());
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(plain))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new SdpCryptoException("decrypted signal is not UTF-8");
        }
    }

    private static byte[] parseIv(String text) throws SdpCryptoException {
        byte[] iv = new byte[IV_BYTES];
        int n = 0;
        int start = 0;
        while (true) {
            int comma = text.indexOf(',', start);
            String part = comma < 0 ? text.substring(start) : text.substring(start, comma);
            if (n == IV_BYTES) {
                throw new SdpCryptoException("IV must be exactly " + IV_BYTES + " decimal bytes; got more");
            }
            iv[n++] = (byte) parseByte(part);
            if (comma < 0) {
                break;
            }
            start = comma + 1;
        }
        if (n != IV_BYTES) {
            throw new SdpCryptoException("IV must be exactly " + IV_BYTES + " decimal bytes; got " + n);
        }
        return iv;
    }

    private static int parseByte(String part) throws SdpCryptoException {
        if (part.isEmpty() || part.length() > 3) {
            throw new SdpCryptoException("IV byte must be a decimal number 0-255; got \"" + abbreviate(part) + "\"");
        }
        int v = 0;
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c < '0' || c > '9') {
                throw new SdpCryptoException("IV byte must be a decimal number 0-255; got \"" + abbreviate(part) + "\"");
            }
            v = v * 10 + (c - '0');
        }
        if (v > 255) {
            throw new SdpCryptoException("IV byte must be a decimal number 0-255; got " + v);
        }
        return v;
    }

    private static String abbreviate(String s) {
        return s.length() > 12 ? s.substring(0, 12) + "…" : s;
    }
}
