package io.peerset.store.xodus;

import io.peerset.api.Query;
import io.peerset.api.SignedRecord;
import io.peerset.api.spi.PutOutcome;
import io.peerset.api.spi.RecordStore;
import io.peerset.api.spi.SyncView;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import jetbrains.exodus.env.Environment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
/**
 * A durable {@link RecordStore} on a JetBrains Xodus environment in one directory.
 *
 * <h2>Layout</h2>
 * One Xodus environment with these stores, all changed together in one transaction
 * per commit, so a crash leaves either all of a write or none of it:
 * <ul>
 *   <li>{@code peerset-meta}: format name and version; a directory without it is refused;</li>
 *   <li>{@code time}: {@code created_at ‖ id} → the record ({@link RecordCodec}): the
 *       reconciliation order, and where the records themselves live. Records arrive
 *       roughly in time order, so storing them here is an append; a query by kind alone
 *       scans it and reads the kind at its fixed offset in the value before decoding;</li>
 *   <li>{@code ids}: id(32) → {@code created_at(8)}, the way from an id to its record. Its
 *       leaves are small, so the part of it a random insert or lookup walks stays in the
 *       log cache far better than a tree holding the records at random positions (which
 *       is what an id → record store costs: format 2 did that, and its inserts were the
 *       largest single cost of a put);</li>
 *   <li>{@code author}: {@code pubkey ‖ created_at ‖ id} → (empty), and under
 *       {@code pubkey ‖ 0xFF} the author's record count (it shares the Patricia path of the
 *       author's entries, so keeping it costs almost no extra node writes; {@code created_at}
 *       never starts with 0xFF, and no key is a prefix of another, which Xodus' Patricia
 *       cursors need to step backwards in order);</li>
 *   <li>{@code tag}: {@code h(name, value) ‖ created_at ‖ id} → (empty) for every tag whose
 *       single-letter name is in the {@code index.tags} option (none by default),
 *       {@code h} = the first 8 bytes of SHA-256 of {@code name ‖ 0 ‖ value}; queries re-check
 *       the tag, so a collision costs a read, never a wrong answer;</li>
 *   <li>{@code address}: {@code kind ‖ pubkey ‖ d} → {@code created_at ‖ id} of the current
 *       version of an addressable (or replaceable, with {@code d = ""}) record;</li>
 *   <li>{@code sums}: the Negentropy sum trie ({@link SumTree}), updated in O(depth) per change.</li>
 * </ul>
 *
 * <h2>Writes</h2>
 * Writes are group-committed: callers queue their records and one writer thread commits
 * everything queued so far (up to {@code batch.max} records) in one transaction, so a
 * burst from many threads costs few fsyncs. (A dedicated thread also keeps caller
 * interrupts away from Xodus' file channel, which an interrupt would close.) {@code put}
 * returns only after the transaction holding its record has committed, durably when
 * {@code durable=true} (Xodus {@code log.durableWrite}: the commit is fsynced).
 *
 * <h2>Reads</h2>
 * Each read runs in its own Xodus read-only transaction (a consistent snapshot);
 * {@link #get} goes through a Caffeine cache bounded by {@code cache.records}.
 *
 * <h2>Opening</h2>
 * Xodus holds an exclusive lock file in the directory: a second opener fails with an
 * {@link IllegalStateException} naming the directory. A non-empty directory that is
 * not a peerset Xodus store (foreign files, another Xodus application, a newer format,
 * damaged log) is refused and left untouched.
 *
 * <h2>Parts</h2>
 * {@link StoreDirectory} (opening, locking, damage forensics), {@link StoreSchema} and
 * {@link TagIndexMigration} (format and index migration at open), {@link GroupCommitWriter}
 * and {@link RecordWrites} (writes), {@link RecordReads} (reads and queries),
 * {@link XodusSyncView} (reconciliation) and {@link IntegrityCheck}.
 */
public final class XodusRecordStore implements RecordStore {
    private static final Logger log = LoggerFactory.getLogger(XodusRecordStore.class);

    private final StoreDirectory dir;
    private final XodusStores stores;
    private final XodusStoreOptions options;
    private final RecordCache cache;
    private final RecordReads reads;
    private final GroupCommitWriter writer;
    private final SyncView view;

    private XodusRecordStore(StoreDirectory dir, XodusStores stores, XodusStoreOptions options) {
        this.dir = dir;
        this.stores = stores;
        this.options = options;
        this.cache = new RecordCache(options.cacheRecords);
        this.reads = new RecordReads(stores, cache, options.indexTags);
        this.view = new XodusSyncView(stores, this::requireOpen);
        this.writer = new GroupCommitWriter(stores, options, cache::forget);
    }

