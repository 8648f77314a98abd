package io.peerset.api.spi;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Negentropy v1 fingerprint arithmetic: the sum of 32-byte ids as little-endian
 * 256-bit integers modulo 2^256, and the fingerprint
 * {@code SHA-256(sum ‖ varint(count))[0..16)}. The sum is additive, so stores keep
 * partial sums in a tree and combine them in O(log n). Mutable, not thread-safe.
 */
public final class FingerprintAccumulator {
    private final long[] limbs = new long[4]; // little-endian 64-bit limbs
    private long count;

    /**
     * Adds one id (32 bytes).
     *
     * @param id the 32-byte id
     * @return this accumulator
     */
    public FingerprintAccumulator add(byte[] id) {
        addLimbs(id, false);
        count++;
        return this;
    }

    /**
     * Removes one id previously added.
     *
     * @param id the 32-byte id
     * @return this accumulator
     */
    public FingerprintAccumulator subtract(byte[] id) {
        addLimbs(id, true);
        count--;
        return this;
    }

    /**
     * Adds another accumulator's sum and count.
     *
     * @param other the accumulator to add (not modified)
     * @return this accumulator
     */
    public FingerprintAccumulator add(FingerprintAccumulator other) {
        long carry = 0;
        for (int i = 0; i < 4; i++) {
            long a = limbs[i];
            long b = other.limbs[i];
            long s = a + b;
            long c1 = Long.compareUnsigned(s, a) < 0 ? 1 : 0;
            long s2 = s + carry;
            long c2 = Long.compareUnsigned(s2, s) < 0 ? 1 : 0;
            limbs[i] = s2;
            carry = c1 | c2;
        }
        count += other.count;
        return this;
    }

    /**
     * Subtracts another accumulator's sum and count.
     *
     * @param other the accumulator to subtract (not modified)
     * @return this accumulator
     */
    public FingerprintAccumulator subtract(FingerprintAccumulator other) {
        long borrow = 0;
        for (int i = 0; i < 4; i++) {
            long a = limbs[i];
            long b = other.limbs[i];
            long d = a - b;
            long b1 = Long.compareUnsigned(a, b) < 0 ? 1 : 0;
            long d2 = d - borrow;
            long b2 = Long.compareUnsigned(d, borrow) < 0 ? 1 : 0;
            limbs[i] = d2;
            borrow = b1 | b2;
        }
        count -= other.count;
        return this;
    }

    private void addLimbs(byte[] id, boolean negate) {
        if (id.length != 32) {
            throw new IllegalArgumentException("ids are 32 bytes; got " + id.length);
        }
        FingerprintAccumulator tmp = new FingerprintAccumulator();
        for (int i = 0; i < 4; i++) {
            long v = 0;
            for (int j = 7; j >= 0; j--) {
                v = (v << 8) | (id[i * 8 + j] & 0xffL);
            }
            tmp.limbs[i] = v;
        }
        long savedCount = count;
        if (negate) {
            subtract(tmp);
        } else {
            add(tmp);
        }
        count = savedCount;
    }

    /** {@return the number of ids summed} */
    public long count() { return count; }

    /** {@return the 32-byte little-endian sum (a fresh array)} */
    public byte[] sum() {
        byte[] out = new byte[32];
        for (int i = 0; i < 4; i++) {
            long v = limbs[i];
            for (int j = 0; j < 8; j++) {
                out[i * 8 + j] = (byte) (v >>> (8 * j));
            }
        }
        return out;
    }

    /**
     * Restores a sum and count (e.g. read back from disk).
     *
     * @param sum32 the 32-byte little-endian sum, as {@link #sum()} gives it
     * @param count the number of ids summed
     * @return a new accumulator
     */
    public static FingerprintAccumulator of(byte[] sum32, long count) {
        FingerprintAccumulator a = new FingerprintAccumulator();
        for (int i = 0; i < 4; i++) {
            long v = 0;
            for (int j = 7; j >= 0; j--) {
                v = (v << 8) | (sum32[i * 8 + j] & 0xffL);
            }
            a.limbs[i] = v;
        }
        a.count = count;
        return a;
    }

    /** {@return an independent copy of this accumulator} */
    public FingerprintAccumulator copy() {
        FingerprintAccumulator a = new FingerprintAccumulator();
        System.arraycopy(limbs, 0, a.limbs, 0, 4);
        a.count = count;
        return a;
    }

    /** {@return the 16-byte Negentropy fingerprint of this sum and count} */
    public byte[] fingerprint() {
        byte[] varint = varint(count);
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
        md.update(sum());
        md.update(varint);
        byte[] full = md.digest();
        byte[] out = new byte[16];
        System.arraycopy(full, 0, out, 0, 16);
        return out;
    }

    /**
     * Negentropy varint: base-128, most significant group first, high bit set on all but the last byte.
     *
     * @param n a non-negative number
     * @return the encoded bytes
     */
    public static byte[] varint(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("varint of a negative number: " + n);
        }
        byte[] tmp = new byte[10];
        int i = tmp.length;
        do {
            tmp[--i] = (byte) (n & 0x7f);
            n >>>= 7;
        } while (n != 0);
        for (int j = i; j < tmp.length - 1; j++) {
            tmp[j] |= (byte) 0x80;
        }
        byte[] out = new byte[tmp.length - i];
        System.arraycopy(tmp, i, out, 0, out.length);
        return out;
    }
}
