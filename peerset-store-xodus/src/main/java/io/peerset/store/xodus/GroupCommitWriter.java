package io.peerset.store.xodus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's one writer thread. Callers queue their writes and wait; the thread takes
 * everything queued so far (up to {@code batch.max} records) and commits it in one
 * transaction, so a burst from many threads costs few fsyncs. A dedicated thread also
 * keeps caller interrupts away from Xodus' file channel, which an interrupt would close.
 */
final class GroupCommitWriter {
    private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);
    private static final int AUTHOR_COUNT_CACHE = 65_536;

    private final XodusStores s;
    private final RecordWrites writes;
    private final int batchMax;
    private final Consumer<List<String>> onRemoved;
    private final LinkedBlockingQueue<PendingWrite> queue = new LinkedBlockingQueue<>();
    private final PendingWrite stop = PendingWrite.stop();
    private final Object lifecycle = new Object();
    private final Thread thread;
    private final AtomicLong commits = new AtomicLong();
    private volatile boolean closed;
    /**
     * Committed record counts of recently written authors (writer thread only), so a
     * commit updates an author's count without reading it back first.
     */
    private final Map<SumTree.Key, Long> authorCounts = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override protected boolean removeEldestEntry(Map.Entry<SumTree.Key, Long> eldest) {
            return size() > AUTHOR_COUNT_CACHE;
        }
    };

    /** Starts the writer thread; {@code onRemoved} hears the ids each commit removed, once it has committed. */
    GroupCommitWriter(XodusStores s, XodusStoreOptions options, Consumer<List<String>> onRemoved) {
        this.s = s;
        this.writes = new RecordWrites(s, options.indexTags);
        this.batchMax = options.batchMax;
        this.onRemoved = onRemoved;
        this.thread = new Thread(this::loop, "peerset-xodus-writer[" + s.dir.getFileName() + "]");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    boolean isClosed() {
        return closed;
    }

    IllegalStateException closedException() {
        return new IllegalStateException("xodus store " + s.dir + " is closed");
    }

    /** Queues a write and waits (uninterruptibly) until it is committed. */
    PendingWrite submit(PendingWrite w) {
        synchronized (lifecycle) {
            if (closed) {
                throw closedException();
            }
            queue.add(w);
        }
        try {
            return w.done.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            throw new IllegalStateException("write to xodus store " + s.dir + " failed: " + cause, cause);
        }
    }

    /**
     * Stops taking writes; the writes queued before still commit.
     *
     * @return false if it was already closed
     */
    boolean close() {
        synchronized (lifecycle) {
            if (closed) {
                return false;
            }
            closed = true;
            queue.add(stop);
        }
        return true;
    }

    /**
     * Waits until the thread has committed what was queued and ended.
     *
     * @return whether the caller was interrupted meanwhile (its flag is left clear, for the caller to restore)
     */
    boolean awaitEnd() {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        return interrupted;
    }

    long threadId() {
        return thread.getId();
    }

    long commits() {
        return commits.get();
    }

    private void loop() {
        List<PendingWrite> batch = new ArrayList<>();
        while (true) {
            PendingWrite first;
            try {
                first = queue.take();
            } catch (InterruptedException e) {
                continue; // only close() stops this thread, through the stop marker
            }
            if (first == stop) {
                return;
            }
            batch.clear();
            batch.add(first);
            int n = first.size();
            PendingWrite next;
            while ((next = queue.peek()) != null && next != stop && n + next.size() <= batchMax) {
                batch.add(queue.poll());
                n += next.size();
            }
            commitOrRetryAlone(batch);
        }
    }

    private void commitOrRetryAlone(List<PendingWrite> batch) {
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
                log.error("writer of xodus store {} failed", s.dir, t);
            }
        }
    }

    /** Commits these writes in one transaction and completes them; false (and failed if alone) if it threw. */
    private boolean commit(List<PendingWrite> batch) {
        List<String> removed = new ArrayList<>();
        WriteTxn[] last = new WriteTxn[1];
        try {
            s.env.executeInTransaction(txn -> {
                removed.clear();
                WriteTxn tx = new WriteTxn(s, txn, authorCounts, removed);
                last[0] = tx;
                for (PendingWrite p : batch) {
                    writes.apply(tx, p);
                }
                tx.flush();
            });
        } catch (RuntimeException e) {
            log.warn("commit of {} writes to xodus store {} failed: {}", batch.size(), s.dir, e.toString());
            if (batch.size() == 1) {
                batch.get(0).done.completeExceptionally(e);
            }
            return false;
        }
        commits.incrementAndGet();
        authorCounts.putAll(last[0].newCounts); // now committed
        onRemoved.accept(removed);
        for (PendingWrite p : batch) {
            p.done.complete(p);
        }
        return true;
    }
}
