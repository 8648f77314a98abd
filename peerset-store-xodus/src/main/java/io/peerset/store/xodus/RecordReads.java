package io.peerset.store.xodus;

import io.peerset.api.Hex;
import io.peerset.api.Query;
import io.peerset.api.SignedRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jetbrains.exodus.ByteIterable;
import jetbrains.exodus.env.Cursor;
import jetbrains.exodus.env.Store;
import jetbrains.exodus.env.Transaction;

/**
 * Reads: a record by id (through the {@link RecordCache}), counts, and queries, each in
 * its own read-only transaction. A query scans the narrowest index it allows, newest
 * first: its authors, else an indexed tag, else the time index (filtering kinds on the
 * stored values before decoding).
 */
final class RecordReads {
    private static final Comparator<SignedRecord> NEWEST_FIRST =
        Comparator.comparingLong(SignedRecord::createdAt).reversed().thenComparing(SignedRecord::id);

    private final XodusStores s;
    private final RecordCache cache;
    private final Set<String> indexTags;

    RecordReads(XodusStores s, RecordCache cache, Set<String> indexTags) {
        this.s = s;
        this.cache = cache;
        this.indexTags = indexTags;
    }

    Optional<SignedRecord> get(String id) {
        SignedRecord hit = cache.get(id);
        if (hit != null) {
            return Optional.of(hit);
        }
        byte[] idBytes = parseId(id);
        if (idBytes == null) {
            return Optional.empty();
        }
        long epoch = cache.epoch();
        SignedRecord r = s.read(txn -> load(txn, idBytes));
        if (r != null) {
            cache.putIfCurrent(epoch, id, r); // only if nothing was removed meanwhile: the record is current
        }
        return Optional.ofNullable(r);
    }

    boolean contains(String id) {
        if (cache.get(id) != null) {
            return true;
        }
        byte[] idBytes = parseId(id);
        return idBytes != null && s.read(txn -> s.ids.get(txn, Keys.wrap(idBytes)) != null);
    }

    long size() {
        return s.read(txn -> s.ids.count(txn));
    }

    long countByAuthor(String pubkey) {
        byte[] pk = parseId(pubkey);
        if (pk == null) {
            return 0;
        }
        return s.read(txn -> {
            ByteIterable v = s.author.get(txn, Keys.wrap(Keys.authorCountKey(pk)));
            return v == null ? 0L : Keys.getLong(Keys.bytes(v), 0);
        });
    }

