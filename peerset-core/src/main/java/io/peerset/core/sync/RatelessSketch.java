package io.peerset.core.sync;

import java.util.ArrayList;
import java.util.List;

/**
 * A growable prefix of the coded symbols of a rateless invertible Bloom lookup table
 * (Yang, Gilad, Alizadeh, "Practical Rateless Set Reconciliation", SIGCOMM 2024).
 *
 * <p>Items are 16-byte keys {@code (k0, k1)}. Coded symbol {@code i} holds the xor of the
 * keys mapped to it, the xor of their 64-bit checksums and their signed count. Every
 * item maps to symbol 0; after index {@code j} its next index is
 * {@code j + ceil((j + 1.5) * (1 / sqrt(u) - 1))} with {@code u} uniform in (0, 1] drawn
 * from a per-item generator seeded by the item's checksum, so an item appears in symbol
 * {@code i} with probability about {@code 1 / (1 + i / 2)} and in O(log m) of the first m.
 *
 * <p>Decoding: subtract the local sketch from the remote one ({@link #subtract}), then
 * {@link #peel} symbols whose count is +1 or -1 and whose checksum matches their key.
 * Items recovered are remembered so that symbols appended later can be cleaned of them.
 * Not thread-safe.
 */
public final class RatelessSketch {
    /** Length of an item key in bytes. */
    public static final int KEY_BYTES = 16;

    private final long salt;
    private long[] key0;
    private long[] key1;
    private long[] sums;
    private long[] counts;
    private int size;

    private final List<long[]> recovered = new ArrayList<>(); // {k0, k1, sign}

    public RatelessSketch(long salt) {
        this.salt = salt;
        int initial = 64;
        key0 = new long[initial];
        key1 = new long[initial];
        sums = new long[initial];
        counts = new long[initial];
    }

    /** Number of coded symbols held. */
    public int size() {
        return size;
    }

    public long salt() {
        return salt;
    }

    public long key0(int i) { return key0[check(i)]; }

    public long key1(int i) { return key1[check(i)]; }

    public long checksum(int i) { return sums[check(i)]; }

    public long count(int i) { return counts[check(i)]; }

