package io.peerset.store.xodus;

import io.peerset.api.spi.FingerprintAccumulator;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jetbrains.exodus.ByteIterable;
import jetbrains.exodus.env.Cursor;
import jetbrains.exodus.env.Store;
import jetbrains.exodus.env.Transaction;

/**
 * The persisted Negentropy sum structure: an adaptive 16-ary trie of
 * {@code (count, 256-bit sum)} aggregates over the 80 hex digits (nibbles) of the
 * item key {@code created_at(8, big-endian) ‖ id(32)}.
 *
 * <h2>Shape</h2>
 * A node covers every item whose key starts with the node's prefix of {@code depth}
 * nibbles. The root (depth 0) covers everything; its children are keyed by the top 8
 * nibbles (32 bits) of the timestamp, which are all zero until 2106, so no chain of
 * single-child nodes is spent on them; below that each level adds one nibble (up to
 * 16 children). A node is either a <em>leaf</em>, whose items are read straight from
 * the item store when needed, or <em>split</em>, whose children exist as nodes. A
 * leaf splits when it holds more than {@value #LEAF_MAX} items, so every leaf edge
 * scan is bounded by {@value #LEAF_MAX} items. Because the id bytes continue the key,
 * many records with the same {@code created_at} simply split further on their
 * (uniformly random) id digits: a million records in one second still give leaves of
 * at most {@value #LEAF_MAX} items and a depth of about 13.
 *
 * <h2>Storage</h2>
 * Each node is one entry of a Xodus store: key {@code depth(1) ‖ prefix packed two
 * nibbles a byte}, value {@code count(8) ‖ sum(32, little-endian) ‖ flags(1)}. The
 * children of one node are adjacent in key order, so visiting them is one cursor seek
 * and at most 15 steps. A node whose count falls to zero is deleted (with its
 * descendants, which are then zero too); split nodes are not merged back otherwise.
 *
 * <h2>Costs</h2>
 * <ul>
 *   <li>insert/delete: one read-modify-write per level on the item's path, O(depth),
 *       written in the same transaction as the record (see {@link Batch});</li>
 *   <li>prefix sum (all items below a key): per level, the children left of the path
 *       (≤ 15), then at most {@value #LEAF_MAX} items of one leaf — O(16·depth + 64);
 *       a range {@code [a, b)} is {@code prefix(b) − prefix(a)};</li>
 *   <li>select (the r-th item): descend by counts, same bound.</li>
 * </ul>
 * Nothing is rebuilt on open: the aggregates are exactly as durable as the records,
 * because they commit in the same Xodus transaction.
 */
final class SumTree {
    /** Most items a leaf holds before it splits. */
    static final int LEAF_MAX = 64;
    /** Depth (in nibbles) of the root's children: the top 32 bits of the timestamp. */
    static final int ROOT_STRIDE = 8;
    static final int KEY_NIBBLES = Keys.ITEM_KEY_BYTES * 2;

    private static final byte[] ROOT_KEY = {0};
    private static final int VALUE_BYTES = 8 + 32 + 1;

    private final Store nodes;
    private final Store items;

    SumTree(Store nodes, Store items) {
        this.nodes = nodes;
        this.items = items;
    }

    static int childDepth(int depth) {
        return depth == 0 ? ROOT_STRIDE : depth + 1;
    }

    /** Key of the node at {@code depth} on the path of an item key. */
    static byte[] nodeKey(byte[] itemKey, int depth) {
        int n = (depth + 1) >>> 1;
        byte[] k = new byte[1 + n];
        k[0] = (byte) depth;
        System.arraycopy(itemKey, 0, k, 1, n);
        if ((depth & 1) == 1) {
            k[n] &= (byte) 0xF0;
        }
        return k;
    }

    /** A 40-byte item key carrying a node key's prefix, zeros after. */
    static byte[] prefixOf(byte[] nodeKey) {
        byte[] out = new byte[Keys.ITEM_KEY_BYTES];
        System.arraycopy(nodeKey, 1, out, 0, nodeKey.length - 1);
        return out;
    }

    /** A node's aggregate and whether its children are materialised. */
    static final class Node {
        final FingerprintAccumulator sum;
        boolean split;

