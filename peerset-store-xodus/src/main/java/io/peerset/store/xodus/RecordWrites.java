package io.peerset.store.xodus;

import io.peerset.api.Hex;
import io.peerset.api.SignedRecord;
import io.peerset.api.spi.PutOutcome;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import jetbrains.exodus.ByteIterable;
import jetbrains.exodus.env.Cursor;
import jetbrains.exodus.env.Transaction;

/**
 * The changes one write makes inside a {@link WriteTxn}: a record put with all its index
 * entries (replacing the older version of an addressable coordinate), a record removed
 * with all of them, a chunk of pruning.
 */
final class RecordWrites {
    private final XodusStores s;
    private final Set<String> indexTags;

    RecordWrites(XodusStores s, Set<String> indexTags) {
        this.s = s;
        this.indexTags = indexTags;
    }

    /** Applies one queued write (a delete, a prune chunk, or puts) and records its results on it. */
    void apply(WriteTxn tx, PendingWrite p) {
        if (p.deleteId != null) {
            p.deleted = remove(tx, p.deleteId);
        } else if (p.pruneEnd != null) {
            pruneChunk(tx, p);
        } else {
            List<PutOutcome> out = new ArrayList<>(p.puts.size());
            for (SignedRecord r : p.puts) {
                out.add(insert(tx, r));
            }
            p.outcomes = out;
        }
    }

    PutOutcome insert(WriteTxn tx, SignedRecord r) {
        if (r.isEphemeral()) {
            return PutOutcome.EPHEMERAL;
        }
        Transaction txn = tx.txn;
        byte[] id = Keys.hex(r.id());
        ByteIterable idKey = Keys.wrap(id);
        byte[] itemKey = Keys.itemKey(r.createdAt(), id);
        byte[] pubkey = Keys.hex(r.pubkey());
        PutOutcome outcome = PutOutcome.STORED;
        ByteIterable at = Keys.wrap(Keys.longBytes(r.createdAt()));
        if (r.isAddressable() || r.isReplaceable()) {
            if (s.ids.get(txn, idKey) != null) {
                return PutOutcome.DUPLICATE;
            }
            outcome = replaceAddressed(tx, r, id, pubkey, itemKey);
            if (outcome == PutOutcome.SUPERSEDED) {
                return outcome;
            }
            s.ids.put(txn, idKey, at);
        } else if (!s.ids.add(txn, idKey, at)) {
            // add = put-if-absent: one walk of the id tree instead of a lookup and then a put
            return PutOutcome.DUPLICATE;
        }
        s.time.put(txn, Keys.wrap(itemKey), Keys.wrap(RecordCodec.encode(r, id, pubkey)));
        s.author.put(txn, Keys.wrap(Keys.authorKey(pubkey, r.createdAt(), id)), ByteIterable.EMPTY);
        for (byte[] tk : Keys.tagKeys(r, itemKey, indexTags)) {
            s.tag.put(txn, Keys.wrap(tk), ByteIterable.EMPTY);
        }
        tx.countAuthor(pubkey, 1);
        tx.sums.add(itemKey);
        return outcome;
    }

    /**
     * Points the record's address at it, removing the current version if this one is
     * newer: STORED (no current version), REPLACED, or SUPERSEDED (nothing changed).
     */
    private PutOutcome replaceAddressed(WriteTxn tx, SignedRecord r, byte[] id, byte[] pubkey, byte[] itemKey) {
        byte[] ak = Keys.addressKey(r.kind(), pubkey, r.isAddressable() ? r.d() : "");
        ByteIterable current = s.address.get(tx.txn, Keys.wrap(ak));
        PutOutcome outcome = PutOutcome.STORED;
        if (current != null) {
            byte[] cur = Keys.bytes(current);
            long curTs = Keys.itemTimestamp(cur, 0);
            byte[] curId = Keys.itemId(cur, 0);
            boolean newer = r.createdAt() != curTs ? r.createdAt() > curTs : Arrays.compareUnsigned(id, curId) < 0;
            if (!newer) {
                return PutOutcome.SUPERSEDED;
            }
            remove(tx, curId);
            outcome = PutOutcome.REPLACED;
        }
        s.address.put(tx.txn, Keys.wrap(ak), Keys.wrap(itemKey));
        return outcome;
    }

    /** Removes a record and every index entry of it; false if it was not stored. */
    boolean remove(WriteTxn tx, byte[] id) {
        Transaction txn = tx.txn;
        ByteIterable at = s.ids.get(txn, Keys.wrap(id));
        if (at == null) {
            return false;
        }
        byte[] itemKey = Keys.itemKey(Keys.getLong(Keys.bytes(at), 0), id);
        ByteIterable v = s.time.get(txn, Keys.wrap(itemKey));
        if (v == null) {
            throw s.inconsistent("record " + Hex.encode(id) + " is in the id index but not in the time index");
        }
        SignedRecord r = RecordCodec.decode(Keys.bytes(v));
        byte[] pubkey = Hex.decode(r.pubkey());
        s.ids.delete(txn, Keys.wrap(id));
        s.time.delete(txn, Keys.wrap(itemKey));
        s.author.delete(txn, Keys.wrap(Keys.authorKey(pubkey, r.createdAt(), id)));
        for (byte[] tk : Keys.tagKeys(r, itemKey, indexTags)) {
            s.tag.delete(txn, Keys.wrap(tk));
        }
        tx.countAuthor(pubkey, -1);
        if (r.isAddressable() || r.isReplaceable()) {
            byte[] ak = Keys.addressKey(r.kind(), pubkey, r.isAddressable() ? r.d() : "");
            ByteIterable cur = s.address.get(txn, Keys.wrap(ak));
            if (cur != null && Arrays.equals(Keys.bytes(cur), itemKey)) {
                s.address.delete(txn, Keys.wrap(ak));
            }
        }
        tx.sums.remove(itemKey);
        tx.removed.add(Hex.encode(id));
        return true;
    }

    private void pruneChunk(WriteTxn tx, PendingWrite p) {
        List<byte[]> ids = new ArrayList<>();
        try (Cursor c = s.time.openCursor(tx.txn)) {
            while (ids.size() < PendingWrite.PRUNE_CHUNK && c.getNext()) {
                byte[] k = Keys.bytes(c.getKey());
                if (Arrays.compareUnsigned(k, p.pruneEnd) >= 0) {
                    break;
                }
                ids.add(Keys.itemId(k, 0));
            }
        }
        long n = 0;
        for (byte[] id : ids) {
            if (remove(tx, id)) {
                n++;
            }
        }
        p.pruned = n;
        p.pruneMore = ids.size() == PendingWrite.PRUNE_CHUNK;
    }
}