    private int check(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("symbol " + i + " of " + size);
        }
        return i;
    }

    /** The salted 64-bit checksum of a key (also the seed of its index generator). */
    public static long checksum(long salt, long k0, long k1) {
        long h = mix(k0 ^ salt);
        h = mix(h ^ k1 ^ 0x6a09e667f3bcc909L);
        return mix(h + salt);
    }

    /** SplitMix64 finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** Reads the first 16 bytes of an id (big-endian) as key halves. */
    public static long key0(byte[] id) {
        return readLong(id, 0);
    }

    public static long key1(byte[] id) {
        return readLong(id, 8);
    }

    static long readLong(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xffL);
        }
        return v;
    }

    static void writeLong(byte[] b, int off, long v) {
        for (int i = 7; i >= 0; i--) {
            b[off + i] = (byte) v;
            v >>>= 8;
        }
    }

    /** Walks the symbol indices of one item. */
    static final class IndexWalk {
        private long state;
        private long index;

        IndexWalk(long seed) {
            this.state = seed;
            this.index = 0;
        }

        long index() {
            return index;
        }

        /** Advances to the next index (may exceed int range; callers stop at their bound). */
        void next() {
            state += 0x9e3779b97f4a7c15L;
            long r = mix(state);
            double u = ((r >>> 11) + 1) * 0x1.0p-53; // (0, 1]
            double gap = Math.ceil((index + 1.5) * (1.0 / Math.sqrt(u) - 1.0));
            if (gap < 1) {
                gap = 1;
            }
            index = gap >= 1e15 ? Long.MAX_VALUE / 2 : index + (long) gap;
        }
    }

    /** Grows the sketch to {@code newSize} zero symbols (nothing added yet to the new ones). */
    public void grow(int newSize) {
        if (newSize < size) {
            throw new IllegalArgumentException("cannot shrink a sketch from " + size + " to " + newSize);
        }
        if (newSize > key0.length) {
            int cap = Math.max(newSize, key0.length * 2);
            key0 = java.util.Arrays.copyOf(key0, cap);
            key1 = java.util.Arrays.copyOf(key1, cap);
            sums = java.util.Arrays.copyOf(sums, cap);
            counts = java.util.Arrays.copyOf(counts, cap);
        }
        size = newSize;
    }

    /** Adds (sign +1) or removes (sign -1) one item in symbols {@code [from, size)}. */
    public void add(long k0, long k1, long sign, int from) {
        long sum = checksum(salt, k0, k1);
        IndexWalk walk = new IndexWalk(sum);
        while (walk.index() < from) {
            walk.next();
        }
        while (walk.index() < size) {
            int i = (int) walk.index();
            key0[i] ^= k0;
            key1[i] ^= k1;
            sums[i] ^= sum;
            counts[i] += sign;
            walk.next();
        }
    }

    /** Sets symbol {@code i} (used when receiving a remote sketch). */
    public void set(int i, long k0, long k1, long sum, long count) {
        check(i);
        key0[i] = k0;
        key1[i] = k1;
        sums[i] = sum;
        counts[i] = count;
    }

    /** Subtracts symbols {@code [from, size)} of {@code local} (same salt, at least as long). */
    public void subtract(RatelessSketch local, int from) {
        if (local.salt != salt || local.size < size) {
            throw new IllegalArgumentException("local sketch must share the salt and hold at least " + size + " symbols");
        }
        for (int i = from; i < size; i++) {
            key0[i] ^= local.key0[i];
            key1[i] ^= local.key1[i];
            sums[i] ^= local.sums[i];
            counts[i] -= local.counts[i];
        }
    }

    /**
     * Removes the items already recovered from symbols {@code [from, size)}, then peels
     * every pure symbol. Recovered items accumulate in {@link #recovered()}.
     *
     * @param maxItems stop once this many items are recovered (a hostile sketch can claim many)
     * @return true when every symbol is empty (the difference is fully recovered)
     */
    public boolean peel(int from, int maxItems) {
        for (long[] item : recovered) {
            add(item[0], item[1], -item[2], from);
        }
        int[] queue = new int[Math.max(16, size - from)];
        int head = 0;
        int tail = 0;
        for (int i = from; i < size; i++) {
            if (isPure(i)) {
                queue = push(queue, tail++, i);
            }
        }
        // symbols before 'from' were already peeled as far as possible; only new ones can start a chain
        while (head < tail) {
            int i = queue[head++];
            if (!isPure(i)) {
                continue;
            }
            if (recovered.size() >= maxItems) {
                return false;
            }
            long k0 = key0[i];
            long k1 = key1[i];
            long sign = counts[i];
            long sum = sums[i];
            recovered.add(new long[] {k0, k1, sign});
            IndexWalk walk = new IndexWalk(sum);
            while (walk.index() < size) {
                int j = (int) walk.index();
                key0[j] ^= k0;
                key1[j] ^= k1;
                sums[j] ^= sum;
                counts[j] -= sign;
                if (isPure(j)) {
                    queue = push(queue, tail++, j);
                }
                walk.next();
            }
        }
        for (int i = 0; i < size; i++) {
            if (key0[i] != 0 || key1[i] != 0 || sums[i] != 0 || counts[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static int[] push(int[] queue, int at, int value) {
        if (at == queue.length) {
            queue = java.util.Arrays.copyOf(queue, queue.length * 2);
        }
        queue[at] = value;
        return queue;
    }

    private boolean isPure(int i) {
        long c = counts[i];
        return (c == 1 || c == -1) && sums[i] == checksum(salt, key0[i], key1[i]);
    }

    /**
     * Estimates how many items remain mixed in the (peeled) symbols from which of them are
     * empty: symbol {@code i >= 1} stays empty with probability {@code (1 - 1/(1 + i/2))^r}
     * for r remaining items; returns the maximum-likelihood r on a geometric grid up to
     * {@code limit} (when every symbol is busy the likelihood keeps growing and the limit is
     * returned). With fewer than 5% of the symbols empty, the counts give a moment estimate
     * instead (at least {@code limit}).
     */
    public long estimateRemaining(long limit) {
        int m = size;
        boolean anyBusy = false;
        boolean[] empty = new boolean[m];
        for (int i = 0; i < m; i++) {
            empty[i] = key0[i] == 0 && key1[i] == 0 && sums[i] == 0 && counts[i] == 0;
            anyBusy |= !empty[i];
        }
        if (!anyBusy) {
            return 0;
        }
        int empties = 0;
        for (int i = 1; i < m; i++) {
            empties += empty[i] ? 1 : 0;
        }
        if (empties * 20 < m) {
            // too few empty symbols for the likelihood: use the counts. With S = count of symbol 0
            // (every item is there), E[c_i^2] = r p_i + (S^2 - r) p_i^2, so
            // r = sum(c_i^2 - S^2 p_i^2) / sum(p_i - p_i^2)
            double s0 = counts[0];
            double num = 0;
            double den = 0;
            for (int i = 1; i < m; i++) {
                double p = 1.0 / (1.0 + i / 2.0);
                double c = counts[i];
                num += c * c - s0 * s0 * p * p;
                den += p - p * p;
            }
            double r = den > 0 ? num / den : 0;
            return (long) Math.max(Math.abs(s0), Math.min(Math.max(r, limit), 1e12));
        }
        double[] logStay = new double[m];
        for (int i = 1; i < m; i++) {
            logStay[i] = Math.log1p(-1.0 / (1.0 + i / 2.0));
        }
        long best = 1;
        double bestLl = Double.NEGATIVE_INFINITY;
        for (double r = 1; r <= limit; r = Math.max(r + 1, r * 1.05)) {
            double ll = 0;
            for (int i = 1; i < m; i++) {
                double stay = r * logStay[i];
                ll += empty[i] ? stay : Math.log(-Math.expm1(stay));
            }
            if (ll > bestLl) {
                bestLl = ll;
                best = (long) r;
            }
        }
        return best;
    }

    /** Items recovered so far: {k0, k1, sign}; sign +1 = only in the remote set, -1 = only in the local one. */
    public List<long[]> recovered() {
        return recovered;
    }
}