        Node(FingerprintAccumulator sum, boolean split) {
            this.sum = sum;
            this.split = split;
        }

        long count() {
            return sum.count();
        }

        byte[] encode() {
            ByteBuffer b = ByteBuffer.allocate(VALUE_BYTES);
            b.putLong(sum.count());
            b.put(sum.sum());
            b.put((byte) (split ? 1 : 0));
            return b.array();
        }

        static Node decode(ByteIterable value) {
            byte[] v = Keys.bytes(value);
            if (v.length != VALUE_BYTES || (v[40] & ~1) != 0) {
                throw new IllegalStateException("sum tree node is damaged: " + v.length + " bytes, expected " + VALUE_BYTES);
            }
            long count = Keys.getLong(v, 0);
            if (count < 0) {
                throw new IllegalStateException("sum tree node is damaged: negative count " + count);
            }
            return new Node(FingerprintAccumulator.of(Arrays.copyOfRange(v, 8, 40), count), v[40] == 1);
        }
    }

    // ---------------------------------------------------------------- reads

    /** Count and sum of every item strictly below {@code key} (a 40-byte item key). */
    FingerprintAccumulator prefixSum(Transaction txn, byte[] key) {
        FingerprintAccumulator acc = new FingerprintAccumulator();
        if (nodes.get(txn, Keys.wrap(ROOT_KEY)) == null) {
            return acc;
        }
        try (Cursor nc = nodes.openCursor(txn)) {
            int depth = 0;
            while (true) {
                int cd = childDepth(depth);
                byte[] first = nodeKey(Keys.zeroFrom(key, depth), cd);
                byte[] target = nodeKey(key, cd);
                Node found = null;
                ByteIterable v = nc.getSearchKeyRange(Keys.wrap(first));
                while (v != null) {
                    int c = Arrays.compareUnsigned(Keys.bytes(nc.getKey()), target);
                    if (c < 0) {
                        acc.add(Node.decode(v).sum);
                        v = nc.getNext() ? nc.getValue() : null;
                    } else {
                        if (c == 0) {
                            found = Node.decode(v);
                        }
                        break;
                    }
                }
                if (found == null) {
                    return acc;
                }
                if (found.split) {
                    depth = cd;
                    continue;
                }
                try (Cursor ic = items.openCursor(txn)) {
                    ByteIterable iv = ic.getSearchKeyRange(Keys.wrap(Keys.zeroFrom(key, cd)));
                    while (iv != null) {
                        byte[] k = Keys.bytes(ic.getKey());
                        if (Arrays.compareUnsigned(k, key) >= 0) {
                            break;
                        }
                        acc.add(Keys.itemId(k, 0));
                        iv = ic.getNext() ? ic.getValue() : null;
                    }
                }
                return acc;
            }
        }
    }

    /** Total count and sum. */
    FingerprintAccumulator total(Transaction txn) {
        ByteIterable v = nodes.get(txn, Keys.wrap(ROOT_KEY));
        return v == null ? new FingerprintAccumulator() : Node.decode(v).sum;
    }

    /** The item key of the item with 0-based rank {@code rank}, or null past the end. */
    byte[] select(Transaction txn, long rank) {
        ByteIterable rv = nodes.get(txn, Keys.wrap(ROOT_KEY));
        if (rank < 0 || rv == null || rank >= Node.decode(rv).count()) {
            return null;
        }
        long rem = rank;
        byte[] prefix = new byte[Keys.ITEM_KEY_BYTES];
        int depth = 0;
        try (Cursor nc = nodes.openCursor(txn)) {
            while (true) {
                int cd = childDepth(depth);
                ByteIterable v = nc.getSearchKeyRange(Keys.wrap(nodeKey(prefix, cd)));
                Node child = null;
                byte[] childPrefix = null;
                while (v != null) {
                    byte[] k = Keys.bytes(nc.getKey());
                    if (k[0] != cd || !Keys.samePrefix(prefixOf(k), prefix, depth)) {
                        break;
                    }
                    Node n = Node.decode(v);
                    if (rem < n.count()) {
                        child = n;
                        childPrefix = prefixOf(k);
                        break;
                    }
                    rem -= n.count();
                    v = nc.getNext() ? nc.getValue() : null;
                }
                if (child == null) {
                    throw new IllegalStateException("sum tree is inconsistent: children of a depth-" + depth
                        + " node hold fewer items than the node counts");
                }
                prefix = childPrefix;
                depth = cd;
                if (child.split) {
                    continue;
                }
                try (Cursor ic = items.openCursor(txn)) {
                    ByteIterable iv = ic.getSearchKeyRange(Keys.wrap(prefix));
                    while (iv != null) {
                        byte[] k = Keys.bytes(ic.getKey());
                        if (!Keys.samePrefix(k, prefix, depth)) {
                            break;
                        }
                        if (rem == 0) {
                            return k;
                        }
                        rem--;
                        iv = ic.getNext() ? ic.getValue() : null;
                    }
                }
                throw new IllegalStateException("sum tree is inconsistent: a leaf counts more items than the item index holds");
            }
        }
    }

