package io.peerset.store.xodus;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.peerset.api.Hex;
import io.peerset.api.Query;
import io.peerset.api.SignedRecord;
import io.peerset.api.spi.Bound;
import io.peerset.api.spi.FingerprintAccumulator;
import io.peerset.api.spi.PutOutcome;
import io.peerset.api.spi.RecordStore;
import io.peerset.api.spi.SyncView;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Stream;
import jetbrains.exodus.ByteIterable;
import jetbrains.exodus.ExodusException;
import jetbrains.exodus.env.Cursor;
import jetbrains.exodus.env.Environment;
import jetbrains.exodus.env.EnvironmentConfig;
import jetbrains.exodus.env.Environments;
import jetbrains.exodus.env.Store;
import jetbrains.exodus.env.StoreConfig;
import jetbrains.exodus.env.Transaction;
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
 */
public final class XodusRecordStore implements RecordStore {
    private static final Logger log = LoggerFactory.getLogger(XodusRecordStore.class);

    static final String FORMAT_NAME = "peerset-store-xodus";
    static final int FORMAT_VERSION = 3;
    static final String META = "peerset-meta";
    /** Present while the store is open; left behind by a crash. */
    static final String OPEN_MARKER = "peerset-open";

    private static final Comparator<SignedRecord> NEWEST_FIRST =
        Comparator.comparingLong(SignedRecord::createdAt).reversed().thenComparing(SignedRecord::id);
    private static final int PRUNE_CHUNK = 2_000;

    private final Path dir;
    private final XodusStoreOptions options;
    private final Environment env;
    private final Store ids;
    private final Store time;
    private final Store byAuthor;
    private final Store byTag;
    private final Store address;
    private final SumTree sums;
    private final Cache<String, SignedRecord> cache;
    private final Object cacheLock = new Object();
    private long removals; // guarded by cacheLock: bumped whenever records leave the store
    /**
     * Committed record counts of recently written authors (writer thread only), so a
     * commit updates an author's count without reading it back first.
     */
    private final Map<SumTree.Key, Long> authorCounts = new java.util.LinkedHashMap<>(1024, 0.75f, true) {
        @Override protected boolean removeEldestEntry(Map.Entry<SumTree.Key, Long> eldest) {
            return size() > AUTHOR_COUNT_CACHE;
        }
    };
    private static final int AUTHOR_COUNT_CACHE = 65_536;
    private final LinkedBlockingQueue<PendingWrite> queue = new LinkedBlockingQueue<>();
    private static final PendingWrite STOP = new PendingWrite(List.of(), null, null);
    private final Object lifecycle = new Object();
    private final Thread writer;
    private final AtomicLong commits = new AtomicLong();
    private final SyncView view = new View();
    private volatile boolean closed;

