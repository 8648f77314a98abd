package io.peerset.store.xodus;

import io.peerset.api.spi.Bound;
import io.peerset.api.spi.FingerprintAccumulator;
import io.peerset.api.spi.SyncView;
import java.util.Arrays;
import jetbrains.exodus.ByteIterable;
import jetbrains.exodus.env.Cursor;

/** The reconciliation view of a store, answered from its persisted sum trie and time index. */
final class XodusSyncView implements SyncView {
    private final XodusStores s;
    private final Runnable requireOpen;

    /** {@code requireOpen} throws if the store is closed; every call runs it first. */
    XodusSyncView(XodusStores s, Runnable requireOpen) {
        this.s = s;
        this.requireOpen = requireOpen;
    }

    @Override public long count(Bound lower, Bound upper) {
        return sum(lower, upper).count();
    }

    @Override public FingerprintAccumulator sum(Bound lower, Bound upper) {
        requireOpen.run();
        if (lower.compareTo(upper) >= 0) {
            return new FingerprintAccumulator();
        }
        return s.read(txn -> {
            FingerprintAccumulator hi = s.sums.prefixSum(txn, Keys.itemKey(upper));
            if (!lower.equals(Bound.MIN)) {
                hi.subtract(s.sums.prefixSum(txn, Keys.itemKey(lower)));
            }
            return hi;
        });
    }

    @Override public Bound nth(Bound lower, long k) {
        requireOpen.run();
        if (k < 0) {
            throw new IllegalArgumentException("nth needs k >= 0; got " + k);
        }
        return s.read(txn -> {
            long base = lower.equals(Bound.MIN) ? 0 : s.sums.prefixSum(txn, Keys.itemKey(lower)).count();
            byte[] item = s.sums.select(txn, base + k);
            return item == null ? Bound.MAX : Bound.at(Keys.itemTimestamp(item, 0), Keys.itemId(item, 0));
        });
    }

    @Override public void forEach(Bound lower, Bound upper, ItemVisitor visitor) {
        requireOpen.run();
        if (lower.compareTo(upper) >= 0) {
            return;
        }
        byte[] end = Keys.itemKey(upper);
        s.read(txn -> {
            try (Cursor c = s.time.openCursor(txn)) {
                ByteIterable v = c.getSearchKeyRange(Keys.wrap(Keys.itemKey(lower)));
                while (v != null) {
                    byte[] k = Keys.bytes(c.getKey());
                    if (Arrays.compareUnsigned(k, end) >= 0 || !visitor.visit(Keys.itemTimestamp(k, 0), Keys.itemId(k, 0))) {
                        break;
                    }
                    v = c.getNext() ? c.getValue() : null;
                }
            }
            return null;
        });
    }

    @Override public long size() {
        requireOpen.run();
        return s.read(txn -> s.sums.total(txn).count());
    }
}
