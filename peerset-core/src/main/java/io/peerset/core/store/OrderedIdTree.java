package io.peerset.core.store;

import io.peerset.api.spi.Bound;
import io.peerset.api.spi.FingerprintAccumulator;
import io.peerset.api.spi.SyncView;

/**
 * An in-memory B+tree over {@code (createdAt, 32-byte id)} items in {@link Bound}
 * order, augmented with per-subtree item counts and (optionally) 256-bit id sums, so
 * that every {@link SyncView} query is O(log n): rank, count, Negentropy sum and
 * fingerprint of any range, and the k-th item. Inserts and deletes update the
 * partial sums along one root-to-leaf path; nothing is ever rebuilt.
 *
 * <p>Storage is primitive arrays, nothing boxed: a leaf holds up to
 * {@value #DEFAULT_LEAF_MAX} items as a {@code long[]} of timestamps and a
 * {@code long[]} of ids (four big-endian longs each, so unsigned long comparison is
 * byte order); an inner node holds, per child, the separator key, the child's item
 * count and the child's id sum (four little-endian 64-bit limbs). Leaves are linked
 * both ways for range scans. Appending at the high end (records arriving in time
 * order) splits unevenly so that leaves stay full.
 *
 * <p>Not thread-safe: the owning store guards it with its lock.
 */
public final class OrderedIdTree implements SyncView {
    static final int DEFAULT_LEAF_MAX = 64;
    static final int DEFAULT_INNER_MAX = 32;
    private static final int MIN_LEAF_CAPACITY = 4;

    private final boolean summed;
    private final int leafMax;
    private final int leafMin;
    private final int innerMax;
    private final int innerMin;

    private Node root;
    private long size;
    private final long[] total = new long[4];

    // scratch for the insert path (single-threaded by contract)
    private boolean changed;
    private long sepTs;
    private final long[] sepId = new long[4];

    /** A tree that keeps id sums, for reconciliation. */
    public OrderedIdTree() {
        this(true);
    }

    /**
     * @param summed whether to keep the 256-bit id sums; an index that only needs
     *     order and counts (e.g. records per author) saves the memory by passing false,
     *     and then {@link #sum}/{@link #fingerprint} throw
     */
    public OrderedIdTree(boolean summed) {
        this(summed, DEFAULT_LEAF_MAX, DEFAULT_INNER_MAX);
    }

    /** Node sizes are parameters so tests can force deep trees with few items. */
    OrderedIdTree(boolean summed, int leafMax, int innerMax) {
        if (leafMax < 4 || innerMax < 4) {
            throw new IllegalArgumentException("node capacities must be at least 4; got leaf " + leafMax + ", inner " + innerMax);
        }
        this.summed = summed;
        this.leafMax = leafMax;
        this.leafMin = leafMax / 4;
        this.innerMax = innerMax;
        this.innerMin = Math.max(2, innerMax / 4);
        this.root = new Leaf(MIN_LEAF_CAPACITY);
    }

    // ------------------------------------------------------------------ nodes

    private abstract static class Node {
        int n;
    }

    private static final class Leaf extends Node {
        long[] ts;
        long[] ids; // 4 big-endian longs per item
        Leaf prev;
        Leaf next;

        Leaf(int capacity) {
            ts = new long[capacity];
            ids = new long[4 * capacity];
        }

        void ensureCapacity(int want, int max) {
            if (ts.length >= want) {
                return;
            }
            int cap = Math.min(max, Math.max(want, ts.length * 2));
            ts = java.util.Arrays.copyOf(ts, cap);
            ids = java.util.Arrays.copyOf(ids, 4 * cap);
        }
    }

    private static final class Inner extends Node {
        final Node[] kids;
        final long[] counts;
        final long[] sums; // 4 little-endian limbs per child, or null when not summed
        final long[] keyTs; // keyTs[i], keyId[4i..]: every item of kids[i] is >= this key, every item of kids[i-1] below it (i >= 1)
        final long[] keyId;

        Inner(int capacity, boolean summed) {
            kids = new Node[capacity];
            counts = new long[capacity];
            sums = summed ? new long[4 * capacity] : null;
            keyTs = new long[capacity];
            keyId = new long[4 * capacity];
        }
    }

