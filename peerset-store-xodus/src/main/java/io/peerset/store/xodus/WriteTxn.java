package io.peerset.store.xodus;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jetbrains.exodus.ByteIterable;
import jetbrains.exodus.env.Transaction;

/**
 * One write transaction: the Xodus transaction, the sum-trie changes and the author
 * count changes, both accumulated and written once per touched key at {@link #flush()},
 * and the ids of the records it removed.
 */
final class WriteTxn {
    final Transaction txn;
    final SumTree.Batch sums;
    final List<String> removed;
    private final XodusStores s;
    /** Committed author counts known to the writer (read only here). */
    private final Map<SumTree.Key, Long> knownCounts;
    private final Map<SumTree.Key, long[]> authorDelta = new HashMap<>();
    /** The author counts this transaction writes, to remember once it has committed. */
    final Map<SumTree.Key, Long> newCounts = new HashMap<>();

    WriteTxn(XodusStores s, Transaction txn, Map<SumTree.Key, Long> knownCounts, List<String> removed) {
        this.s = s;
        this.txn = txn;
        this.sums = s.sums.batch(txn);
        this.knownCounts = knownCounts;
        this.removed = removed;
    }

    void countAuthor(byte[] pubkey, long delta) {
        authorDelta.computeIfAbsent(new SumTree.Key(pubkey), k -> new long[1])[0] += delta;
    }

    void flush() {
        for (Map.Entry<SumTree.Key, long[]> e : authorDelta.entrySet()) {
            long delta = e.getValue()[0];
            if (delta != 0) {
                writeCount(e.getKey(), delta);
            }
        }
        authorDelta.clear();
        sums.flush();
    }

    private void writeCount(SumTree.Key author, long delta) {
        ByteIterable key = Keys.wrap(Keys.authorCountKey(author.bytes));
        Long known = knownCounts.get(author);
        if (known == null) {
            ByteIterable v = s.author.get(txn, key);
            known = v == null ? 0 : Keys.getLong(Keys.bytes(v), 0);
        }
        long c = known + delta;
        if (c < 0) {
            throw s.inconsistent("author " + author + " would count " + c + " records");
        }
        if (c == 0) {
            s.author.delete(txn, key);
        } else {
            s.author.put(txn, key, Keys.wrap(Keys.longBytes(c)));
        }
        newCounts.put(author, c);
    }
}