    /**
     * Checks every node against the items below it, from scratch (a full scan: for
     * integrity checks and tests, never on the normal path).
     *
     * @return problems found, empty when consistent
     */
    List<String> verify(Transaction txn) {
        List<String> problems = new ArrayList<>();
        // expected aggregate of every node that should exist, derived from the items
        Map<Key, FingerprintAccumulator> expected = new HashMap<>();
        Map<Key, Boolean> split = new HashMap<>();
        try (Cursor nc = nodes.openCursor(txn)) {
            while (nc.getNext()) {
                Node n = Node.decode(nc.getValue());
                split.put(new Key(Keys.bytes(nc.getKey())), n.split);
            }
        }
        try (Cursor ic = items.openCursor(txn)) {
            while (ic.getNext()) {
                byte[] k = Keys.bytes(ic.getKey());
                byte[] id = Keys.itemId(k, 0);
                int depth = 0;
                while (true) {
                    Key nk = new Key(nodeKey(k, depth));
                    expected.computeIfAbsent(nk, x -> new FingerprintAccumulator()).add(id);
                    Boolean s = split.get(nk);
                    if (s == null || !s) {
                        break;
                    }
                    depth = childDepth(depth);
                }
            }
        }
        try (Cursor nc = nodes.openCursor(txn)) {
            while (nc.getNext()) {
                Key k = new Key(Keys.bytes(nc.getKey()));
                Node n = Node.decode(nc.getValue());
                FingerprintAccumulator e = expected.remove(k);
                if (e == null) {
                    problems.add("sum node " + k + " counts " + n.count() + " items but none are below it");
                } else if (e.count() != n.count() || !Arrays.equals(e.sum(), n.sum.sum())) {
                    problems.add("sum node " + k + " holds count " + n.count() + " but the items below it number " + e.count()
                        + (e.count() == n.count() ? " with a different sum" : ""));
                } else if (!n.split && n.count() > LEAF_MAX) {
                    problems.add("sum leaf " + k + " holds " + n.count() + " items, more than " + LEAF_MAX);
                }
            }
        }
        for (Key k : expected.keySet()) {
            problems.add("sum node " + k + " is missing");
        }
        return problems;
    }

    // ---------------------------------------------------------------- writes

    /** Changes made within one write transaction; nodes are written once, at {@link #flush()}. */
    Batch batch(Transaction txn) {
        return new Batch(txn);
    }

    final class Batch {
        private final Transaction txn;
        private final Map<Key, Node> dirty = new HashMap<>();
        /**
         * The nodes on the path of the last item added, by depth: records arriving in time
         * order share most of their path, which then costs no key building or lookups.
         */
        private final Node[] path = new Node[KEY_NIBBLES + 1];
        private byte[] pathItem;

        private Batch(Transaction txn) {
            this.txn = txn;
        }

        private Node load(byte[] key) {
            Key k = new Key(key);
            Node n = dirty.get(k);
            if (n == null) {
                ByteIterable v = nodes.get(txn, Keys.wrap(key));
                if (v != null) {
                    n = Node.decode(v);
                    dirty.put(k, n);
                }
            }
            return n;
        }