    // ------------------------------------------------------------------ public operations

    /** Number of items. */
    @Override
    public long size() {
        return size;
    }

    /** Adds an item; false if it was already there. */
    public boolean add(long createdAt, byte[] id) {
        long[] key = key(id);
        return add(createdAt, key);
    }

    /** Removes an item; false if it was not there. */
    public boolean remove(long createdAt, byte[] id) {
        return remove(createdAt, key(id));
    }

    /** True if the item is present. */
    public boolean contains(long createdAt, byte[] id) {
        long[] key = key(id);
        Node node = root;
        while (node instanceof Inner) {
            Inner in = (Inner) node;
            node = in.kids[childIndex(in, createdAt, key)];
        }
        Leaf leaf = (Leaf) node;
        int p = lowerBound(leaf, createdAt, key);
        return p < leaf.n && compareItem(leaf, p, createdAt, key) == 0;
    }

    /** Removes every item. */
    public void clear() {
        root = new Leaf(MIN_LEAF_CAPACITY);
        size = 0;
        java.util.Arrays.fill(total, 0);
    }

    @Override
    public long count(Bound lower, Bound upper) {
        if (lower.compareTo(upper) >= 0) {
            return 0;
        }
        return rank(upper.timestamp(), key(upper.id())) - rank(lower.timestamp(), key(lower.id()));
    }

    @Override
    public FingerprintAccumulator sum(Bound lower, Bound upper) {
        requireSummed();
        if (lower.compareTo(upper) >= 0) {
            return new FingerprintAccumulator();
        }
        long[] hi = new long[4];
        long[] lo = new long[4];
        long hiCount = prefixSum(upper.timestamp(), key(upper.id()), hi);
        long loCount = prefixSum(lower.timestamp(), key(lower.id()), lo);
        sub(hi, 0, lo, 0);
        return FingerprintAccumulator.of(limbsToBytes(hi), hiCount - loCount);
    }

    @Override
    public Bound nth(Bound lower, long k) {
        if (k < 0) {
            throw new IllegalArgumentException("nth needs a non-negative position; got " + k);
        }
        long r = rank(lower.timestamp(), key(lower.id())) + k;
        if (r >= size) {
            return Bound.MAX;
        }
        Node node = root;
        while (node instanceof Inner) {
            Inner in = (Inner) node;
            int i = 0;
            while (r >= in.counts[i]) {
                r -= in.counts[i];
                i++;
            }
            node = in.kids[i];
        }
        Leaf leaf = (Leaf) node;
        int p = (int) r;
        return Bound.at(leaf.ts[p], idBytes(leaf.ids, 4 * p));
    }

    @Override
    public void forEach(Bound lower, Bound upper, ItemVisitor visitor) {
        if (lower.compareTo(upper) >= 0) {
            return;
        }
        long[] lk = key(lower.id());
        long uts = upper.timestamp();
        long[] uk = key(upper.id());
        Leaf leaf = leafFor(lower.timestamp(), lk);
        int p = lowerBound(leaf, lower.timestamp(), lk);
        while (leaf != null) {
            for (; p < leaf.n; p++) {
                if (compareItem(leaf, p, uts, uk) >= 0) {
                    return;
                }
                if (!visitor.visit(leaf.ts[p], idBytes(leaf.ids, 4 * p))) {
                    return;
                }
            }
            leaf = leaf.next;
            p = 0;
        }
    }

    /**
     * Visits items with {@code since <= createdAt <= until}, newest first (highest
     * {@code (createdAt, id)} first), until the visitor returns false.
     */
    public void forEachNewestFirst(long since, long until, ItemVisitor visitor) {
        if (since > until) {
            return;
        }
        long[] ones = {-1L, -1L, -1L, -1L};
        Leaf leaf = leafFor(until, ones);
        int p = upperBound(leaf, until, ones) - 1;
        while (leaf != null) {
            for (; p >= 0; p--) {
                long t = leaf.ts[p];
                if (t < since) {
                    return;
                }
                if (!visitor.visit(t, idBytes(leaf.ids, 4 * p))) {
                    return;
                }
            }
            leaf = leaf.prev;
            if (leaf != null) {
                p = leaf.n - 1;
            }
        }
    }

