package io.peerset.api;

import java.util.Locale;

/**
 * NIP-19 Bech32 (not Bech32m) encodings of keys and ids: {@code npub1…},
 * {@code nsec1…}, {@code note1…}. Decoding checks the prefix, the characters and
 * their case, the checksum and the 32-byte payload, and says which one is wrong.
 */
public final class Nip19 {
    private Nip19() {}

    /** Length of an {@code npub1…}, {@code nsec1…} or {@code note1…} string: prefix, '1', 52 data and 6 checksum characters. */
    public static final int LENGTH = 63;

    private static final String NPUB = "npub";
    private static final String NSEC = "nsec";
    private static final String NOTE = "note";

    /**
     * {@code npub1…} of a 64-char hex x-only public key.
     *
     * @param pubkeyHex the public key in hex
     * @return the {@code npub1…} string
     * @throws IllegalArgumentException if not 64 hex characters
     */
    public static String encodeNpub(String pubkeyHex) {
        return Bech32.encode(NPUB, hex32("public key", pubkeyHex));
    }

    /**
     * Hex public key of an {@code npub1…} string.
     *
     * @param npub the {@code npub1…} string
     * @return the public key, lowercase hex
     * @throws IllegalArgumentException saying what is wrong
     */
    public static String decodeNpub(String npub) {
        return Hex.encode(decode32(NPUB, npub));
    }

    /**
     * {@code nsec1…} of a 32-byte secret key.
     *
     * @param secretKey the 32-byte secret key
     * @return the {@code nsec1…} string
     * @throws IllegalArgumentException if not 32 bytes
     */
    public static String encodeNsec(byte[] secretKey) {
        if (secretKey == null || secretKey.length != 32) {
            throw new IllegalArgumentException("a secret key must be 32 bytes; got "
                + (secretKey == null ? "null" : secretKey.length + " bytes"));
        }
        return Bech32.encode(NSEC, secretKey);
    }

    /**
     * 32-byte secret key of an {@code nsec1…} string.
     *
     * @param nsec the {@code nsec1…} string
     * @return the 32-byte secret key
     * @throws IllegalArgumentException saying what is wrong
     */
    public static byte[] decodeNsec(String nsec) {
        return decode32(NSEC, nsec);
    }

    /**
     * {@code note1…} of a 64-char hex event id.
     *
     * @param idHex the event id in hex
     * @return the {@code note1…} string
     * @throws IllegalArgumentException if not 64 hex characters
     */
    public static String encodeNote(String idHex) {
        return Bech32.encode(NOTE, hex32("event id", idHex));
    }

    /**
     * Hex event id of a {@code note1…} string.
     *
     * @param note the {@code note1…} string
     * @return the event id, lowercase hex
     * @throws IllegalArgumentException saying what is wrong
     */
    public static String decodeNote(String note) {
        return Hex.encode(decode32(NOTE, note));
    }

    private static byte[] hex32(String what, String hex) {
        if (hex == null || hex.length() != 64) {
            throw new IllegalArgumentException(what + " must be 64 hex characters; got "
                + (hex == null ? "null" : Integer.toString(hex.length())));
        }
        for (int i = 0; i < 64; i++) {
            char c = hex.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                throw new IllegalArgumentException(what + " must be 64 hex characters; found '" + c + "' at position " + i);
            }
        }
        return Hex.decode(hex);
    }

    private static byte[] decode32(String hrp, String s) {
        if (s == null) {
            throw new IllegalArgumentException(hrp + " is missing (null); expected " + LENGTH
                + " characters of Bech32 starting with " + hrp + "1");
        }
        if (!s.toLowerCase(Locale.ROOT).startsWith(hrp + "1")) {
            throw new IllegalArgumentException(hrp + " must start with " + hrp + "1; got " + shown(s) + hint(hrp, s));
        }
        Bech32.Decoded d;
        try {
            d = Bech32.decode(s, hrp);
        } catch (IllegalArgumentException e) {
            if (s.length() != LENGTH) {
                throw new IllegalArgumentException(e.getMessage() + " (" + hrp + " must be " + LENGTH
                    + " characters of Bech32 starting with " + hrp + "1; got " + s.length() + ")", e);
            }
            throw e;
        }
        if (!d.hrp.equals(hrp)) {
            // only possible if the data part itself contains '1'… which Bech32 forbids; kept for safety
            throw new IllegalArgumentException(hrp + " must start with " + hrp + "1; got prefix '" + d.hrp + "'");
        }
        byte[] data;
        try {
            data = d.bytes();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(hrp + " has an invalid payload: " + e.getMessage(), e);
        }
        if (data.length != 32) {
            throw new IllegalArgumentException(hrp + " must encode 32 bytes (" + LENGTH + " characters starting with "
                + hrp + "1); got " + data.length + " bytes");
        }
        return data;
    }

    private static String shown(String s) {
        if (s.isEmpty()) return "an empty string";
        int sep = s.indexOf('1');
        String head = sep > 0 && sep <= 10 ? s.substring(0, sep + 1) : s.substring(0, Math.min(5, s.length()));
        return "'" + head.replaceAll("[^\\x21-\\x7e]", "?") + "…'";
    }

    private static String hint(String expected, String s) {
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.startsWith(NSEC + "1")) return " (that is a secret key, not " + describe(expected) + ")";
        if (lower.startsWith(NPUB + "1")) return " (that is a public key, not " + describe(expected) + ")";
        if (lower.startsWith(NOTE + "1")) return " (that is an event id, not " + describe(expected) + ")";
        if (lower.matches("[0-9a-f]{64}")) return " (that looks like hex; convert it or pass it as hex)";
        return "";
    }

    private static String describe(String hrp) {
        switch (hrp) {
            case NSEC: return "a secret key";
            case NPUB: return "a public key";
            default: return "an event id";
        }
    }
}
