package io.peerset.store.xodus;

import io.peerset.api.spi.Bound;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import jetbrains.exodus.ArrayByteIterable;
import jetbrains.exodus.ByteIterable;

/**
 * Key layouts of the Xodus stores. Every multi-byte number is big-endian so that
 * Xodus' unsigned lexicographic key order is the numeric order.
 *
 * <ul>
 *   <li>item key (40 bytes): {@code created_at(8) ‖ id(32)}, the reconciliation order;</li>
 *   <li>author key (72 bytes): {@code pubkey(32) ‖ item key}; author count key (33 bytes):
 *       {@code pubkey ‖ 0xFF}, after all of the author's keys and a prefix of none
 *       (a created_at below 2^63 never starts with 0xFF);</li>
 *   <li>tag key (48 bytes): {@code h(8) ‖ item key}, {@code h} = the first 8 bytes of
 *       SHA-256({@code name ‖ 0x00 ‖ value}) of an indexed single-letter tag;</li>
 *   <li>address key: {@code kind(2) ‖ pubkey(32) ‖ d}, where {@code d} is its UTF-8
 *       bytes when short, else {@code 0xFF ‖ SHA-256(d)} (UTF-8 never contains 0xFF).</li>
 * </ul>
 */
final class Keys {
    static final int ITEM_KEY_BYTES = 40;
    /** Longest d tag kept verbatim in an address key. */
    private static final int MAX_RAW_D_BYTES = 96;

    private Keys() {}

    static byte[] itemKey(long createdAt, byte[] id) {
        byte[] k = new byte[ITEM_KEY_BYTES];
        putLong(k, 0, createdAt);
        System.arraycopy(id, 0, k, 8, 32);
        return k;
    }

    static byte[] itemKey(Bound bound) {
        return itemKey(bound.timestamp(), bound.id());
    }

    static long itemTimestamp(byte[] itemKey, int offset) {
        return getLong(itemKey, offset);
    }

    static byte[] itemId(byte[] itemKey, int offset) {
        return Arrays.copyOfRange(itemKey, offset + 8, offset + 40);
    }

    static byte[] authorCountKey(byte[] pubkey) {
        byte[] k = Arrays.copyOf(pubkey, 33);
        k[32] = (byte) 0xFF;
        return k;
    }

    static byte[] authorKey(byte[] pubkey, long createdAt, byte[] id) {
        byte[] k = new byte[72];
        System.arraycopy(pubkey, 0, k, 0, 32);
        putLong(k, 32, createdAt);
        System.arraycopy(id, 0, k, 40, 32);
        return k;
    }

    /** Bytes of the tag-value hash that prefixes a tag key. */
    static final int TAG_HASH_BYTES = 8;