    /** Sum of every id, with the total count. */
    public FingerprintAccumulator totalSum() {
        requireSummed();
        return FingerprintAccumulator.of(limbsToBytes(total), size);
    }

    // ------------------------------------------------------------------ insert

    private boolean add(long ts, long[] key) {
        long[] limbs = summed ? limbs(key) : null;
        changed = false;
        Node split = insert(root, ts, key, limbs, true);
        if (split != null) {
            Inner r = new Inner(innerMax + 1, summed);
            r.kids[0] = root;
            r.kids[1] = split;
            r.n = 2;
            r.keyTs[1] = sepTs;
            System.arraycopy(sepId, 0, r.keyId, 4, 4);
            for (int i = 0; i < 2; i++) {
                r.counts[i] = countOf(r.kids[i]);
                if (summed) {
                    sumOf(r.kids[i], r.sums, 4 * i);
                }
            }
            root = r;
        }
        return changed;
    }

    /** Inserts below node; returns a new right sibling if node split (separator in sepTs/sepId), else null. */
    private Node insert(Node node, long ts, long[] key, long[] limbs, boolean rightmost) {
        if (node instanceof Leaf) {
            return insertIntoLeaf((Leaf) node, ts, key, limbs, rightmost);
        }
        Inner in = (Inner) node;
        int i = childIndex(in, ts, key);
        Node split = insert(in.kids[i], ts, key, limbs, rightmost && i == in.n - 1);
        if (!changed) {
            return null;
        }
        in.counts[i]++;
        if (summed) {
            add(in.sums, 4 * i, limbs, 0);
        }
        if (split == null) {
            return null;
        }
        // the new right sibling of kids[i] goes at i + 1; move its share of the aggregates
        int at = i + 1;
        shiftInner(in, at, in.n, 1);
        in.kids[at] = split;
        in.keyTs[at] = sepTs;
        System.arraycopy(sepId, 0, in.keyId, 4 * at, 4);
        long c = countOf(split);
        in.counts[at] = c;
        in.counts[i] -= c;
        if (summed) {
            java.util.Arrays.fill(in.sums, 4 * at, 4 * at + 4, 0);
            sumOf(split, in.sums, 4 * at);
            sub(in.sums, 4 * i, in.sums, 4 * at);
        }
        in.n++;
        if (in.n <= innerMax) {
            return null;
        }
        // split this inner node: evenly, or (appending at the high end) keep it full
        int mid = (rightmost && at == in.n - 1) ? in.n - 1 : in.n / 2;
        Inner right = new Inner(innerMax + 1, summed);
        int moved = in.n - mid;
        System.arraycopy(in.kids, mid, right.kids, 0, moved);
        System.arraycopy(in.counts, mid, right.counts, 0, moved);
        if (summed) {
            System.arraycopy(in.sums, 4 * mid, right.sums, 0, 4 * moved);
        }
        System.arraycopy(in.keyTs, mid, right.keyTs, 0, moved);
        System.arraycopy(in.keyId, 4 * mid, right.keyId, 0, 4 * moved);
        right.n = moved;
        java.util.Arrays.fill(in.kids, mid, in.n, null);
        in.n = mid;
        sepTs = right.keyTs[0];
        System.arraycopy(right.keyId, 0, sepId, 0, 4);
        return right;
    }

    private Node insertIntoLeaf(Leaf leaf, long ts, long[] key, long[] limbs, boolean rightmost) {
        int p = lowerBound(leaf, ts, key);
        if (p < leaf.n && compareItem(leaf, p, ts, key) == 0) {
            return null;
        }
        changed = true;
        size++;
        if (summed) {
            add(total, 0, limbs, 0);
        }
        if (leaf.n < leafMax) {
            leaf.ensureCapacity(leaf.n + 1, leafMax);
            putInLeaf(leaf, p, ts, key);
            return null;
        }
        Leaf right;
        if (rightmost && p == leaf.n) {
            right = new Leaf(MIN_LEAF_CAPACITY);
        } else {
            int mid = leaf.n / 2;
            int moved = leaf.n - mid;
            right = new Leaf(Math.max(MIN_LEAF_CAPACITY, Integer.highestOneBit(moved) << 1));
            System.arraycopy(leaf.ts, mid, right.ts, 0, moved);
            System.arraycopy(leaf.ids, 4 * mid, right.ids, 0, 4 * moved);
            right.n = moved;
            leaf.n = mid;
        }
        right.prev = leaf;
        right.next = leaf.next;
        if (leaf.next != null) {
            leaf.next.prev = right;
        }
        leaf.next = right;
        if (p <= leaf.n && !(p == leaf.n && right.n == 0)) {
            putInLeaf(leaf, p, ts, key);
        } else {
            int q = p - leaf.n;
            right.ensureCapacity(right.n + 1, leafMax);
            putInLeaf(right, q, ts, key);
        }
        sepTs = right.ts[0];
        System.arraycopy(right.ids, 0, sepId, 0, 4);
        return right;
    }

