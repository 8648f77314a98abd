package io.peerset.store.xodus;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.peerset.api.SignedRecord;
import java.util.List;

/**
 * The read cache of records by id, bounded by {@code cache.records} (0: none). A read
 * caches what it found only if no record left the store meanwhile, so the cache never
 * brings back a removed record.
 */
final class RecordCache {
    private final Cache<String, SignedRecord> cache;
    private final Object lock = new Object();
    private long removals; // guarded by lock: bumped whenever records leave the store

    RecordCache(long maximumSize) {
        this.cache = maximumSize == 0 ? null : Caffeine.newBuilder().maximumSize(maximumSize).build();
    }

    /** The cached record, or null. */
    SignedRecord get(String id) {
        return cache == null ? null : cache.getIfPresent(id);
    }

    /** The removal epoch to pass to {@link #putIfCurrent}, taken before reading the record. */
    long epoch() {
        synchronized (lock) {
            return removals;
        }
    }

    /** Caches a record read at {@code epoch} if nothing was removed since (so it is current). */
    void putIfCurrent(long epoch, String id, SignedRecord r) {
        if (cache == null) {
            return;
        }
        synchronized (lock) {
            if (removals == epoch) {
                cache.put(id, r);
            }
        }
    }

    /** After a commit that removed records: drop them. */
    void forget(List<String> removedIds) {
        if (removedIds.isEmpty() || cache == null) {
            return;
        }
        synchronized (lock) {
            removals++;
            cache.invalidateAll(removedIds);
        }
    }

    void clear() {
        if (cache != null) {
            cache.invalidateAll();
        }
    }
}