    /** The prefix of every tag key of one (name, value). */
    static byte[] tagPrefix(String name, String value) {
        MessageDigest md = SHA256.get();
        md.update(name.getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
        md.update(value.getBytes(StandardCharsets.UTF_8));
        return Arrays.copyOf(md.digest(), TAG_HASH_BYTES);
    }

    /** The tag keys of a record: one per distinct (name, value) pair of its tags whose name is in {@code indexed}. */
    static List<byte[]> tagKeys(io.peerset.api.SignedRecord r, byte[] itemKey, Set<String> indexed) {
        List<List<String>> tags = r.tags();
        if (tags.isEmpty() || indexed.isEmpty()) {
            return List.of();
        }
        List<byte[]> out = new ArrayList<>(tags.size());
        Set<String> seen = tags.size() > 1 ? new HashSet<>() : null;
        for (List<String> t : tags) {
            if (t.size() < 2 || !indexed.contains(t.get(0)) || (seen != null && !seen.add(t.get(0) + '\0' + t.get(1)))) {
                continue;
            }
            byte[] k = new byte[TAG_HASH_BYTES + ITEM_KEY_BYTES];
            System.arraycopy(tagPrefix(t.get(0), t.get(1)), 0, k, 0, TAG_HASH_BYTES);
            System.arraycopy(itemKey, 0, k, TAG_HASH_BYTES, ITEM_KEY_BYTES);
            out.add(k);
        }
        return out;
    }

    static byte[] addressKey(int kind, byte[] pubkey, String d) {
        byte[] dBytes = d.getBytes(StandardCharsets.UTF_8);
        if (dBytes.length > MAX_RAW_D_BYTES) {
            byte[] h = sha256(dBytes);
            dBytes = new byte[33];
            dBytes[0] = (byte) 0xFF;
            System.arraycopy(h, 0, dBytes, 1, 32);
        }
        byte[] k = new byte[34 + dBytes.length];
        k[0] = (byte) (kind >>> 8);
        k[1] = (byte) kind;
        System.arraycopy(pubkey, 0, k, 2, 32);
        System.arraycopy(dBytes, 0, k, 34, dBytes.length);
        return k;
    }

    private static final byte[] HEX_VALUE = new byte[128];

    static {
        java.util.Arrays.fill(HEX_VALUE, (byte) -1);
        for (int i = 0; i < 10; i++) {
            HEX_VALUE['0' + i] = (byte) i;
        }
        for (int i = 0; i < 6; i++) {
            HEX_VALUE['a' + i] = (byte) (10 + i);
            HEX_VALUE['A' + i] = (byte) (10 + i);
        }
    }

    /**
     * Bytes of a hex string a {@link io.peerset.api.SignedRecord} already validated (a table
     * lookup per digit: on the write path this is measurably cheaper than {@code Hex.decode}).
     *
     * @throws IllegalArgumentException on an odd length or a non-hex character
     */
    static byte[] hex(String s) {
        int n = s.length();
        if ((n & 1) != 0) {
            throw new IllegalArgumentException("hex string must have an even length; got " + n);
        }
        byte[] out = new byte[n >>> 1];
        for (int i = 0, j = 0; i < n; i += 2, j++) {
            char a = s.charAt(i);
            char b = s.charAt(i + 1);
            int hi = a < 128 ? HEX_VALUE[a] : -1;
            int lo = b < 128 ? HEX_VALUE[b] : -1;
            if ((hi | lo) < 0) {
                throw new IllegalArgumentException("not a hex character at position " + (hi < 0 ? i : i + 1));
            }
            out[j] = (byte) ((hi << 4) | lo);
        }
        return out;
    }

    static void putLong(byte[] b, int off, long v) {
        for (int i = 7; i >= 0; i--) {
            b[off + i] = (byte) v;
            v >>>= 8;
        }
    }

    static long getLong(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xffL);
        }
        return v;
    }

    static byte[] longBytes(long v) {
        byte[] b = new byte[8];
        putLong(b, 0, v);
        return b;
    }

    /** The bytes of a Xodus key or value, as an exact-length array. */
    static byte[] bytes(ByteIterable it) {
        byte[] raw = it.getBytesUnsafe();
        int n = it.getLength();
        return raw.length == n ? raw : Arrays.copyOf(raw, n);
    }

    static ArrayByteIterable wrap(byte[] b) {
        return new ArrayByteIterable(b);
    }

    /** True if the first {@code nibbles} 4-bit digits of two item keys are equal. */
    static boolean samePrefix(byte[] a, byte[] b, int nibbles) {
        int full = nibbles >>> 1;
        if (Arrays.compare(a, 0, full, b, 0, full) != 0) {
            return false;
        }
        return (nibbles & 1) == 0 || ((a[full] ^ b[full]) & 0xF0) == 0;
    }

    /** A copy of an item key with every nibble from position {@code nibbles} on set to zero. */
    static byte[] zeroFrom(byte[] key, int nibbles) {
        byte[] out = new byte[key.length];
        int full = nibbles >>> 1;
        System.arraycopy(key, 0, out, 0, full);
        if ((nibbles & 1) == 1) {
            out[full] = (byte) (key[full] & 0xF0);
        }
        return out;
    }

    /** One digest per thread: looking a provider up per call costs more than hashing a tag. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    });

    static byte[] sha256(byte[] data) {
        return SHA256.get().digest(data); // digest() also resets it
    }
}
