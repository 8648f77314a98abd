package io.peerset.api;

import java.io.ByteArrayOutputStream;
import java.util.Locale;

/**
 * Bech32 as specified by BIP-173 (checksum constant 1, not Bech32m), with the
 * 90-character limit lifted as NIP-19 allows; decoding is still bounded by
 * {@link #MAX_LENGTH}. Package-private: {@link Nip19} is the public face.
 */
final class Bech32 {
    private Bech32() {}

    /** Longest string decoded at all (NIP-19 allows beyond BIP-173's 90). */
    static final int MAX_LENGTH = 5000;

    private static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private static final int[] REVERSE = new int[128];
    private static final int BECH32_CONST = 1;
    private static final int BECH32M_CONST = 0x2bc830a3;

    static {
        java.util.Arrays.fill(REVERSE, -1);
        for (int i = 0; i < CHARSET.length(); i++) {
            REVERSE[CHARSET.charAt(i)] = i;
        }
    }

    /** A decoded string: lowercase human-readable part and the 5-bit data values (checksum removed). */
    static final class Decoded {
        final String hrp;
        final byte[] values;

        Decoded(String hrp, byte[] values) {
            this.hrp = hrp;
            this.values = values;
        }

        /** The data as 8-bit bytes. @throws IllegalArgumentException if the padding is not BIP-173's */
        byte[] bytes() {
            return convertBits(values, 5, 8, false);
        }
    }

    /** Bech32 of the payload bytes under a lowercase human-readable part. */
    static String encode(String hrp, byte[] payload) {
        return encodeValues(hrp, convertBits(payload, 8, 5, true));
    }

    /** Bech32 of 5-bit values under a lowercase human-readable part. */
    static String encodeValues(String hrp, byte[] values) {
        byte[] checksum = checksum(hrp, values);
        StringBuilder sb = new StringBuilder(hrp.length() + 1 + values.length + 6);
        sb.append(hrp).append('1');
        for (byte v : values) sb.append(CHARSET.charAt(v));
        for (byte v : checksum) sb.append(CHARSET.charAt(v));
        return sb.toString();
    }

    /**
     * Decodes a Bech32 string, checking characters, case, separator and checksum.
     * {@code what} names the expected kind of string in messages (e.g. "npub").
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    static Decoded decode(String s, String what) {
        if (s == null) {
            throw new IllegalArgumentException(what + " is missing (null)");
        }
        if (s.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        if (s.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(what + " is " + s.length() + " characters long; Bech32 strings of more than "
                + MAX_LENGTH + " are refused");
        }
        boolean lower = false;
        boolean upper = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 33 || c > 126) {
                throw new IllegalArgumentException(what + " contains a character that is not printable ASCII ("
                    + describe(c) + ") at position " + i);
            }
            if (c >= 'a' && c <= 'z') lower = true;
            if (c >= 'A' && c <= 'Z') upper = true;
        }
        if (lower && upper) {
            throw new IllegalArgumentException(what + " mixes upper and lower case; Bech32 must be all one case");
        }
        String str = s.toLowerCase(Locale.ROOT);
        int sep = str.lastIndexOf('1');
        if (sep < 1) {
            throw new IllegalArgumentException(what + " has no human-readable prefix before the separator '1'"
                + " (expected something like " + what + "1…)");
        }
        if (str.length() - sep - 1 < 6) {
            throw new IllegalArgumentException(what + " is too short: Bech32 needs at least 6 checksum characters after '1'");
        }
        String hrp = str.substring(0, sep);
        byte[] values = new byte[str.length() - sep - 1];
        for (int i = 0; i < values.length; i++) {
            char c = str.charAt(sep + 1 + i);
            int v = REVERSE[c];
            if (v < 0) {
                throw new IllegalArgumentException(what + " contains '" + c + "' at position " + (sep + 1 + i)
                    + ", which is not a Bech32 character (allowed: " + CHARSET + ")");
            }
            values[i] = (byte) v;
        }
        int check = polymod(hrp, values);
        if (check != BECH32_CONST) {
            if (check == BECH32M_CONST) {
                throw new IllegalArgumentException(what + " carries a Bech32m checksum; NIP-19 uses Bech32 (BIP-173)");
            }
            throw new IllegalArgumentException(what + " checksum does not match: the string is mistyped, truncated or altered");
        }
        byte[] data = new byte[values.length - 6];
        System.arraycopy(values, 0, data, 0, data.length);
        return new Decoded(hrp, data);
    }

    private static String describe(char c) {
        return String.format("U+%04X", (int) c);
    }

    private static int polymod(String hrp, byte[] values) {
        int chk = 1;
        for (int i = 0; i < hrp.length(); i++) chk = step(chk, hrp.charAt(i) >> 5);
        chk = step(chk, 0);
        for (int i = 0; i < hrp.length(); i++) chk = step(chk, hrp.charAt(i) & 31);
        for (byte v : values) chk = step(chk, v);
        return chk;
    }

    private static int step(int chk, int value) {
        int top = chk >>> 25;
        chk = ((chk & 0x1ffffff) << 5) ^ value;
        if ((top & 1) != 0) chk ^= 0x3b6a57b2;
        if ((top & 2) != 0) chk ^= 0x26508e6d;
        if ((top & 4) != 0) chk ^= 0x1ea119fa;
        if ((top & 8) != 0) chk ^= 0x3d4233dd;
        if ((top & 16) != 0) chk ^= 0x2a1462b3;
        return chk;
    }

    private static byte[] checksum(String hrp, byte[] values) {
        byte[] padded = new byte[values.length + 6];
        System.arraycopy(values, 0, padded, 0, values.length);
        int mod = polymod(hrp, padded) ^ BECH32_CONST;
        byte[] out = new byte[6];
        for (int i = 0; i < 6; i++) {
            out[i] = (byte) ((mod >>> (5 * (5 - i))) & 31);
        }
        return out;
    }

    /** Regroups bits; without padding, leftover bits must be fewer than fromBits and all zero (BIP-173). */
    private static byte[] convertBits(byte[] in, int fromBits, int toBits, boolean pad) {
        int acc = 0;
        int bits = 0;
        int maxv = (1 << toBits) - 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length * fromBits / toBits + 1);
        for (byte b : in) {
            int value = b & 0xff;
            acc = (acc << fromBits) | value;
            bits += fromBits;
            while (bits >= toBits) {
                bits -= toBits;
                out.write((acc >>> bits) & maxv);
            }
            acc &= (1 << bits) - 1;
        }
        if (pad) {
            if (bits > 0) out.write((acc << (toBits - bits)) & maxv);
        } else if (bits >= fromBits) {
            throw new IllegalArgumentException("the data ends in " + bits + " padding bits; BIP-173 allows at most " + (fromBits - 1));
        } else if (acc != 0) {
            throw new IllegalArgumentException("the padding bits at the end of the data are not zero");
        }
        return out.toByteArray();
    }
}
