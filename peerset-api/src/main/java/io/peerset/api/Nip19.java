package io.peerset.api;

/**
 * NIP-19 Bech32 (not Bech32m) encodings of keys and ids: {@code npub1…},
 * {@code nsec1…}, {@code note1…}. Decoding checks the prefix, the checksum and the
 * 32-byte payload, and says which one is wrong.
 */
public final class Nip19 {
    private Nip19() {}

    /** {@code npub1…} of a 64-char hex x-only public key. */
    public static String encodeNpub(String pubkeyHex) {
        throw new UnsupportedOperationException("Nip19: to be written");
    }

    /** Hex public key of an {@code npub1…} string. @throws IllegalArgumentException saying what is wrong */
    public static String decodeNpub(String npub) {
        throw new UnsupportedOperationException("Nip19: to be written");
    }

    /** {@code nsec1…} of a 32-byte secret key. */
    public static String encodeNsec(byte[] secretKey) {
        throw new UnsupportedOperationException("Nip19: to be written");
    }

    /** 32-byte secret key of an {@code nsec1…} string. @throws IllegalArgumentException saying what is wrong */
    public static byte[] decodeNsec(String nsec) {
        throw new UnsupportedOperationException("Nip19: to be written");
    }

    /** {@code note1…} of a 64-char hex event id. */
    public static String encodeNote(String idHex) {
        throw new UnsupportedOperationException("Nip19: to be written");
    }
}
