package io.peerset.core.store;

import io.peerset.api.Hex;
import io.peerset.api.Query;
import io.peerset.api.SignedRecord;
import io.peerset.api.spi.Bound;
import io.peerset.api.spi.FingerprintAccumulator;
import io.peerset.api.spi.PutOutcome;
import io.peerset.api.spi.RecordStore;
import io.peerset.api.spi.SyncView;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default store: everything on the heap, nothing survives the JVM.
 *
 * <p>Records are kept by id; an {@link OrderedIdTree} with id sums orders them by
 * {@code (created_at, id)} for reconciliation and time-ordered queries; one tree per
 * author (without sums) orders each author's records; replaceable and addressable
 * records are indexed by their coordinate ({@code (kind, pubkey)} or
 * {@code (kind, pubkey, d)}) so a newer version replaces an older one in O(1). The
 * two hash indexes are {@link RecordTable}s: arrays of record references, no
 * per-entry objects.
 * Every write updates every index under one write lock; reads share a read lock.
 */
public final class MemoryRecordStore implements RecordStore {
    private static final Logger log = LoggerFactory.getLogger(MemoryRecordStore.class);

    /** Newest first; equal timestamps lowest id first, as NIP-01 orders query results. */
    static final Comparator<SignedRecord> NEWEST_FIRST =
        Comparator.comparingLong(SignedRecord::createdAt).reversed().thenComparing(SignedRecord::id);

    /** How many items {@link SyncView#forEach} copies out per lock acquisition. */
    private static final int VISIT_BATCH = 256;

    private final ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
    private final Lock readLock = rw.readLock();
    private final Lock writeLock = rw.writeLock();

    private final RecordTable<String> byId = new RecordTable.ById();
    private final OrderedIdTree timeline = new OrderedIdTree(true);
    private final Map<String, OrderedIdTree> byAuthor = new HashMap<>();
    private final RecordTable<SignedRecord> latest = new RecordTable.ByCoordinate();
    private final SyncView view = new LockedSyncView();
    private boolean closed;

    /** An empty store. */
    public MemoryRecordStore() {}

