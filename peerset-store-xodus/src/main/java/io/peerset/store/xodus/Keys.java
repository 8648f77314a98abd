package io.peerset.store.xodus;

import io.peerset.api.spi.Bound;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import jetbrains.exodus.ArrayByteIterable;
import jetbrains.exodus.ByteIterable;

/**
 * Key layouts of the Xodus stores. Every multi-byte number is big-endian so that
 * Xodus' unsigned lexicographic key order is the numeric order.
 *
 * <ul>
 *   <li>item key (40 bytes): {@code created_at(8) ‖ id(32)}, the reconciliation order;</li>
 *   <li>author key (72 bytes): {@code pubkey(32) ‖ item key};</li>
 *   <li>kind key (42 bytes): {@code kind(2) ‖ item key};</li>
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

    static byte[] authorKey(byte[] pubkey, long createdAt, byte[] id) {
        byte[] k = new byte[72];
        System.arraycopy(pubkey, 0, k, 0, 32);
        putLong(k, 32, createdAt);
        System.arraycopy(id, 0, k, 40, 32);
        return k;
    }

    static byte[] kindKey(int kind, long createdAt, byte[] id) {
        byte[] k = new byte[42];
        k[0] = (byte) (kind >>> 8);
        k[1] = (byte) kind;
        putLong(k, 2, createdAt);
        System.arraycopy(id, 0, k, 10, 32);
        return k;
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

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