        /** Adds an item that is already in the item store. */
        void add(byte[] itemKey) {
            byte[] id = Keys.itemId(itemKey, 0);
            byte[] last = pathItem;
            pathItem = itemKey;
            int depth = 0;
            while (true) {
                Node n = last != null && path[depth] != null && Keys.samePrefix(itemKey, last, depth) ? path[depth] : null;
                if (n == null) {
                    last = null; // deeper nodes of the old path are not on this one
                    byte[] key = nodeKey(itemKey, depth);
                    n = load(key);
                    if (n == null) {
                        n = new Node(new FingerprintAccumulator(), depth == 0);
                        dirty.put(new Key(key), n);
                    }
                    path[depth] = n;
                }
                n.sum.add(id);
                if (!n.split) {
                    if (n.count() > LEAF_MAX && depth < KEY_NIBBLES) {
                        forgetPath();
                        split(itemKey, depth, n);
                    }
                    return;
                }
                depth = childDepth(depth);
            }
        }

        private void forgetPath() {
            pathItem = null;
            Arrays.fill(path, null);
        }

        /** Removes an item (whether or not it is still in the item store). */
        void remove(byte[] itemKey) {
            forgetPath();
            byte[] id = Keys.itemId(itemKey, 0);
            int depth = 0;
            while (true) {
                Node n = load(nodeKey(itemKey, depth));
                if (n == null || n.count() == 0) {
                    throw new IllegalStateException("sum tree is inconsistent: no depth-" + depth + " node holds the item being removed");
                }
                n.sum.subtract(id);
                if (!n.split) {
                    return;
                }
                depth = childDepth(depth);
            }
        }

        private void split(byte[] itemKey, int depth, Node node) {
            int cd = childDepth(depth);
            Map<Key, Node> children = new LinkedHashMap<>();
            Map<Key, byte[]> sample = new HashMap<>();
            long seen = 0;
            try (Cursor ic = items.openCursor(txn)) {
                ByteIterable v = ic.getSearchKeyRange(Keys.wrap(Keys.zeroFrom(itemKey, depth)));
                while (v != null) {
                    byte[] k = Keys.bytes(ic.getKey());
                    if (!Keys.samePrefix(k, itemKey, depth)) {
                        break;
                    }
                    Key ck = new Key(nodeKey(k, cd));
                    children.computeIfAbsent(ck, x -> new Node(new FingerprintAccumulator(), false)).sum.add(Keys.itemId(k, 0));
                    sample.putIfAbsent(ck, k);
                    seen++;
                    v = ic.getNext() ? ic.getValue() : null;
                }
            }
            if (seen != node.count()) {
                throw new IllegalStateException("sum tree is inconsistent: a depth-" + depth + " leaf counts " + node.count()
                    + " items but the item index holds " + seen);
            }
            node.split = true;
            dirty.putAll(children);
            for (Map.Entry<Key, Node> e : children.entrySet()) {
                if (e.getValue().count() > LEAF_MAX) {
                    split(sample.get(e.getKey()), cd, e.getValue());
                }
            }
        }

        /** Writes every changed node; nodes left empty are deleted. */
        void flush() {
            for (Map.Entry<Key, Node> e : dirty.entrySet()) {
                if (e.getValue().count() == 0) {
                    nodes.delete(txn, Keys.wrap(e.getKey().bytes));
                } else {
                    nodes.put(txn, Keys.wrap(e.getKey().bytes), Keys.wrap(e.getValue().encode()));
                }
            }
            dirty.clear();
            forgetPath();
        }
    }

    /** A byte array usable as a hash key. */
    static final class Key {
        final byte[] bytes;
        private final int hash;

        Key(byte[] bytes) {
            this.bytes = bytes;
            this.hash = Arrays.hashCode(bytes);
        }

        @Override public boolean equals(Object o) {
            return o instanceof Key && Arrays.equals(((Key) o).bytes, bytes);
        }

        @Override public int hashCode() {
            return hash;
        }

        @Override public String toString() {
            return "d" + bytes[0] + ":" + io.peerset.api.Hex.encode(Arrays.copyOfRange(bytes, 1, bytes.length));
        }
    }
}