    private static void putInLeaf(Leaf leaf, int p, long ts, long[] key) {
        int tail = leaf.n - p;
        System.arraycopy(leaf.ts, p, leaf.ts, p + 1, tail);
        System.arraycopy(leaf.ids, 4 * p, leaf.ids, 4 * p + 4, 4 * tail);
        leaf.ts[p] = ts;
        System.arraycopy(key, 0, leaf.ids, 4 * p, 4);
        leaf.n++;
    }

    /** Moves entries [from, to) of an inner node by delta positions (1 to open a gap, -1 to close one). */
    private void shiftInner(Inner in, int from, int to, int delta) {
        int len = to - from;
        if (len <= 0) {
            return;
        }
        System.arraycopy(in.kids, from, in.kids, from + delta, len);
        System.arraycopy(in.counts, from, in.counts, from + delta, len);
        if (summed) {
            System.arraycopy(in.sums, 4 * from, in.sums, 4 * (from + delta), 4 * len);
        }
        System.arraycopy(in.keyTs, from, in.keyTs, from + delta, len);
        System.arraycopy(in.keyId, 4 * from, in.keyId, 4 * (from + delta), 4 * len);
    }

    // ------------------------------------------------------------------ delete

    private boolean remove(long ts, long[] key) {
        long[] limbs = summed ? limbs(key) : null;
        boolean removed = delete(root, ts, key, limbs);
        while (root instanceof Inner && root.n == 1) {
            root = ((Inner) root).kids[0];
        }
        return removed;
    }

    private boolean delete(Node node, long ts, long[] key, long[] limbs) {
        if (node instanceof Leaf) {
            Leaf leaf = (Leaf) node;
            int p = lowerBound(leaf, ts, key);
            if (p >= leaf.n || compareItem(leaf, p, ts, key) != 0) {
                return false;
            }
            int tail = leaf.n - p - 1;
            System.arraycopy(leaf.ts, p + 1, leaf.ts, p, tail);
            System.arraycopy(leaf.ids, 4 * p + 4, leaf.ids, 4 * p, 4 * tail);
            leaf.n--;
            size--;
            if (summed) {
                sub(total, 0, limbs, 0);
            }
            return true;
        }
        Inner in = (Inner) node;
        int i = childIndex(in, ts, key);
        if (!delete(in.kids[i], ts, key, limbs)) {
            return false;
        }
        in.counts[i]--;
        if (summed) {
            sub(in.sums, 4 * i, limbs, 0);
        }
        Node kid = in.kids[i];
        int min = kid instanceof Leaf ? leafMin : innerMin;
        if (kid.n < min && in.n > 1) {
            rebalance(in, i == 0 ? 0 : i - 1);
        }
        return true;
    }

    /** Merges kids l and l+1 of p if they fit in one node, else shares their entries evenly. */
    private void rebalance(Inner p, int l) {
        if (p.kids[l] instanceof Leaf) {
            rebalanceLeaves(p, l);
        } else {
            rebalanceInners(p, l);
        }
    }

