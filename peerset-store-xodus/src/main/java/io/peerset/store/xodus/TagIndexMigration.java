package io.peerset.store.xodus;

import io.peerset.api.SignedRecord;
import java.util.Set;
import jetbrains.exodus.ByteIterable;
import jetbrains.exodus.env.Cursor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the tag index cover exactly the tag names the {@code index.tags} option asks
 * for. The names it covers are kept in the meta store and written last, so a rebuild
 * cut short by a crash simply runs again at the next open. Each step is a chunk per
 * transaction, so a large store never needs one huge transaction.
 */
final class TagIndexMigration {
    private static final Logger log = LoggerFactory.getLogger(TagIndexMigration.class);

    private static final String INDEX_TAGS = "index.tags";
    private static final int REBUILD_CHUNK = 10_000;

    private final XodusStores s;
    private final Set<String> names;

    private TagIndexMigration(XodusStores s, Set<String> names) {
        this.s = s;
        this.names = names;
    }

    /** Rebuilds the tag index of {@code s} if it does not cover exactly {@code names}. */
    static void sync(XodusStores s, Set<String> names) {
        new TagIndexMigration(s, names).run();
    }

    private void run() {
        String wanted = String.join(",", names);
        String stored = s.env.computeInReadonlyTransaction(txn -> StoreSchema.metaString(s.meta, txn, INDEX_TAGS));
        String current = stored == null ? "" : stored;
        if (current.equals(wanted)) {
            return;
        }
        log.info("xodus store {}: indexed tags change from [{}] to [{}]; rebuilding the tag index", s.dir, current, wanted);
        while (deleteChunk() == REBUILD_CHUNK) {
            // empty it, a chunk per transaction
        }
        long entries = 0;
        byte[] from = new byte[0];
        while (from != null && !names.isEmpty()) {
            Chunk chunk = indexChunk(from);
            entries += chunk.entries;
            from = chunk.next;
        }
        s.env.executeInExclusiveTransaction(txn -> s.meta.put(txn, Keys.wrap(StoreSchema.bytes(INDEX_TAGS)),
            Keys.wrap(StoreSchema.bytes(wanted))));
        log.info("xodus store {}: tag index rebuilt for [{}], {} entries", s.dir, wanted, entries);
    }

    private long deleteChunk() {
        return s.env.computeInExclusiveTransaction(txn -> {
            long n = 0;
            try (Cursor c = s.tag.openCursor(txn)) {
                while (n < REBUILD_CHUNK && c.getNext()) {
                    c.deleteCurrent();
                    n++;
                }
            }
            return n;
        });
    }

    /** Tag index entries written, and the item key to go on from (null at the end). */
    private record Chunk(long entries, byte[] next) { }

    /** Indexes up to a chunk of records, from item key {@code from} on. */
    private Chunk indexChunk(byte[] from) {
        return s.env.computeInExclusiveTransaction(txn -> {
            long n = 0;
            int seen = 0;
            try (Cursor c = s.time.openCursor(txn)) {
                ByteIterable v = c.getSearchKeyRange(Keys.wrap(from));
                while (v != null) {
                    byte[] itemKey = Keys.bytes(c.getKey());
                    if (seen++ == REBUILD_CHUNK) {
                        return new Chunk(n, itemKey);
                    }
                    SignedRecord r = RecordCodec.decode(Keys.bytes(v));
                    for (byte[] tk : Keys.tagKeys(r, itemKey, names)) {
                        s.tag.put(txn, Keys.wrap(tk), ByteIterable.EMPTY);
                        n++;
                    }
                    v = c.getNext() ? c.getValue() : null;
                }
            }
            return new Chunk(n, null);
        });
    }
}
