package io.peerset.bench;

import io.peerset.api.spi.Bound;
import io.peerset.api.spi.FingerprintAccumulator;
import io.peerset.api.spi.SyncView;

/**
 * An immutable SyncView over primitive arrays, compact enough for millions of items:
 * ids as four big-endian 64-bit words (so unsigned word order is byte order), prefix
 * sums of the ids as four little-endian 64-bit limbs. count, sum and nth are binary
 * searches; forEach visits only the items asked for.
 */
final class PackedSyncView implements SyncView {
    private final int n;
    private final long[] timestamps;
    private final long[] idWords;   // 4 per item, big-endian words
    private final long[] prefixSum; // 4 per position 0..n, little-endian limbs

    /** @param timestamps sorted with ids; @param ids 32 bytes each, in (timestamp, id) order, no duplicates */
    PackedSyncView(long[] timestamps, byte[][] ids) {
        this.n = timestamps.length;
        this.timestamps = timestamps;
        this.idWords = new long[4 * n];
        this.prefixSum = new long[4 * (n + 1)];
        for (int i = 0; i < n; i++) {
            byte[] id = ids[i];
            long carry = 0;
            for (int w = 0; w < 4; w++) {
                long be = 0;
                long le = 0;
                for (int j = 0; j < 8; j++) {
                    be = (be << 8) | (id[w * 8 + j] & 0xffL);
                    le |= (id[w * 8 + j] & 0xffL) << (8 * j);
                }
                idWords[4 * i + w] = be;
                long a = prefixSum[4 * i + w];
                long s = a + le;
                long c1 = Long.compareUnsigned(s, a) < 0 ? 1 : 0;
                long s2 = s + carry;
                long c2 = Long.compareUnsigned(s2, s) < 0 ? 1 : 0;
                prefixSum[4 * (i + 1) + w] = s2;
                carry = c1 | c2;
            }
            if (i > 0 && compareItems(i - 1, i) >= 0) {
                throw new IllegalArgumentException("items must be sorted and distinct; item " + i + " is not above item " + (i - 1));
            }
        }
    }

    private int compareItems(int a, int b) {
        int c = Long.compare(timestamps[a], timestamps[b]);
        for (int w = 0; c == 0 && w < 4; w++) {
            c = Long.compareUnsigned(idWords[4 * a + w], idWords[4 * b + w]);
        }
        return c;
    }

    /** Index of the first item at or above the bound. */
    private int index(Bound b) {
        long ts = b.timestamp();
        byte[] id = b.id();
        long[] words = new long[4];
        for (int w = 0; w < 4; w++) {
            for (int j = 0; j < 8; j++) {
                words[w] = (words[w] << 8) | (id[w * 8 + j] & 0xffL);
            }
        }
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            int c = Long.compare(timestamps[mid], ts);
            for (int w = 0; c == 0 && w < 4; w++) {
                c = Long.compareUnsigned(idWords[4 * mid + w], words[w]);
            }
            if (c < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private byte[] id(int i) {
        byte[] out = new byte[32];
        for (int w = 0; w < 4; w++) {
            long v = idWords[4 * i + w];
            for (int j = 7; j >= 0; j--) {
                out[w * 8 + j] = (byte) v;
                v >>>= 8;
            }
        }
        return out;
    }

    @Override public long count(Bound lower, Bound upper) {
        return Math.max(0, index(upper) - index(lower));
    }

    @Override public FingerprintAccumulator sum(Bound lower, Bound upper) {
        int lo = index(lower);
        int hi = Math.max(lo, index(upper));
        byte[] sum = new byte[32];
        long borrow = 0;
        for (int w = 0; w < 4; w++) {
            long a = prefixSum[4 * hi + w];
            long b = prefixSum[4 * lo + w];
            long d = a - b;
            long b1 = Long.compareUnsigned(a, b) < 0 ? 1 : 0;
            long d2 = d - borrow;
            long b2 = Long.compareUnsigned(d, borrow) < 0 ? 1 : 0;
            borrow = b1 | b2;
            for (int j = 0; j < 8; j++) {
                sum[w * 8 + j] = (byte) (d2 >>> (8 * j));
            }
        }
        return FingerprintAccumulator.of(sum, hi - lo);
    }

    @Override public Bound nth(Bound lower, long k) {
        long i = index(lower) + k;
        return i >= n ? Bound.MAX : Bound.at(timestamps[(int) i], id((int) i));
    }

    @Override public void forEach(Bound lower, Bound upper, ItemVisitor visitor) {
        int hi = index(upper);
        for (int i = index(lower); i < hi; i++) {
            if (!visitor.visit(timestamps[i], id(i))) {
                return;
            }
        }
    }

    @Override public long size() {
        return n;
    }
}