    /** 32 bytes from 64 hex digits, or null if it is not that. */
    static byte[] parseId(String id) {
        if (id.length() != 64) {
            return null;
        }
        try {
            return Hex.decode(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The record with this id, or null. */
    private SignedRecord load(Transaction txn, byte[] id) {
        SignedRecord hit = cache.get(Hex.encode(id));
        if (hit != null) {
            return hit;
        }
        ByteIterable at = s.ids.get(txn, Keys.wrap(id));
        if (at == null) {
            return null;
        }
        ByteIterable v = s.time.get(txn, Keys.wrap(Keys.itemKey(Keys.getLong(Keys.bytes(at), 0), id)));
        if (v == null) {
            throw s.inconsistent("record " + Hex.encode(id) + " is in the id index but not in the time index");
        }
        return decode(v, id);
    }

    /** The record stored under an item key ({@code created_at ‖ id}), or null. */
    private SignedRecord loadItem(Transaction txn, byte[] itemKey, byte[] id) {
        SignedRecord hit = cache.get(Hex.encode(id));
        if (hit != null) {
            return hit;
        }
        ByteIterable v = s.time.get(txn, Keys.wrap(itemKey));
        return v == null ? null : decode(v, id);
    }

    private SignedRecord decode(ByteIterable v, byte[] id) {
        try {
            return RecordCodec.decode(Keys.bytes(v));
        } catch (RecordCodec.CorruptRecordException e) {
            throw new IllegalStateException("xodus store " + s.dir + ": record " + Hex.encode(id) + " is unreadable: " + e.getMessage(), e);
        }
    }

    List<SignedRecord> query(Query query) {
        return s.read(txn -> {
            Map<String, SignedRecord> all = new HashMap<>();
            Map.Entry<String, Set<String>> tag = indexedTag(query, indexTags);
            if (!query.authors().isEmpty()) {
                for (String author : query.authors()) {
                    addAll(all, newestMatching(txn, s.author, Hex.decode(author), query));
                }
            } else if (tag != null) {
                for (String value : tag.getValue()) {
                    addAll(all, newestMatching(txn, s.tag, Keys.tagPrefix(tag.getKey(), value), query));
                }
            } else {
                addAll(all, newestMatching(txn, s.time, new byte[0], query));
            }
            List<SignedRecord> out = new ArrayList<>(all.values());
            out.sort(NEWEST_FIRST);
            return out.size() > query.limit() ? new ArrayList<>(out.subList(0, query.limit())) : out;
        });
    }

    /** The query's tag condition with the fewest values among indexed tag names, or null. */
    private static Map.Entry<String, Set<String>> indexedTag(Query query, Set<String> indexed) {
        Map.Entry<String, Set<String>> best = null;
        for (Map.Entry<String, Set<String>> e : query.tags().entrySet()) {
            if (indexed.contains(e.getKey()) && (best == null || e.getValue().size() < best.getValue().size())) {
                best = e;
            }
        }
        return best;
    }

    private static void addAll(Map<String, SignedRecord> into, List<SignedRecord> found) {
        for (SignedRecord r : found) {
            into.putIfAbsent(r.id(), r);
        }
    }

    /**
     * Newest-first scan of one index whose keys are {@code prefix ‖ created_at ‖ id},
     * from {@code until} down to {@code since}; it finishes the timestamp where the
     * limit is reached, so ties can be ordered lowest id first.
     */
    private List<SignedRecord> newestMatching(Transaction txn, Store index, byte[] prefix, Query query) {
        List<SignedRecord> found = new ArrayList<>();
        int p = prefix.length;
        long cutoff = -1;
        boolean kindInValue = index == s.time && !query.kinds().isEmpty();
        try (Cursor c = index.openCursor(txn)) {
            boolean ok = seekNewest(c, prefix, query.until());
            while (ok) {
                byte[] k = Keys.bytes(c.getKey());
                if (k.length != p + 40 || Arrays.compare(k, 0, p, prefix, 0, p) != 0) {
                    break;
                }
                long ts = Keys.itemTimestamp(k, p);
                if (ts < query.since() || (cutoff >= 0 && ts < cutoff)) {
                    break;
                }
                if (ts <= query.until() && (!kindInValue || query.kinds().contains(kindOf(c.getValue())))) {
                    SignedRecord r = recordAt(txn, index, c, k, p);
                    if (query.matches(r)) {
                        found.add(r);
                        if (found.size() == query.limit()) {
                            cutoff = ts;
                        }
                    }
                }
                ok = c.getPrev();
            }
        }
        return found;
    }

    /** Puts the cursor on the last key at or before {@code prefix ‖ until ‖ FF…}; false if there is none. */
    private static boolean seekNewest(Cursor c, byte[] prefix, long until) {
        int p = prefix.length;
        byte[] start = new byte[p + 40];
        System.arraycopy(prefix, 0, start, 0, p);
        Keys.putLong(start, p, until);
        Arrays.fill(start, p + 8, p + 40, (byte) 0xFF);
        ByteIterable v = c.getSearchKeyRange(Keys.wrap(start));
        if (v == null) {
            return c.getLast();
        }
        return Arrays.compareUnsigned(Keys.bytes(c.getKey()), start) <= 0 || c.getPrev();
    }

    /** The record an index entry (key {@code k}, prefix length {@code p}) under the cursor names. */
    private SignedRecord recordAt(Transaction txn, Store index, Cursor c, byte[] k, int p) {
        byte[] id = Keys.itemId(k, p);
        SignedRecord r = index == s.time ? decode(c.getValue(), id) : loadItem(txn, Arrays.copyOfRange(k, p, p + 40), id);
        if (r == null) {
            throw s.inconsistent("an index names record " + Hex.encode(id) + " which is not stored");
        }
        return r;
    }

    /** The kind of the record stored as a time-index value, read at its fixed offset (no decoding). */
    private static int kindOf(ByteIterable timeValue) {
        return RecordCodec.kind(timeValue.getBytesUnsafe(), timeValue.getLength());
    }
}