    private XodusRecordStore(Path dir, XodusStoreOptions options, Environment env, Map<String, Store> stores) {
        this.dir = dir;
        this.options = options;
        this.env = env;
        this.ids = stores.get("ids");
        this.time = stores.get("time");
        this.byAuthor = stores.get("author");
        this.byTag = stores.get("tag");
        this.address = stores.get("address");
        this.sums = new SumTree(stores.get("sums"), time);
        this.cache = options.cacheRecords == 0 ? null : Caffeine.newBuilder().maximumSize(options.cacheRecords).build();
        this.writer = new Thread(this::writeLoop, "peerset-xodus-writer[" + dir.getFileName() + "]");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /**
     * Opens (creating if needed) the store in {@code dir}.
     *
     * @throws IllegalArgumentException if {@code dir} is a file
     * @throws IllegalStateException if another process holds the directory, or it is not a peerset store
     */
    public static XodusRecordStore open(Path dir, XodusStoreOptions options) {
        Objects.requireNonNull(options, "options");
        Path abs = dir.toAbsolutePath().normalize();
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw new IllegalArgumentException("xodus store location " + abs + " is a file; give a directory (new or empty, or an existing peerset store)");
        }
        try {
            Files.createDirectories(abs);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the xodus store directory " + abs + ": " + e, e);
        }
        refuseForeignFiles(abs);
        Map<String, Long> before = logFiles(abs);
        Path marker = abs.resolve(OPEN_MARKER);
        boolean closedCleanly = !Files.exists(marker);
        // Xodus drops whatever it cannot read at the end of its log when it opens (that is
        // how it recovers from a crash mid-commit). After a clean close there is nothing to
        // drop, so a shrinking log means damage: keep the last file to put it back.
        String lastName = before.isEmpty() ? null : ((java.util.TreeMap<String, Long>) before).lastKey();
        byte[] lastBackup = null;
        if (lastName != null && closedCleanly) {
            try {
                lastBackup = Files.readAllBytes(abs.resolve(lastName));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the xodus log " + abs.resolve(lastName) + ": " + e, e);
            }
        }
        EnvironmentConfig cfg = new EnvironmentConfig()
            .setLogDurableWrite(options.durable)
            .setMemoryUsage(options.xodusMemory)
            .setLogCacheShared(false)
            .setLogLockTimeout(0)
            .setLogClearInvalid(false)
            .setManagementEnabled(false)
            .setEnvCloseForcedly(true);
        Environment env;
        try {
            env = Environments.newInstance(abs.toFile(), cfg);
        } catch (ExodusException e) {
            throw openFailure(abs, e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("xodus store directory " + abs + " could not be opened (" + e
                + "); it may be damaged: move it away or restore it from a backup", e);
        }
        try {
            List<String> shrunk = shrunkFiles(before, logFiles(abs));
            if (!shrunk.isEmpty()) {
                if (closedCleanly) {
                    env.close();
                    boolean restored = restore(abs, lastName, lastBackup, shrunk);
                    throw new IllegalStateException("xodus store directory " + abs + " was closed cleanly but its log "
                        + shrunk + " holds unreadable data: it is damaged. "
                        + (restored ? "Its files were left as they were" : "Xodus cut the damaged file short; copy the directory away before retrying")
                        + ": restore it from a backup, or move it away to start afresh");
                }
                log.warn("xodus store {} was not closed cleanly; Xodus discarded the unfinished commit at the end of {}", abs, shrunk);
            }
            Map<String, Store> stores = openStores(abs, env);
            syncTagIndex(abs, env, stores, options.indexTags);
            writeMarker(marker);
            XodusRecordStore store = new XodusRecordStore(abs, options, env, stores);
            log.info("opened xodus record store {} ({} records, {})", abs, store.size(), options);
            return store;
        } catch (RuntimeException e) {
            try {
                if (env.isOpen()) {
                    env.close();
                }
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            if (e instanceof IllegalStateException) {
                throw e;
            }
            throw new IllegalStateException("xodus store directory " + abs + " could not be read (" + e
                + "); it may be damaged: move it away or restore it from a backup", e);
        }
    }

    /** Log files (*.xd) and their sizes, by name. */
    private static Map<String, Long> logFiles(Path abs) {
        java.util.TreeMap<String, Long> out = new java.util.TreeMap<>();
        try (Stream<Path> s = Files.list(abs)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String name = p.getFileName().toString();
                if (name.endsWith(".xd")) {
                    out.put(name, Files.size(p));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list the xodus store directory " + abs + ": " + e, e);
        }
        return out;
    }

    private static List<String> shrunkFiles(Map<String, Long> before, Map<String, Long> after) {
        List<String> out = new ArrayList<>();
        before.forEach((name, size) -> {
            Long now = after.get(name);
            if (now == null || now < size) {
                out.add(name);
            }
        });
        return out;
    }

    private static boolean restore(Path abs, String lastName, byte[] backup, List<String> shrunk) {
        if (backup == null || shrunk.size() != 1 || !shrunk.get(0).equals(lastName)) {
            return false;
        }
        try {
            Files.write(abs.resolve(lastName), backup);
            return true;
        } catch (IOException e) {
            log.error("could not put back the damaged log file {} of {}", lastName, abs, e);
            return false;
        }
    }

    private static void writeMarker(Path marker) {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(marker,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE)) {
            ch.force(true);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + marker + ": " + e, e);
        }
    }

    private static IllegalStateException openFailure(Path abs, ExodusException e) {
        String msg = String.valueOf(e.getMessage());
        if (msg.toLowerCase().contains("lock")) {
            return new IllegalStateException("xodus store directory " + abs + " is in use by another process (its lock file "
                + abs.resolve("xd.lck") + " is held): stop the other node or choose another directory", e);
        }
        return new IllegalStateException("xodus store directory " + abs + " is not a readable Xodus environment (" + msg
            + "); it may be damaged. It was left untouched: move it away or restore it from a backup", e);
    }

    /** A non-empty directory with no Xodus log file is someone else's: never write into it. */
    private static void refuseForeignFiles(Path abs) {
        List<String> names;
        try (Stream<Path> s = Files.list(abs)) {
            names = s.map(p -> p.getFileName().toString())
                .filter(n -> !n.equals("xd.lck") && !n.equals(OPEN_MARKER)).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list the xodus store directory " + abs + ": " + e, e);
        }
        if (!names.isEmpty() && names.stream().noneMatch(n -> n.endsWith(".xd"))) {
            throw new IllegalStateException("directory " + abs + " is not a peerset xodus store: it holds "
                + names.subList(0, Math.min(5, names.size())) + (names.size() > 5 ? " and more" : "")
                + " but no Xodus log (*.xd). Refusing to write into it: choose a new or empty directory");
        }
    }

    private static final String[] STORE_NAMES = {"ids", "time", "author", "tag", "address", "sums"};

    private static Map<String, Store> openStores(Path abs, Environment env) {
        return env.computeInExclusiveTransaction(txn -> {
            List<String> existing = env.getAllStoreNames(txn);
            Store meta;
            if (!existing.contains(META)) {
                if (!existing.isEmpty()) {
                    throw new IllegalStateException("directory " + abs + " holds a Xodus environment with stores " + existing
                        + " but no " + META + ": it belongs to another application. Refusing to touch it: choose another directory");
                }
                meta = env.openStore(META, StoreConfig.WITHOUT_DUPLICATES, txn);
                meta.put(txn, Keys.wrap(bytes("format")), Keys.wrap(bytes(FORMAT_NAME)));
                meta.put(txn, Keys.wrap(bytes("version")), Keys.wrap(bytes(Integer.toString(FORMAT_VERSION))));
                log.info("initialised a new xodus record store in {}", abs);
            } else {
                meta = env.openStore(META, StoreConfig.USE_EXISTING, txn);
                ByteIterable format = meta.get(txn, Keys.wrap(bytes("format")));
                ByteIterable version = meta.get(txn, Keys.wrap(bytes("version")));
                String f = format == null ? null : new String(Keys.bytes(format), StandardCharsets.UTF_8);
                String v = version == null ? null : new String(Keys.bytes(version), StandardCharsets.UTF_8);
                if (!FORMAT_NAME.equals(f)) {
                    throw new IllegalStateException("directory " + abs + " has a " + META + " store of format '" + f
                        + "', not '" + FORMAT_NAME + "'. Refusing to touch it: choose another directory");
                }
                if (!Integer.toString(FORMAT_VERSION).equals(v)) {
                    throw new IllegalStateException("xodus store " + abs + " has format version " + v + "; this peerset reads version "
                        + FORMAT_VERSION + ". Use the peerset release that wrote it, or another directory");
                }
                for (String name : STORE_NAMES) {
                    if (!existing.contains(name)) {
                        throw new IllegalStateException("xodus store " + abs + " lacks its '" + name
                            + "' store: it is damaged. It was left untouched: restore it from a backup or move it away");
                    }
                }
            }
            Map<String, Store> stores = new HashMap<>();
            for (String name : STORE_NAMES) {
                stores.put(name, env.openStore(name, StoreConfig.WITHOUT_DUPLICATES_WITH_PREFIXING, txn));
            }
            stores.put(META, meta);
            return stores;
        });
    }

    private static final String INDEX_TAGS = "index.tags";
    private static final int REBUILD_CHUNK = 10_000;

    /**
     * Makes the tag index cover exactly the tag names the options ask for. The names it
     * covers are kept in the meta store and written last, so a rebuild cut short by a
     * crash simply runs again at the next open.
     */
    private static void syncTagIndex(Path abs, Environment env, Map<String, Store> stores, java.util.Set<String> names) {
        Store meta = stores.get(META);
        Store tags = stores.get("tag");
        Store time = stores.get("time");
        String wanted = String.join(",", names);
        String current = env.computeInReadonlyTransaction(txn -> {
            ByteIterable v = meta.get(txn, Keys.wrap(bytes(INDEX_TAGS)));
            return v == null ? "" : new String(Keys.bytes(v), StandardCharsets.UTF_8);
        });
        if (current.equals(wanted)) {
            return;
        }
        log.info("xodus store {}: indexed tags change from [{}] to [{}]; rebuilding the tag index", abs, current, wanted);
        long deleted;
        do { // empty it, a chunk per transaction
            deleted = env.computeInExclusiveTransaction(txn -> {
                long n = 0;
                try (Cursor c = tags.openCursor(txn)) {
                    while (n < REBUILD_CHUNK && c.getNext()) {
                        c.deleteCurrent();
                        n++;
                    }
                }
                return n;
            });
        } while (deleted == REBUILD_CHUNK);
        long entries = 0;
        byte[][] from = {new byte[0]};
        while (from[0] != null && !names.isEmpty()) {
            entries += env.computeInExclusiveTransaction(txn -> {
                long n = 0;
                int seen = 0;
                try (Cursor c = time.openCursor(txn)) {
                    ByteIterable v = c.getSearchKeyRange(Keys.wrap(from[0]));
                    from[0] = null;
                    while (v != null) {
                        byte[] itemKey = Keys.bytes(c.getKey());
                        if (seen++ == REBUILD_CHUNK) {
                            from[0] = itemKey;
                            break;
                        }
                        SignedRecord r = RecordCodec.decode(Keys.bytes(v));
                        for (byte[] tk : Keys.tagKeys(r, itemKey, names)) {
                            tags.put(txn, Keys.wrap(tk), ByteIterable.EMPTY);
                            n++;
                        }
                        v = c.getNext() ? c.getValue() : null;
                    }
                }
                return n;
            });
        }
        env.executeInExclusiveTransaction(txn -> meta.put(txn, Keys.wrap(bytes(INDEX_TAGS)), Keys.wrap(bytes(wanted))));
        log.info("xodus store {}: tag index rebuilt for [{}], {} entries", abs, wanted, entries);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The directory this store lives in. */
    public Path directory() {
        return dir;
    }

    // ================================================================= writes

    @Override
    public PutOutcome put(SignedRecord record) {
        Objects.requireNonNull(record, "record");
        return submit(new PendingWrite(List.of(record), null, null)).outcomes.get(0);
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
        return List.copyOf(submit(new PendingWrite(List.copyOf(batch), null, null)).outcomes);
    }

    @Override
    public boolean delete(String id) {
        Objects.requireNonNull(id, "id");
        byte[] idBytes = parseId(id);
        if (idBytes == null) {
            requireOpen();
            return false;
        }
        return submit(new PendingWrite(List.of(), idBytes, null)).deleted;
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
            PendingWrite chunk = submit(new PendingWrite(List.of(), null, end));
            total += chunk.pruned;
            if (!chunk.pruneMore) {
                break;
            }
        }
        if (total > 0) {
            log.debug("pruned {} records created before {} from {}", total, createdAtSeconds, dir);
        }
        return total;
    }

    /** One caller's queued write: records to put, an id to delete, or a chunk of pruning. */
    private static final class PendingWrite {
        final List<SignedRecord> puts;
        final byte[] deleteId;
        final byte[] pruneEnd;
        final CompletableFuture<PendingWrite> done = new CompletableFuture<>();
        List<PutOutcome> outcomes;
        boolean deleted;
        long pruned;
        boolean pruneMore;

        PendingWrite(List<SignedRecord> puts, byte[] deleteId, byte[] pruneEnd) {
            this.puts = puts;
            this.deleteId = deleteId;
            this.pruneEnd = pruneEnd;
        }

        int size() {
            return pruneEnd != null ? PRUNE_CHUNK : Math.max(1, puts.size());
        }
    }

    /** Queues a write for the writer thread and waits (uninterruptibly) until it is committed. */
    private PendingWrite submit(PendingWrite w) {
        synchronized (lifecycle) {
            requireOpen();
            queue.add(w);
        }
        try {
            return w.done.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            throw new IllegalStateException("write to xodus store " + dir + " failed: " + cause, cause);
        }
    }

    /** The writer thread: takes whatever is queued (up to batch.max records) and commits it in one transaction. */
    private void writeLoop() {
        List<PendingWrite> batch = new ArrayList<>();
        while (true) {
            PendingWrite first;
            try {
                first = queue.take();
            } catch (InterruptedException e) {
                continue; // only close() stops this thread, through STOP
            }
            if (first == STOP) {
                return;
            }
            batch.clear();
            batch.add(first);
            int n = first.size();
            PendingWrite next;
            while ((next = queue.peek()) != null && next != STOP && n + next.size() <= options.batchMax) {
                batch.add(queue.poll());
                n += next.size();
            }
            try {
                if (!commit(batch) && batch.size() > 1) {
                    // one bad write must not fail its neighbours: retry each on its own
                    for (PendingWrite p : batch) {
                        commit(List.of(p));
                    }
                }
            } catch (Throwable t) {
                for (PendingWrite p : batch) {
                    p.done.completeExceptionally(t);
                }
                if (t instanceof Error) {
                    log.error("writer of xodus store {} failed", dir, t);
                }
            }
        }
    }

    /** Commits these writes in one transaction and completes them; false (and failed if alone) if it threw. */
    private boolean commit(List<PendingWrite> batch) {
        List<String> removed = new ArrayList<>();
        Tx[] last = new Tx[1];
        try {
            env.executeInTransaction(txn -> {
                removed.clear();
                Tx tx = new Tx(txn, removed);
                last[0] = tx;
                for (PendingWrite p : batch) {
                    if (p.deleteId != null) {
                        p.deleted = removeRecord(tx, p.deleteId);
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
                tx.flush();
            });
        } catch (RuntimeException e) {
            log.warn("commit of {} writes to xodus store {} failed: {}", batch.size(), dir, e.toString());
            if (batch.size() == 1) {
                batch.get(0).done.completeExceptionally(e);
            }
            return false;
        }
        commits.incrementAndGet();
        authorCounts.putAll(last[0].newCounts); // now committed
        forget(removed);
        for (PendingWrite p : batch) {
            p.done.complete(p);
        }
        return true;
    }

    /**
     * One write transaction: the Xodus transaction, the sum-trie changes and the author
     * count changes, both accumulated and written once per touched key at {@link #flush()}.
     */
    private final class Tx {
        final Transaction txn;
        final SumTree.Batch sums;
        final List<String> removed;
        private final Map<SumTree.Key, long[]> authorDelta = new HashMap<>();
        final Map<SumTree.Key, Long> newCounts = new HashMap<>();

        Tx(Transaction txn, List<String> removed) {
            this.txn = txn;
            this.sums = XodusRecordStore.this.sums.batch(txn);
            this.removed = removed;
        }

        void countAuthor(byte[] pubkey, long delta) {
            authorDelta.computeIfAbsent(new SumTree.Key(pubkey), k -> new long[1])[0] += delta;
        }

        void flush() {
            for (Map.Entry<SumTree.Key, long[]> e : authorDelta.entrySet()) {
                long delta = e.getValue()[0];
                if (delta == 0) {
                    continue;
                }
                ByteIterable key = Keys.wrap(Keys.authorCountKey(e.getKey().bytes));
                Long known = authorCounts.get(e.getKey());
                if (known == null) {
                    ByteIterable v = byAuthor.get(txn, key);
                    known = v == null ? 0 : Keys.getLong(Keys.bytes(v), 0);
                }
                long c = known + delta;
                if (c < 0) {
                    throw new IllegalStateException("xodus store " + dir + " is inconsistent: author " + e.getKey()
                        + " would count " + c + " records");
                }
                if (c == 0) {
                    byAuthor.delete(txn, key);
                } else {
                    byAuthor.put(txn, key, Keys.wrap(Keys.longBytes(c)));
                }
                newCounts.put(e.getKey(), c);
            }
            authorDelta.clear();
            sums.flush();
        }
    }

    private void pruneChunk(Tx tx, PendingWrite p) {
        List<byte[]> ids = new ArrayList<>();
        try (Cursor c = time.openCursor(tx.txn)) {
            while (ids.size() < PRUNE_CHUNK && c.getNext()) {
                byte[] k = Keys.bytes(c.getKey());
                if (Arrays.compareUnsigned(k, p.pruneEnd) >= 0) {
                    break;
                }
                ids.add(Keys.itemId(k, 0));
            }
        }
        long n = 0;
        for (byte[] id : ids) {
            if (removeRecord(tx, id)) {
                n++;
            }
        }
        p.pruned = n;
        p.pruneMore = ids.size() == PRUNE_CHUNK;
    }

    /** Id of the writer thread (benchmarks measure its CPU time). */
    long writerThreadId() {
        return writer.getId();
    }

    /** Number of write transactions committed since open (for tests and metrics). */
    long commits() {
        return commits.get();
    }

    private PutOutcome insert(Tx tx, SignedRecord r) {
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
            if (ids.get(txn, idKey) != null) {
                return PutOutcome.DUPLICATE;
            }
            byte[] ak = Keys.addressKey(r.kind(), pubkey, r.isAddressable() ? r.d() : "");
            ByteIterable current = address.get(txn, Keys.wrap(ak));
            if (current != null) {
                byte[] cur = Keys.bytes(current);
                long curTs = Keys.itemTimestamp(cur, 0);
                byte[] curId = Keys.itemId(cur, 0);
                boolean newer = r.createdAt() != curTs ? r.createdAt() > curTs : Arrays.compareUnsigned(id, curId) < 0;
                if (!newer) {
                    return PutOutcome.SUPERSEDED;
                }
                removeRecord(tx, curId);
                outcome = PutOutcome.REPLACED;
            }
            address.put(txn, Keys.wrap(ak), Keys.wrap(itemKey));
            ids.put(txn, idKey, at);
        } else if (!ids.add(txn, idKey, at)) {
            // add = put-if-absent: one walk of the id tree instead of a lookup and then a put
            return PutOutcome.DUPLICATE;
        }
        time.put(txn, Keys.wrap(itemKey), Keys.wrap(RecordCodec.encode(r, id, pubkey)));
        byAuthor.put(txn, Keys.wrap(Keys.authorKey(pubkey, r.createdAt(), id)), ByteIterable.EMPTY);
        for (byte[] tk : Keys.tagKeys(r, itemKey, options.indexTags)) {
            byTag.put(txn, Keys.wrap(tk), ByteIterable.EMPTY);
        }
        tx.countAuthor(pubkey, 1);
        tx.sums.add(itemKey);
        return outcome;
    }

    /** The kind of the record stored as a time-index value, read at its fixed offset (no decoding). */
    private static int kindOf(ByteIterable timeValue) {
        return RecordCodec.kind(timeValue.getBytesUnsafe(), timeValue.getLength());
    }

    /** Removes a record and every index entry of it; false if it was not stored. */
    private boolean removeRecord(Tx tx, byte[] id) {
        Transaction txn = tx.txn;
        ByteIterable at = ids.get(txn, Keys.wrap(id));
        if (at == null) {
            return false;
        }
        byte[] itemKey = Keys.itemKey(Keys.getLong(Keys.bytes(at), 0), id);
        ByteIterable v = time.get(txn, Keys.wrap(itemKey));
        if (v == null) {
            throw new IllegalStateException("xodus store " + dir + " is inconsistent: record " + Hex.encode(id)
                + " is in the id index but not in the time index");
        }
        SignedRecord r = RecordCodec.decode(Keys.bytes(v));
        byte[] pubkey = Hex.decode(r.pubkey());
        ids.delete(txn, Keys.wrap(id));
        time.delete(txn, Keys.wrap(itemKey));
        byAuthor.delete(txn, Keys.wrap(Keys.authorKey(pubkey, r.createdAt(), id)));
        for (byte[] tk : Keys.tagKeys(r, itemKey, options.indexTags)) {
            byTag.delete(txn, Keys.wrap(tk));
        }
        tx.countAuthor(pubkey, -1);
        if (r.isAddressable() || r.isReplaceable()) {
            byte[] ak = Keys.addressKey(r.kind(), pubkey, r.isAddressable() ? r.d() : "");
            ByteIterable cur = address.get(txn, Keys.wrap(ak));
            if (cur != null && Arrays.equals(Keys.bytes(cur), itemKey)) {
                address.delete(txn, Keys.wrap(ak));
            }
        }
        tx.sums.remove(itemKey);
        tx.removed.add(Hex.encode(id));
        return true;
    }

    /** After a commit that removed records: drop them from the read cache. */
    private void forget(List<String> removedIds) {
        if (removedIds.isEmpty() || cache == null) {
            return;
        }
        synchronized (cacheLock) {
            removals++;
            cache.invalidateAll(removedIds);
        }
    }

    // ================================================================= reads

    @Override
    public Optional<SignedRecord> get(String id) {
        Objects.requireNonNull(id, "id");
        requireOpen();
        if (cache != null) {
            SignedRecord hit = cache.getIfPresent(id);
            if (hit != null) {
                return Optional.of(hit);
            }
        }
        byte[] idBytes = parseId(id);
        if (idBytes == null) {
            return Optional.empty();
        }
        long epoch = removalEpoch();
        SignedRecord r = read(txn -> load(txn, idBytes));
        if (r != null && cache != null) {
            synchronized (cacheLock) {
                if (removals == epoch) { // nothing was removed meanwhile: the record is current
                    cache.put(id, r);
                }
            }
        }
        return Optional.ofNullable(r);
    }

    @Override
    public boolean contains(String id) {
        Objects.requireNonNull(id, "id");
        requireOpen();
        if (cache != null && cache.getIfPresent(id) != null) {
            return true;
        }
        byte[] idBytes = parseId(id);
        return idBytes != null && read(txn -> ids.get(txn, Keys.wrap(idBytes)) != null);
    }

    private long removalEpoch() {
        synchronized (cacheLock) {
            return removals;
        }
    }

    /** The record with this id, or null. */
    private SignedRecord load(Transaction txn, byte[] id) {
        if (cache != null) {
            SignedRecord hit = cache.getIfPresent(Hex.encode(id));
            if (hit != null) {
                return hit;
            }
        }
        ByteIterable at = ids.get(txn, Keys.wrap(id));
        if (at == null) {
            return null;
        }
        ByteIterable v = time.get(txn, Keys.wrap(Keys.itemKey(Keys.getLong(Keys.bytes(at), 0), id)));
        if (v == null) {
            throw new IllegalStateException("xodus store " + dir + " is inconsistent: record " + Hex.encode(id)
                + " is in the id index but not in the time index");
        }
        return decode(v, id);
    }

    /** The record stored under an item key ({@code created_at ‖ id}), or null. */
    private SignedRecord loadItem(Transaction txn, byte[] itemKey, byte[] id) {
        if (cache != null) {
            SignedRecord hit = cache.getIfPresent(Hex.encode(id));
            if (hit != null) {
                return hit;
            }
        }
        ByteIterable v = time.get(txn, Keys.wrap(itemKey));
        return v == null ? null : decode(v, id);
    }

    private SignedRecord decode(ByteIterable v, byte[] id) {
        try {
            return RecordCodec.decode(Keys.bytes(v));
        } catch (RecordCodec.CorruptRecordException e) {
            throw new IllegalStateException("xodus store " + dir + ": record " + Hex.encode(id) + " is unreadable: " + e.getMessage(), e);
        }
    }

    @Override
    public List<SignedRecord> query(Query query) {
        Objects.requireNonNull(query, "query");
        requireOpen();
        return read(txn -> {
            // the narrowest index the query allows: authors, then an indexed tag, else time (kinds filtered on its values)
            Map<String, SignedRecord> all = new HashMap<>();
            Map.Entry<String, Set<String>> tag = indexedTag(query, options.indexTags);
            if (!query.authors().isEmpty()) {
                for (String author : query.authors()) {
                    addAll(all, newestMatching(txn, byAuthor, Hex.decode(author), query));
                }
            } else if (tag != null) {
                for (String value : tag.getValue()) {
                    addAll(all, newestMatching(txn, byTag, Keys.tagPrefix(tag.getKey(), value), query));
                }
            } else {
                addAll(all, newestMatching(txn, time, new byte[0], query));
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
        byte[] start = new byte[p + 40];
        System.arraycopy(prefix, 0, start, 0, p);
        Keys.putLong(start, p, query.until());
        Arrays.fill(start, p + 8, p + 40, (byte) 0xFF);
        long cutoff = -1;
        boolean kindInValue = index == time && !query.kinds().isEmpty();
        try (Cursor c = index.openCursor(txn)) {
            boolean ok;
            ByteIterable v = c.getSearchKeyRange(Keys.wrap(start));
            if (v == null) {
                ok = c.getLast();
            } else {
                ok = true;
                if (Arrays.compareUnsigned(Keys.bytes(c.getKey()), start) > 0) {
                    ok = c.getPrev();
                }
            }
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
                    byte[] id = Keys.itemId(k, p);
                    SignedRecord r = index == time ? decode(c.getValue(), id) : loadItem(txn, Arrays.copyOfRange(k, p, p + 40), id);
                    if (r == null) {
                        throw new IllegalStateException("xodus store " + dir + " is inconsistent: an index names record "
                            + Hex.encode(Keys.itemId(k, p)) + " which is not stored");
                    }
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

    @Override
    public long size() {
        requireOpen();
        return read(txn -> ids.count(txn));
    }

    @Override
    public long countByAuthor(String pubkey) {
        Objects.requireNonNull(pubkey, "pubkey");
        requireOpen();
        if (pubkey.length() != 64) {
            return 0;
        }
        byte[] pk;
        try {
            pk = Hex.decode(pubkey);
        } catch (IllegalArgumentException e) {
            return 0;
        }
        return read(txn -> {
            ByteIterable v = byAuthor.get(txn, Keys.wrap(Keys.authorCountKey(pk)));
            return v == null ? 0L : Keys.getLong(Keys.bytes(v), 0);
        });
    }

    @Override
    public SyncView syncView() {
        return view;
    }

    private <T> T read(Function<Transaction, T> body) {
        Transaction txn = env.beginReadonlyTransaction();
        try {
            return body.apply(txn);
        } finally {
            txn.abort();
        }
    }

    private static byte[] parseId(String id) {
        if (id.length() != 64) {
            return null;
        }
        try {
            return Hex.decode(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The reconciliation view, answered from the persisted sum trie. */
    private final class View implements SyncView {
        @Override public long count(Bound lower, Bound upper) {
            return sum(lower, upper).count();
        }

        @Override public FingerprintAccumulator sum(Bound lower, Bound upper) {
            requireOpen();
            if (lower.compareTo(upper) >= 0) {
                return new FingerprintAccumulator();
            }
            return read(txn -> {
                FingerprintAccumulator hi = sums.prefixSum(txn, Keys.itemKey(upper));
                if (!lower.equals(Bound.MIN)) {
                    hi.subtract(sums.prefixSum(txn, Keys.itemKey(lower)));
                }
                return hi;
            });
        }

        @Override public Bound nth(Bound lower, long k) {
            requireOpen();
            if (k < 0) {
                throw new IllegalArgumentException("nth needs k >= 0; got " + k);
            }
            return read(txn -> {
                long base = lower.equals(Bound.MIN) ? 0 : sums.prefixSum(txn, Keys.itemKey(lower)).count();
                byte[] item = sums.select(txn, base + k);
                return item == null ? Bound.MAX : Bound.at(Keys.itemTimestamp(item, 0), Keys.itemId(item, 0));
            });
        }

        @Override public void forEach(Bound lower, Bound upper, ItemVisitor visitor) {
            requireOpen();
            if (lower.compareTo(upper) >= 0) {
                return;
            }
            byte[] end = Keys.itemKey(upper);
            read(txn -> {
                try (Cursor c = time.openCursor(txn)) {
                    ByteIterable v = c.getSearchKeyRange(Keys.wrap(Keys.itemKey(lower)));
                    while (v != null) {
                        byte[] k = Keys.bytes(c.getKey());
                        if (Arrays.compareUnsigned(k, end) >= 0) {
                            break;
                        }
                        if (!visitor.visit(Keys.itemTimestamp(k, 0), Keys.itemId(k, 0))) {
                            break;
                        }
                        v = c.getNext() ? c.getValue() : null;
                    }
                }
                return null;
            });
        }

        @Override public long size() {
            requireOpen();
            return read(txn -> sums.total(txn).count());
        }
    }

    // ================================================================= integrity

    /**
     * Checks, by a full scan, that every index agrees with the records and that the
     * persisted sums equal sums recomputed from scratch. Slow (reads everything); for
     * tests, tools and operators, never called on the normal path.
     *
     * @return the problems found; empty when the store is consistent
     */
    public List<String> verifyIntegrity() {
        requireOpen();
        return read(txn -> {
            List<String> problems = new ArrayList<>();
            Map<String, Long> perAuthor = new HashMap<>();
            Map<String, byte[]> latest = new HashMap<>();
            long n = 0;
            long tagEntries = 0;
            try (Cursor c = time.openCursor(txn)) {
                while (c.getNext()) {
                    n++;
                    byte[] itemKey = Keys.bytes(c.getKey());
                    if (itemKey.length != Keys.ITEM_KEY_BYTES) {
                        problems.add("time index key " + Hex.encode(itemKey) + " is " + itemKey.length + " bytes, not " + Keys.ITEM_KEY_BYTES);
                        continue;
                    }
                    byte[] id = Keys.itemId(itemKey, 0);
                    SignedRecord r;
                    try {
                        r = RecordCodec.decode(Keys.bytes(c.getValue()));
                    } catch (RuntimeException e) {
                        problems.add("record " + Hex.encode(id) + " is unreadable: " + e.getMessage());
                        continue;
                    }
                    if (!r.id().equals(Hex.encode(id)) || r.createdAt() != Keys.itemTimestamp(itemKey, 0)) {
                        problems.add("record stored under " + Hex.encode(itemKey) + " has id " + r.id() + " and created_at " + r.createdAt());
                    }
                    byte[] pk = Hex.decode(r.pubkey());
                    ByteIterable at = ids.get(txn, Keys.wrap(id));
                    if (at == null) {
                        problems.add("record " + r.id() + " is missing from the id index");
                    } else if (Keys.getLong(Keys.bytes(at), 0) != r.createdAt()) {
                        problems.add("the id index gives record " + r.id() + " created_at " + Keys.getLong(Keys.bytes(at), 0) + ", not " + r.createdAt());
                    }
                    requirePresent(problems, txn, byAuthor, Keys.authorKey(pk, r.createdAt(), id), "author", r);
                    for (byte[] tk : Keys.tagKeys(r, itemKey, options.indexTags)) {
                        requirePresent(problems, txn, byTag, tk, "tag", r);
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
            }
            checkCount(problems, txn, ids, n, "id");
            checkCount(problems, txn, byTag, tagEntries, "tag");
            try (Cursor c = byAuthor.openCursor(txn)) {
                long authors = 0;
                long entries = 0;
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
                if (entries != n) {
                    problems.add("the author index has " + entries + " entries for " + n + " records");
                }
                if (authors != perAuthor.size()) {
                    problems.add("the author index counts " + authors + " authors but records have " + perAuthor.size());
                }
            }
            try (Cursor c = address.openCursor(txn)) {
                long entries = 0;
                while (c.getNext()) {
                    entries++;
                    String ak = Hex.encode(Keys.bytes(c.getKey()));
                    byte[] expected = latest.get(ak);
                    if (expected == null || !Arrays.equals(expected, Keys.bytes(c.getValue()))) {
                        problems.add("address entry " + ak + " does not point at the stored version");
                    }
                }
                if (entries != latest.size()) {
                    problems.add("address index has " + entries + " entries but " + latest.size() + " addressable records are stored");
                }
            }
            problems.addAll(sums.verify(txn));
            return problems;
        });
    }

    private static void requirePresent(List<String> problems, Transaction txn, Store index, byte[] key, String name, SignedRecord r) {
        if (index.get(txn, Keys.wrap(key)) == null) {
            problems.add("record " + r.id() + " is missing from the " + name + " index");
        }
    }

    private static void checkCount(List<String> problems, Transaction txn, Store index, long expected, String name) {
        long n = index.count(txn);
        if (n != expected) {
            problems.add("the " + name + " index has " + n + " entries for " + expected + " records");
        }
    }

    // ================================================================= lifecycle

    private void requireOpen() {
        if (closed) {
            throw closedException();
        }
    }

    private IllegalStateException closedException() {
        return new IllegalStateException("xodus store " + dir + " is closed");
    }

    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(STOP); // writes queued before close still commit
        }
        boolean interrupted = false;
        while (writer.isAlive()) {
            try {
                writer.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        env.close();
        try {
            Files.deleteIfExists(dir.resolve(OPEN_MARKER));
        } catch (IOException e) {
            log.warn("could not remove {} from {}: {}", OPEN_MARKER, dir, e.toString());
        }
        if (cache != null) {
            cache.invalidateAll();
        }
        log.info("closed xodus record store {}", dir);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override public String toString() {
        return "XodusRecordStore[" + dir + "]";
    }
}
