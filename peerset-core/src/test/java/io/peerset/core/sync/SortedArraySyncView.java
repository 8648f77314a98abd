package io.peerset.core.sync;

import io.peerset.api.spi.Bound;
import io.peerset.api.spi.FingerprintAccumulator;
import io.peerset.api.spi.SyncView;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Test-only SyncView: an immutable sorted array with prefix sums, so count, sum and
 * nth are O(log n) binary searches and forEach visits only the items asked for.
 */
final class SortedArraySyncView implements SyncView {
    /** One (createdAt, id) item. */
    record Item(long createdAt, byte[] id) {
        static final Comparator<Item> ORDER = (a, b) -> {
            int c = Long.compare(a.createdAt, b.createdAt);
            return c != 0 ? c : Arrays.compareUnsigned(a.id, b.id);
        };
    }

    private final long[] timestamps;
    private final byte[][] ids;
    private final FingerprintAccumulator[] prefix; // prefix[i] = sum of items [0, i)

    private SortedArraySyncView(List<Item> sorted) {
        int n = sorted.size();
        timestamps = new long[n];
        ids = new byte[n][];
        prefix = new FingerprintAccumulator[n + 1];
        FingerprintAccumulator acc = new FingerprintAccumulator();
        prefix[0] = acc.copy();
        for (int i = 0; i < n; i++) {
            Item it = sorted.get(i);
            timestamps[i] = it.createdAt();
            ids[i] = it.id().clone();
            acc.add(ids[i]);
            prefix[i + 1] = acc.copy();
        }
    }

    static SortedArraySyncView of(Collection<Item> items) {
        List<Item> sorted = new ArrayList<>(items);
        sorted.sort(Item.ORDER);
        for (int i = 1; i < sorted.size(); i++) {
            if (Item.ORDER.compare(sorted.get(i - 1), sorted.get(i)) == 0) {
                throw new IllegalArgumentException("duplicate item at sorted position " + i);
            }
        }
        return new SortedArraySyncView(sorted);
    }

    /** Index of the first item at or above the bound. */
    private int index(Bound b) {
        int lo = 0;
        int hi = timestamps.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (b.compareTo(timestamps[mid], ids[mid]) > 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    @Override public long count(Bound lower, Bound upper) {
        return Math.max(0, index(upper) - index(lower));
    }

    @Override public FingerprintAccumulator sum(Bound lower, Bound upper) {
        int lo = index(lower);
        int hi = Math.max(lo, index(upper));
        return prefix[hi].copy().subtract(prefix[lo]);
    }

    @Override public Bound nth(Bound lower, long k) {
        long i = index(lower) + k;
        return i >= timestamps.length ? Bound.MAX : Bound.at(timestamps[(int) i], ids[(int) i]);
    }

    @Override public void forEach(Bound lower, Bound upper, ItemVisitor visitor) {
        int hi = index(upper);
        for (int i = index(lower); i < hi; i++) {
            if (!visitor.visit(timestamps[i], ids[i].clone())) {
                return;
            }
        }
    }

    @Override public long size() {
        return timestamps.length;
    }
}
