package io.peerset.core.store;

import io.peerset.api.SignedRecord;
/**
 * A hash table of records under a key derived from the record itself (its id, or its
 * replacement coordinate), with no entry or key objects: open addressing with linear
 * probing over a {@code SignedRecord[]} and a parallel {@code int[]} of cached hashes, about
 * 8 to 16 bytes per record where a {@code HashMap} takes 40 to 70. Removal shifts
 * the following run back instead of leaving tombstones. Not thread-safe.
 *
 * @param <K> what lookups are made with
 */
abstract class RecordTable<K> {
    private static final int MIN_CAPACITY = 16;

    private SignedRecord[] slots = new SignedRecord[MIN_CAPACITY];
    private int[] hashes = new int[MIN_CAPACITY];
    private int size;

    /** Hash of a lookup key; must equal {@link #hashOf} of the records it matches. */
    protected abstract int hashOfKey(K key);

    /** Hash of a record's key. */
    protected abstract int hashOf(SignedRecord r);

    /** True if r's key is this key. */
    protected abstract boolean matches(K key, SignedRecord r);

    /** True if the two records have the same key. */
    protected abstract boolean sameKey(SignedRecord a, SignedRecord b);

    final int size() {
        return size;
    }

    /** The record with this key, or null. */
    final SignedRecord get(K key) {
        int h = spread(hashOfKey(key));
        int mask = slots.length - 1;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            SignedRecord r = slots[i];
            if (r == null) {
                return null;
            }
            if (hashes[i] == h && matches(key, r)) {
                return r;
            }
        }
    }

    /** Stores r, replacing the record with the same key; returns the replaced record or null. */
    final SignedRecord put(SignedRecord r) {
        int h = spread(hashOf(r));
        int mask = slots.length - 1;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            SignedRecord e = slots[i];
            if (e == null) {
                slots[i] = r;
                hashes[i] = h;
                if (++size > slots.length - (slots.length >>> 2)) {
                    resize(slots.length << 1);
                }
                return null;
            }
            if (hashes[i] == h && sameKey(r, e)) {
                slots[i] = r;
                return e;
            }
        }
    }

    /** Removes r itself (same id) if it is the record stored under its key; true if it was. */
    final boolean remove(SignedRecord r) {
        int h = spread(hashOf(r));
        int mask = slots.length - 1;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            SignedRecord e = slots[i];
            if (e == null) {
                return false;
            }
            if (hashes[i] == h && sameKey(r, e)) {
                if (!e.equals(r)) {
                    return false;
                }
                deleteAt(i);
                if (size < (slots.length >>> 3) && slots.length > MIN_CAPACITY) {
                    resize(slots.length >>> 1);
                }
                return true;
            }
        }
    }

    final void clear() {
        slots = new SignedRecord[MIN_CAPACITY];
        hashes = new int[MIN_CAPACITY];
        size = 0;
    }

    /** Empties slot i and moves back every later entry of its run that may not sit behind the hole. */
    private void deleteAt(int hole) {
        int mask = slots.length - 1;
        slots[hole] = null;
        size--;
        for (int j = (hole + 1) & mask; slots[j] != null; j = (j + 1) & mask) {
            int home = hashes[j] & mask;
            // the entry at j may stay only if its home lies cyclically in (hole, j]
            boolean stays = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
            if (!stays) {
                slots[hole] = slots[j];
                hashes[hole] = hashes[j];
                slots[j] = null;
                hole = j;
            }
        }
    }

    private void resize(int capacity) {
        SignedRecord[] oldSlots = slots;
        int[] oldHashes = hashes;
        slots = new SignedRecord[capacity];
        hashes = new int[capacity];
        int mask = capacity - 1;
        for (int k = 0; k < oldSlots.length; k++) {
            if (oldSlots[k] != null) {
                int i = oldHashes[k] & mask;
                while (slots[i] != null) {
                    i = (i + 1) & mask;
                }
                slots[i] = oldSlots[k];
                hashes[i] = oldHashes[k];
            }
        }
    }

    private static int spread(int h) {
        int x = h * 0x9E3779B9;
        return x ^ (x >>> 16);
    }

    /** Records by hex id. */
    static final class ById extends RecordTable<String> {
        @Override protected int hashOfKey(String id) { return id.hashCode(); }
        @Override protected int hashOf(SignedRecord r) { return r.id().hashCode(); }
        @Override protected boolean matches(String id, SignedRecord r) { return r.id().equals(id); }
        @Override protected boolean sameKey(SignedRecord a, SignedRecord b) { return a.id().equals(b.id()); }
    }

    /**
     * Replaceable and addressable records by coordinate: (kind, pubkey) for
     * replaceable kinds, (kind, pubkey, d) for addressable ones. Lookups are made with
     * a record of the same coordinate.
     */
    static final class ByCoordinate extends RecordTable<SignedRecord> {
        @Override protected int hashOfKey(SignedRecord r) { return hashOf(r); }

        @Override protected int hashOf(SignedRecord r) {
            return (r.kind() * 31 + r.pubkey().hashCode()) * 31 + d(r).hashCode();
        }

        @Override protected boolean matches(SignedRecord key, SignedRecord r) { return sameKey(key, r); }

        @Override protected boolean sameKey(SignedRecord a, SignedRecord b) {
            return a.kind() == b.kind() && a.pubkey().equals(b.pubkey()) && d(a).equals(d(b));
        }

        private static String d(SignedRecord r) {
            return r.isAddressable() ? r.d() : "";
        }
    }

    /** For tests: the slot array's length. */
    final int capacity() {
        return slots.length;
    }
}