    private void rebalanceLeaves(Inner p, int l) {
        Leaf a = (Leaf) p.kids[l];
        Leaf b = (Leaf) p.kids[l + 1];
        int t = a.n + b.n;
        if (t <= leafMax) {
            a.ensureCapacity(t, leafMax);
            System.arraycopy(b.ts, 0, a.ts, a.n, b.n);
            System.arraycopy(b.ids, 0, a.ids, 4 * a.n, 4 * b.n);
            a.n = t;
            a.next = b.next;
            if (b.next != null) {
                b.next.prev = a;
            }
            removeEntry(p, l);
            return;
        }
        long[] ts = new long[t];
        long[] ids = new long[4 * t];
        System.arraycopy(a.ts, 0, ts, 0, a.n);
        System.arraycopy(a.ids, 0, ids, 0, 4 * a.n);
        System.arraycopy(b.ts, 0, ts, a.n, b.n);
        System.arraycopy(b.ids, 0, ids, 4 * a.n, 4 * b.n);
        int na = t / 2;
        int nb = t - na;
        a.ensureCapacity(na, leafMax);
        b.ensureCapacity(nb, leafMax);
        System.arraycopy(ts, 0, a.ts, 0, na);
        System.arraycopy(ids, 0, a.ids, 0, 4 * na);
        System.arraycopy(ts, na, b.ts, 0, nb);
        System.arraycopy(ids, 4 * na, b.ids, 0, 4 * nb);
        a.n = na;
        b.n = nb;
        p.keyTs[l + 1] = b.ts[0];
        System.arraycopy(b.ids, 0, p.keyId, 4 * (l + 1), 4);
        refreshAggregates(p, l);
    }

    private void rebalanceInners(Inner p, int l) {
        Inner a = (Inner) p.kids[l];
        Inner b = (Inner) p.kids[l + 1];
        int t = a.n + b.n;
        // b's first key is not stored in b; it is the separator in p
        b.keyTs[0] = p.keyTs[l + 1];
        System.arraycopy(p.keyId, 4 * (l + 1), b.keyId, 0, 4);
        if (t <= innerMax) {
            System.arraycopy(b.kids, 0, a.kids, a.n, b.n);
            System.arraycopy(b.counts, 0, a.counts, a.n, b.n);
            if (summed) {
                System.arraycopy(b.sums, 0, a.sums, 4 * a.n, 4 * b.n);
            }
            System.arraycopy(b.keyTs, 0, a.keyTs, a.n, b.n);
            System.arraycopy(b.keyId, 0, a.keyId, 4 * a.n, 4 * b.n);
            a.n = t;
            removeEntry(p, l);
            return;
        }
        Inner all = new Inner(t, summed);
        copyEntries(a, 0, all, 0, a.n);
        copyEntries(b, 0, all, a.n, b.n);
        int na = t / 2;
        int nb = t - na;
        java.util.Arrays.fill(a.kids, null);
        java.util.Arrays.fill(b.kids, null);
        copyEntries(all, 0, a, 0, na);
        copyEntries(all, na, b, 0, nb);
        a.n = na;
        b.n = nb;
        p.keyTs[l + 1] = b.keyTs[0];
        System.arraycopy(b.keyId, 0, p.keyId, 4 * (l + 1), 4);
        refreshAggregates(p, l);
    }

    private void copyEntries(Inner from, int fi, Inner to, int ti, int len) {
        System.arraycopy(from.kids, fi, to.kids, ti, len);
        System.arraycopy(from.counts, fi, to.counts, ti, len);
        if (summed) {
            System.arraycopy(from.sums, 4 * fi, to.sums, 4 * ti, 4 * len);
        }
        System.arraycopy(from.keyTs, fi, to.keyTs, ti, len);
        System.arraycopy(from.keyId, 4 * fi, to.keyId, 4 * ti, 4 * len);
    }

    /** After kids l and l+1 were merged into kids[l]: folds entry l+1's aggregates into l and removes it. */
    private void removeEntry(Inner p, int l) {
        p.counts[l] += p.counts[l + 1];
        if (summed) {
            add(p.sums, 4 * l, p.sums, 4 * (l + 1));
        }
        shiftInner(p, l + 2, p.n, -1);
        p.n--;
        p.kids[p.n] = null;
    }

    private void refreshAggregates(Inner p, int l) {
        for (int i = l; i <= l + 1; i++) {
            p.counts[i] = countOf(p.kids[i]);
            if (summed) {
                java.util.Arrays.fill(p.sums, 4 * i, 4 * i + 4, 0);
                sumOf(p.kids[i], p.sums, 4 * i);
            }
        }
    }

