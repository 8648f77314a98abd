package io.peerset.store.xodus;

import io.peerset.api.SignedRecord;
import io.peerset.api.spi.PutOutcome;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** One caller's queued write: records to put, an id to delete, or a chunk of pruning. */
final class PendingWrite {
    /** How many records one prune chunk removes at most (each chunk is its own commit). */
    static final int PRUNE_CHUNK = 2_000;

    final List<SignedRecord> puts;
    final byte[] deleteId;
    final byte[] pruneEnd;
    final CompletableFuture<PendingWrite> done = new CompletableFuture<>();
    List<PutOutcome> outcomes;
    boolean deleted;
    long pruned;
    boolean pruneMore;

    private PendingWrite(List<SignedRecord> puts, byte[] deleteId, byte[] pruneEnd) {
        this.puts = puts;
        this.deleteId = deleteId;
        this.pruneEnd = pruneEnd;
    }

    static PendingWrite put(List<SignedRecord> records) {
        return new PendingWrite(records, null, null);
    }

    static PendingWrite delete(byte[] id) {
        return new PendingWrite(List.of(), id, null);
    }

    /** Removes up to {@link #PRUNE_CHUNK} records whose item key sorts before {@code end}. */
    static PendingWrite pruneChunk(byte[] end) {
        return new PendingWrite(List.of(), null, end);
    }

    /** The marker that stops the writer thread. */
    static PendingWrite stop() {
        return new PendingWrite(List.of(), null, null);
    }

    /** Its weight against {@code batch.max}. */
    int size() {
        return pruneEnd != null ? PRUNE_CHUNK : Math.max(1, puts.size());
    }
}