    /**
     * Opens (creating if needed) the store in {@code dir}.
     *
     * @throws IllegalArgumentException if {@code dir} is a file
     * @throws IllegalStateException if another process holds the directory, or it is not a peerset store
     */
    public static XodusRecordStore open(Path dir, XodusStoreOptions options) {
        Objects.requireNonNull(options, "options");
        StoreDirectory d = StoreDirectory.prepare(dir);
        Environment env = d.openEnvironment(options);
        try {
            XodusStores stores = StoreSchema.open(d.path(), env);
            TagIndexMigration.sync(stores, options.indexTags);
            d.writeMarker();
            XodusRecordStore store = new XodusRecordStore(d, stores, options);
            log.info("opened xodus record store {} ({} records, {})", d.path(), store.size(), options);
            return store;
        } catch (RuntimeException e) {
            throw d.closeAfterFailure(env, e);
        }
    }

    /** The directory this store lives in. */
    public Path directory() {
        return dir.path();
    }

    // ================================================================= writes

    @Override
    public PutOutcome put(SignedRecord record) {
        Objects.requireNonNull(record, "record");
        return writer.submit(PendingWrite.put(List.of(record))).outcomes.get(0);
    }

    @Override
    public List<PutOutcome> putAll(Collection<SignedRecord> batch) {
        Objects.requireNonNull(batch, "records");
        if (batch.isEmpty()) {
            return List.of();
        }
        for (SignedRecord r : batch) {
            Objects.requireNonNull(r, "records must not contain null");
        }
        return List.copyOf(writer.submit(PendingWrite.put(List.copyOf(batch))).outcomes);
    }

    @Override
    public boolean delete(String id) {
        Objects.requireNonNull(id, "id");
        byte[] idBytes = RecordReads.parseId(id);
        if (idBytes == null) {
            requireOpen();
            return false;
        }
        return writer.submit(PendingWrite.delete(idBytes)).deleted;
    }

    @Override
    public long pruneOlderThan(long createdAtSeconds) {
        requireOpen();
        if (createdAtSeconds <= 0) {
            return 0;
        }
        byte[] end = Keys.itemKey(createdAtSeconds, new byte[32]);
        long total = 0;
        while (true) { // chunks, each its own commit, so puts interleave with a long prune
            PendingWrite chunk = writer.submit(PendingWrite.pruneChunk(end));
            total += chunk.pruned;
            if (!chunk.pruneMore) {
                break;
            }
        }
        if (total > 0) {
            log.debug("pruned {} records created before {} from {}", total, createdAtSeconds, dir.path());
        }
        return total;
    }

    /** Id of the writer thread (benchmarks measure its CPU time). */
    long writerThreadId() {
        return writer.threadId();
    }

    /** Number of write transactions committed since open (for tests and metrics). */
    long commits() {
        return writer.commits();
    }

    // ================================================================= reads

    @Override
    public Optional<SignedRecord> get(String id) {
        Objects.requireNonNull(id, "id");
        requireOpen();
        return reads.get(id);
    }

    @Override
    public boolean contains(String id) {
        Objects.requireNonNull(id, "id");
        requireOpen();
        return reads.contains(id);
    }

    @Override
    public List<SignedRecord> query(Query query) {
        Objects.requireNonNull(query, "query");
        requireOpen();
        return reads.query(query);
    }

    @Override
    public long size() {
        requireOpen();
        return reads.size();
    }

    @Override
    public long countByAuthor(String pubkey) {
        Objects.requireNonNull(pubkey, "pubkey");
        requireOpen();
        return reads.countByAuthor(pubkey);
    }

    @Override
    public SyncView syncView() {
        return view;
    }

    /**
     * Checks, by a full scan, that every index agrees with the records and that the
     * persisted sums equal sums recomputed from scratch. Slow (reads everything); for
     * tests, tools and operators, never called on the normal path.
     *
     * @return the problems found; empty when the store is consistent
     */
    public List<String> verifyIntegrity() {
        requireOpen();
        return IntegrityCheck.run(stores, options.indexTags);
    }

    // ================================================================= lifecycle

    private void requireOpen() {
        if (writer.isClosed()) {
            throw writer.closedException();
        }
    }

    @Override
    public void close() {
        if (!writer.close()) {
            return;
        }
        boolean interrupted = writer.awaitEnd(); // writes queued before close still commit
        stores.env.close();
        dir.removeMarker();
        cache.clear();
        log.info("closed xodus record store {}", dir.path());
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override public String toString() {
        return "XodusRecordStore[" + dir.path() + "]";
    }
}
