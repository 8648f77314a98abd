package io.peerset.store.xodus;

import io.peerset.api.Hex;
import io.peerset.api.SignedRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jetbrains.exodus.ByteIterable;
import jetbrains.exodus.env.Cursor;
import jetbrains.exodus.env.Store;
import jetbrains.exodus.env.Transaction;

/**
 * A full scan checking that every index agrees with the records and that the persisted
 * sums equal sums recomputed from scratch. One instance per check, inside one read-only
 * transaction: it walks the time index first, collecting what the other indexes must
 * hold, then walks those.
 */
final class IntegrityCheck {
    private final XodusStores s;
    private final Transaction txn;
    private final Set<String> indexTags;
    private final List<String> problems = new ArrayList<>();
    private final Map<String, Long> perAuthor = new HashMap<>();
    /** Addressable coordinate (hex) → the item key of its stored version. */
    private final Map<String, byte[]> latest = new HashMap<>();
    private long records;
    private long tagEntries;

    private IntegrityCheck(XodusStores s, Transaction txn, Set<String> indexTags) {
        this.s = s;
        this.txn = txn;
        this.indexTags = indexTags;
    }

    /** The problems found; empty when the store is consistent. */
    static List<String> run(XodusStores s, Set<String> indexTags) {
        return s.read(txn -> new IntegrityCheck(s, txn, indexTags).check());
    }

    private List<String> check() {
        try (Cursor c = s.time.openCursor(txn)) {
            while (c.getNext()) {
                records++;
                checkRecord(Keys.bytes(c.getKey()), c.getValue());
            }
        }
        checkCount(s.ids, records, "id");
        checkCount(s.tag, tagEntries, "tag");
        checkAuthors();
        checkAddresses();
        problems.addAll(s.sums.verify(txn));
        return problems;
    }

    private void checkRecord(byte[] itemKey, ByteIterable value) {
        if (itemKey.length != Keys.ITEM_KEY_BYTES) {
            problems.add("time index key " + Hex.encode(itemKey) + " is " + itemKey.length + " bytes, not " + Keys.ITEM_KEY_BYTES);
            return;
        }
        byte[] id = Keys.itemId(itemKey, 0);
        SignedRecord r;
        try {
            r = RecordCodec.decode(Keys.bytes(value));
        } catch (RuntimeException e) {
            problems.add("record " + Hex.encode(id) + " is unreadable: " + e.getMessage());
            return;
        }
        if (!r.id().equals(Hex.encode(id)) || r.createdAt() != Keys.itemTimestamp(itemKey, 0)) {
            problems.add("record stored under " + Hex.encode(itemKey) + " has id " + r.id() + " and created_at " + r.createdAt());
        }
        byte[] pk = Hex.decode(r.pubkey());
        checkIdIndex(id, r);
        requirePresent(s.author, Keys.authorKey(pk, r.createdAt(), id), "author", r);
        for (byte[] tk : Keys.tagKeys(r, itemKey, indexTags)) {
            requirePresent(s.tag, tk, "tag", r);
            tagEntries++;
        }
        perAuthor.merge(r.pubkey(), 1L, Long::sum);
        if (r.isAddressable() || r.isReplaceable()) {
            String ak = Hex.encode(Keys.addressKey(r.kind(), pk, r.isAddressable() ? r.d() : ""));
            if (latest.put(ak, itemKey) != null) {
                problems.add("two stored versions of addressable coordinate " + ak);
            }
        }
    }

    private void checkIdIndex(byte[] id, SignedRecord r) {
        ByteIterable at = s.ids.get(txn, Keys.wrap(id));
        if (at == null) {
            problems.add("record " + r.id() + " is missing from the id index");
        } else if (Keys.getLong(Keys.bytes(at), 0) != r.createdAt()) {
            problems.add("the id index gives record " + r.id() + " created_at " + Keys.getLong(Keys.bytes(at), 0) + ", not " + r.createdAt());
        }
    }

    /** Author entries (72-byte keys) against the records, and each author's count against its records. */
    private void checkAuthors() {
        long authors = 0;
        long entries = 0;
        try (Cursor c = s.author.openCursor(txn)) {
            while (c.getNext()) {
                byte[] k = Keys.bytes(c.getKey());
                if (k.length == 72) {
                    entries++;
                    continue;
                }
                authors++;
                String pk = Hex.encode(Arrays.copyOf(k, 32));
                long stored = k.length == 33 && k[32] == (byte) 0xFF ? Keys.getLong(Keys.bytes(c.getValue()), 0) : -1;
                Long actual = perAuthor.get(pk);
                if (actual == null || actual != stored) {
                    problems.add("author " + pk + " is counted " + stored + " but has " + (actual == null ? 0 : actual) + " records");
                }
            }
        }
        if (entries != records) {
            problems.add("the author index has " + entries + " entries for " + records + " records");
        }
        if (authors != perAuthor.size()) {
            problems.add("the author index counts " + authors + " authors but records have " + perAuthor.size());
        }
    }

    private void checkAddresses() {
        long entries = 0;
        try (Cursor c = s.address.openCursor(txn)) {
            while (c.getNext()) {
                entries++;
                String ak = Hex.encode(Keys.bytes(c.getKey()));
                byte[] expected = latest.get(ak);
                if (expected == null || !Arrays.equals(expected, Keys.bytes(c.getValue()))) {
                    problems.add("address entry " + ak + " does not point at the stored version");
                }
            }
        }
        if (entries != latest.size()) {
            problems.add("address index has " + entries + " entries but " + latest.size() + " addressable records are stored");
        }
    }

    private void requirePresent(Store index, byte[] key, String name, SignedRecord r) {
        if (index.get(txn, Keys.wrap(key)) == null) {
            problems.add("record " + r.id() + " is missing from the " + name + " index");
        }
    }

    private void checkCount(Store index, long expected, String name) {
        long n = index.count(txn);
        if (n != expected) {
            problems.add("the " + name + " index has " + n + " entries for " + expected + " records");
        }
    }
}