    // ------------------------------------------------------------------ search

    /** Index of the child of in whose range holds (ts, key). */
    private static int childIndex(Inner in, long ts, long[] key) {
        int lo = 1;
        int hi = in.n - 1;
        int found = 0;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (compareKey(in.keyTs, in.keyId, mid, ts, key) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** First position in leaf whose item is >= (ts, key). */
    private static int lowerBound(Leaf leaf, long ts, long[] key) {
        int lo = 0;
        int hi = leaf.n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (compareItem(leaf, mid, ts, key) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** First position in leaf whose item is > (ts, key). */
    private static int upperBound(Leaf leaf, long ts, long[] key) {
        int lo = 0;
        int hi = leaf.n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (compareItem(leaf, mid, ts, key) <= 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private Leaf leafFor(long ts, long[] key) {
        Node node = root;
        while (node instanceof Inner) {
            Inner in = (Inner) node;
            node = in.kids[childIndex(in, ts, key)];
        }
        return (Leaf) node;
    }

    /** Number of items strictly below (ts, key). */
    private long rank(long ts, long[] key) {
        long r = 0;
        Node node = root;
        while (node instanceof Inner) {
            Inner in = (Inner) node;
            int i = childIndex(in, ts, key);
            for (int j = 0; j < i; j++) {
                r += in.counts[j];
            }
            node = in.kids[i];
        }
        return r + lowerBound((Leaf) node, ts, key);
    }

    /**
     * Adds into acc the sum of the ids strictly below (ts, key) and returns their
     * number. Each node adds its left entries or subtracts its right ones from its
     * total, whichever is fewer.
     */
    private long prefixSum(long ts, long[] key, long[] acc) {
        long r = 0;
        Node node = root;
        long[] nodeTotal = total.clone();
        long nodeCount = size;
        while (node instanceof Inner) {
            Inner in = (Inner) node;
            int i = childIndex(in, ts, key);
            if (i <= in.n / 2) {
                for (int j = 0; j < i; j++) {
                    r += in.counts[j];
                    add(acc, 0, in.sums, 4 * j);
                }
            } else {
                long c = nodeCount;
                add(acc, 0, nodeTotal, 0);
                for (int j = in.n - 1; j >= i; j--) {
                    c -= in.counts[j];
                    sub(acc, 0, in.sums, 4 * j);
                }
                r += c;
            }
            System.arraycopy(in.sums, 4 * i, nodeTotal, 0, 4);
            nodeCount = in.counts[i];
            node = in.kids[i];
        }
        Leaf leaf = (Leaf) node;
        int p = lowerBound(leaf, ts, key);
        if (p <= leaf.n / 2) {
            for (int j = 0; j < p; j++) {
                addId(acc, leaf.ids, 4 * j, false);
            }
        } else {
            add(acc, 0, nodeTotal, 0);
            for (int j = leaf.n - 1; j >= p; j--) {
                addId(acc, leaf.ids, 4 * j, true);
            }
        }
        return r + p;
    }

    private static int compareItem(Leaf leaf, int p, long ts, long[] key) {
        return compareKey(leaf.ts, leaf.ids, p, ts, key);
    }

    private static int compareKey(long[] tsArr, long[] idArr, int p, long ts, long[] key) {
        int c = Long.compare(tsArr[p], ts);
        if (c != 0) {
            return c;
        }
        int o = 4 * p;
        for (int j = 0; j < 4; j++) {
            c = Long.compareUnsigned(idArr[o + j], key[j]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    // ------------------------------------------------------------------ aggregates

    private static long countOf(Node node) {
        if (node instanceof Leaf) {
            return node.n;
        }
        Inner in = (Inner) node;
        long c = 0;
        for (int i = 0; i < in.n; i++) {
            c += in.counts[i];
        }
        return c;
    }

    /** Adds the sum of every id below node into out[off..off+4). */
    private static void sumOf(Node node, long[] out, int off) {
        if (node instanceof Leaf) {
            Leaf leaf = (Leaf) node;
            long[] acc = new long[4];
            for (int j = 0; j < leaf.n; j++) {
                addId(acc, leaf.ids, 4 * j, false);
            }
            add(out, off, acc, 0);
            return;
        }
        Inner in = (Inner) node;
        for (int i = 0; i < in.n; i++) {
            add(out, off, in.sums, 4 * i);
        }
    }

    private void requireSummed() {
        if (!summed) {
            throw new UnsupportedOperationException("this tree was built without id sums (an index, not a sync view)");
        }
    }

    // ------------------------------------------------------------------ 256-bit arithmetic and conversions

    /** a[ai..ai+4) += b[bi..bi+4), little-endian limbs, modulo 2^256. */
    private static void add(long[] a, int ai, long[] b, int bi) {
        long carry = 0;
        for (int j = 0; j < 4; j++) {
            long x = a[ai + j];
            long s = x + b[bi + j];
            long c1 = Long.compareUnsigned(s, x) < 0 ? 1 : 0;
            long s2 = s + carry;
            long c2 = Long.compareUnsigned(s2, s) < 0 ? 1 : 0;
            a[ai + j] = s2;
            carry = c1 | c2;
        }
    }

    /** a[ai..ai+4) -= b[bi..bi+4), little-endian limbs, modulo 2^256. */
    private static void sub(long[] a, int ai, long[] b, int bi) {
        long borrow = 0;
        for (int j = 0; j < 4; j++) {
            long x = a[ai + j];
            long y = b[bi + j];
            long d = x - y;
            long b1 = Long.compareUnsigned(x, y) < 0 ? 1 : 0;
            long d2 = d - borrow;
            long b2 = Long.compareUnsigned(d, borrow) < 0 ? 1 : 0;
            a[ai + j] = d2;
            borrow = b1 | b2;
        }
    }

    /** acc ± the id stored as 4 big-endian longs at ids[off..off+4). */
    private static void addId(long[] acc, long[] ids, int off, boolean subtract) {
        long[] limbs = {
            Long.reverseBytes(ids[off]), Long.reverseBytes(ids[off + 1]),
            Long.reverseBytes(ids[off + 2]), Long.reverseBytes(ids[off + 3])
        };
        if (subtract) {
            sub(acc, 0, limbs, 0);
        } else {
            add(acc, 0, limbs, 0);
        }
    }

    /** The id as 4 big-endian longs: unsigned long order is unsigned byte order. */
    static long[] key(byte[] id) {
        if (id.length != 32) {
            throw new IllegalArgumentException("ids are 32 bytes; got " + id.length);
        }
        long[] k = new long[4];
        for (int j = 0; j < 4; j++) {
            long v = 0;
            for (int b = 0; b < 8; b++) {
                v = (v << 8) | (id[8 * j + b] & 0xffL);
            }
            k[j] = v;
        }
        return k;
    }

    /** Little-endian 64-bit limbs of the id (the Negentropy sum's view of it). */
    private static long[] limbs(long[] key) {
        return new long[] {
            Long.reverseBytes(key[0]), Long.reverseBytes(key[1]), Long.reverseBytes(key[2]), Long.reverseBytes(key[3])
        };
    }

    private static byte[] idBytes(long[] ids, int off) {
        byte[] out = new byte[32];
        for (int j = 0; j < 4; j++) {
            long v = ids[off + j];
            for (int b = 7; b >= 0; b--) {
                out[8 * j + b] = (byte) v;
                v >>>= 8;
            }
        }
        return out;
    }

    private static byte[] limbsToBytes(long[] limbs) {
        byte[] out = new byte[32];
        for (int j = 0; j < 4; j++) {
            long v = limbs[j];
            for (int b = 0; b < 8; b++) {
                out[8 * j + b] = (byte) (v >>> (8 * b));
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ checking (tests)

    /**
     * Verifies every structural invariant (order, separators, counts, sums, leaf links,
     * equal depth); throws IllegalStateException naming the first broken one. O(n).
     */
    void checkInvariants() {
        long[] sumAcc = new long[4];
        int[] depth = {-1};
        long counted = check(root, null, null, sumAcc, 0, depth);
        if (counted != size) {
            throw new IllegalStateException("size " + size + " but tree holds " + counted);
        }
        if (summed && !java.util.Arrays.equals(sumAcc, total)) {
            throw new IllegalStateException("total sum differs from the sum of the leaves");
        }
        // leaf chain: ascending across leaves, prev links mirror next links
        Node node = root;
        while (node instanceof Inner) {
            node = ((Inner) node).kids[0];
        }
        Leaf leaf = (Leaf) node;
        if (leaf.prev != null) {
            throw new IllegalStateException("first leaf has a prev link");
        }
        long chained = 0;
        long lastTs = -1;
        long[] lastKey = null;
        while (leaf != null) {
            for (int p = 0; p < leaf.n; p++) {
                if (lastKey != null && compareItem(leaf, p, lastTs, lastKey) <= 0) {
                    throw new IllegalStateException("leaf chain out of order");
                }
                lastTs = leaf.ts[p];
                lastKey = java.util.Arrays.copyOfRange(leaf.ids, 4 * p, 4 * p + 4);
                chained++;
            }
            if (leaf.next != null && leaf.next.prev != leaf) {
                throw new IllegalStateException("leaf next/prev links disagree");
            }
            leaf = leaf.next;
        }
        if (chained != size) {
            throw new IllegalStateException("leaf chain holds " + chained + " items, size is " + size);
        }
    }

    /** Checks a subtree whose items lie in [lo, hi) (null = unbounded); returns its count, adds its sum. */
    private long check(Node node, long[] lo, long[] hi, long[] sumAcc, int level, int[] depth) {
        if (node instanceof Leaf) {
            Leaf leaf = (Leaf) node;
            if (depth[0] < 0) {
                depth[0] = level;
            } else if (depth[0] != level) {
                throw new IllegalStateException("leaves at depths " + depth[0] + " and " + level);
            }
            for (int p = 0; p < leaf.n; p++) {
                if (p > 0 && compareKey(leaf.ts, leaf.ids, p - 1, leaf.ts[p], java.util.Arrays.copyOfRange(leaf.ids, 4 * p, 4 * p + 4)) >= 0) {
                    throw new IllegalStateException("leaf items out of order");
                }
                long[] k = java.util.Arrays.copyOfRange(leaf.ids, 4 * p, 4 * p + 4);
                if (lo != null && compareBounds(leaf.ts[p], k, lo) < 0) {
                    throw new IllegalStateException("leaf item below its separator");
                }
                if (hi != null && compareBounds(leaf.ts[p], k, hi) >= 0) {
                    throw new IllegalStateException("leaf item at or above the next separator");
                }
                if (summed) {
                    addId(sumAcc, leaf.ids, 4 * p, false);
                }
            }
            return leaf.n;
        }
        Inner in = (Inner) node;
        if (in.n < 1 || (node == root && in.n < 2) || in.n > innerMax) {
            throw new IllegalStateException("inner node with " + in.n + " children");
        }
        long c = 0;
        for (int i = 0; i < in.n; i++) {
            long[] klo = i == 0 ? lo : boundOf(in, i);
            long[] khi = i == in.n - 1 ? hi : boundOf(in, i + 1);
            long[] kidSum = new long[4];
            long kc = check(in.kids[i], klo, khi, kidSum, level + 1, depth);
            if (kc != in.counts[i]) {
                throw new IllegalStateException("child count " + in.counts[i] + " but child holds " + kc);
            }
            if (summed) {
                if (!java.util.Arrays.equals(kidSum, java.util.Arrays.copyOfRange(in.sums, 4 * i, 4 * i + 4))) {
                    throw new IllegalStateException("child sum differs from its items");
                }
                add(sumAcc, 0, kidSum, 0);
            }
            c += kc;
        }
        return c;
    }

    private static long[] boundOf(Inner in, int i) {
        return new long[] {in.keyTs[i], in.keyId[4 * i], in.keyId[4 * i + 1], in.keyId[4 * i + 2], in.keyId[4 * i + 3]};
    }

    private static int compareBounds(long ts, long[] key, long[] bound) {
        int c = Long.compare(ts, bound[0]);
        if (c != 0) {
            return c;
        }
        for (int j = 0; j < 4; j++) {
            c = Long.compareUnsigned(key[j], bound[j + 1]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** Depth of the tree (0 when the root is a leaf); for tests. */
    int height() {
        int h = 0;
        Node node = root;
        while (node instanceof Inner) {
            node = ((Inner) node).kids[0];
            h++;
        }
        return h;
    }
}