    @Override
    public PutOutcome put(SignedRecord record) {
        Objects.requireNonNull(record, "record");
        writeLock.lock();
        try {
            requireOpen();
            return insert(record);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public List<PutOutcome> putAll(Collection<SignedRecord> records) {
        List<PutOutcome> out = new ArrayList<>(records.size());
        for (SignedRecord r : records) {
            Objects.requireNonNull(r, "records must not contain null");
        }
        writeLock.lock();
        try {
            requireOpen();
            for (SignedRecord r : records) {
                out.add(insert(r));
            }
        } finally {
            writeLock.unlock();
        }
        return out;
    }

    @Override
    public Optional<SignedRecord> get(String id) {
        readLock.lock();
        try {
            requireOpen();
            return Optional.ofNullable(byId.get(Objects.requireNonNull(id, "id")));
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public boolean contains(String id) {
        readLock.lock();
        try {
            requireOpen();
            return byId.get(Objects.requireNonNull(id, "id")) != null;
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public List<SignedRecord> query(Query query) {
        Objects.requireNonNull(query, "query");
        readLock.lock();
        try {
            requireOpen();
            if (!query.authors().isEmpty()) {
                List<SignedRecord> all = new ArrayList<>();
                for (String author : query.authors()) {
                    OrderedIdTree tree = byAuthor.get(author);
                    if (tree != null) {
                        all.addAll(newestMatching(tree, query));
                    }
                }
                all.sort(NEWEST_FIRST);
                return all.size() > query.limit() ? new ArrayList<>(all.subList(0, query.limit())) : all;
            }
            return newestMatching(timeline, query);
        } finally {
            readLock.unlock();
        }
    }

    /**
     * The newest {@code query.limit()} records of one ordered index that match the
     * query. The tree runs highest (created_at, id) first, but ties must come out
     * lowest id first, so the scan finishes the timestamp group where the limit falls
     * before sorting and cutting.
     */
    private List<SignedRecord> newestMatching(OrderedIdTree tree, Query query) {
        List<SignedRecord> found = new ArrayList<>();
        int limit = query.limit();
        long[] cutoff = {-1};
        tree.forEachNewestFirst(query.since(), query.until(), (createdAt, id) -> {
            if (cutoff[0] >= 0 && createdAt < cutoff[0]) {
                return false;
            }
            SignedRecord r = byId.get(Hex.encode(id));
            if (r != null && query.matches(r)) {
                found.add(r);
                if (found.size() == limit) {
                    cutoff[0] = createdAt;
                }
            }
            return true;
        });
        found.sort(NEWEST_FIRST);
        return found.size() > limit ? new ArrayList<>(found.subList(0, limit)) : found;
    }

    @Override
    public long size() {
        readLock.lock();
        try {
            requireOpen();
            return byId.size();
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public long countByAuthor(String pubkey) {
        readLock.lock();
        try {
            requireOpen();
            OrderedIdTree tree = byAuthor.get(pubkey);
            return tree == null ? 0 : tree.size();
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public boolean delete(String id) {
        writeLock.lock();
        try {
            requireOpen();
            SignedRecord r = byId.get(id);
            if (r == null) {
                return false;
            }
            unindex(r);
            return true;
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public long pruneOlderThan(long createdAtSeconds) {
        writeLock.lock();
        try {
            requireOpen();
            if (createdAtSeconds <= 0) {
                return 0;
            }
            List<SignedRecord> old = new ArrayList<>();
            timeline.forEach(Bound.MIN, Bound.of(createdAtSeconds, new byte[0]), (createdAt, id) -> {
                old.add(byId.get(Hex.encode(id)));
                return true;
            });
            for (SignedRecord r : old) {
                unindex(r);
            }
            if (!old.isEmpty()) {
                log.debug("pruned {} records created before {}", old.size(), createdAtSeconds);
            }
            return old.size();
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public SyncView syncView() {
        return view;
    }

    @Override
    public void close() {
        writeLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            byId.clear();
            timeline.clear();
            byAuthor.clear();
            latest.clear();
        } finally {
            writeLock.unlock();
        }
    }

    // ------------------------------------------------------------------ under the write lock

    private PutOutcome insert(SignedRecord r) {
        if (r.isEphemeral()) {
            return PutOutcome.EPHEMERAL;
        }
        if (byId.get(r.id()) != null) {
            return PutOutcome.DUPLICATE;
        }
        PutOutcome outcome = PutOutcome.STORED;
        if (hasCoordinate(r)) {
            SignedRecord current = latest.get(r);
            if (current != null) {
                if (!supersedes(r, current)) {
                    return PutOutcome.SUPERSEDED;
                }
                unindex(current);
                outcome = PutOutcome.REPLACED;
            }
            latest.put(r);
        }
        byId.put(r);
        byte[] id = r.idBytes();
        timeline.add(r.createdAt(), id);
        byAuthor.computeIfAbsent(r.pubkey(), k -> new OrderedIdTree(false)).add(r.createdAt(), id);
        return outcome;
    }

    /** NIP-01: the newer created_at wins; on a tie the lowest id (first in lexical order) wins. */
    static boolean supersedes(SignedRecord candidate, SignedRecord current) {
        if (candidate.createdAt() != current.createdAt()) {
            return candidate.createdAt() > current.createdAt();
        }
        return candidate.id().compareTo(current.id()) < 0;
    }

    /** Removes a stored record from every index. */
    private void unindex(SignedRecord r) {
        byId.remove(r);
        byte[] id = r.idBytes();
        timeline.remove(r.createdAt(), id);
        OrderedIdTree tree = byAuthor.get(r.pubkey());
        if (tree != null) {
            tree.remove(r.createdAt(), id);
            if (tree.size() == 0) {
                byAuthor.remove(r.pubkey());
            }
        }
        if (hasCoordinate(r)) {
            latest.remove(r);
        }
    }

    /** Replaceable and addressable records have a coordinate that a newer version takes over. */
    private static boolean hasCoordinate(SignedRecord r) {
        return r.isAddressable() || r.isReplaceable();
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("this memory store is closed; open a new one with RecordStoreProvider \"memory\"");
        }
    }

    // ------------------------------------------------------------------ sync view

    /** The timeline behind the read lock; forEach copies batches out so visitors run unlocked. */
    private final class LockedSyncView implements SyncView {
        @Override
        public long count(Bound lower, Bound upper) {
            readLock.lock();
            try {
                requireOpen();
                return timeline.count(lower, upper);
            } finally {
                readLock.unlock();
            }
        }

        @Override
        public FingerprintAccumulator sum(Bound lower, Bound upper) {
            readLock.lock();
            try {
                requireOpen();
                return timeline.sum(lower, upper);
            } finally {
                readLock.unlock();
            }
        }

        @Override
        public Bound nth(Bound lower, long k) {
            readLock.lock();
            try {
                requireOpen();
                return timeline.nth(lower, k);
            } finally {
                readLock.unlock();
            }
        }

        @Override
        public long size() {
            readLock.lock();
            try {
                requireOpen();
                return timeline.size();
            } finally {
                readLock.unlock();
            }
        }

        @Override
        public void forEach(Bound lower, Bound upper, ItemVisitor visitor) {
            long[] times = new long[VISIT_BATCH];
            byte[][] ids = new byte[VISIT_BATCH][];
            Bound from = lower;
            while (from != null && from.compareTo(upper) < 0) {
                int[] n = {0};
                readLock.lock();
                try {
                    requireOpen();
                    timeline.forEach(from, upper, (createdAt, id) -> {
                        times[n[0]] = createdAt;
                        ids[n[0]] = id;
                        return ++n[0] < VISIT_BATCH;
                    });
                } finally {
                    readLock.unlock();
                }
                for (int i = 0; i < n[0]; i++) {
                    if (!visitor.visit(times[i], ids[i])) {
                        return;
                    }
                }
                if (n[0] < VISIT_BATCH) {
                    return;
                }
                from = successor(times[n[0] - 1], ids[n[0] - 1]);
            }
        }
    }

    /** The bound just above item (createdAt, id), or null if none can be. */
    static Bound successor(long createdAt, byte[] id) {
        byte[] next = id.clone();
        for (int i = next.length - 1; i >= 0; i--) {
            if (++next[i] != 0) {
                return Bound.of(createdAt, next);
            }
        }
        return createdAt == Long.MAX_VALUE ? null : Bound.of(createdAt + 1, new byte[32]);
    }
}
