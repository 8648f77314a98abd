package io.peerset.api.spi;

/**
 * The ordered set of {@code (createdAt, id)} items that Negentropy reconciles,
 * with the range queries it needs. Every method is expected to take O(log n) (or
 * O(log n + items visited) for {@link #forEach}); a store keeps the fingerprint
 * sums incrementally and never rebuilds them.
 *
 * <p>Ranges are half-open: {@code [lower, upper)}.
 */
public interface SyncView {
    /** Number of items in {@code [lower, upper)}. */
    long count(Bound lower, Bound upper);

    /** Sum and count of the ids in {@code [lower, upper)} (a fresh accumulator the caller may modify). */
    FingerprintAccumulator sum(Bound lower, Bound upper);

    /** The 16-byte Negentropy fingerprint of {@code [lower, upper)}. */
    default byte[] fingerprint(Bound lower, Bound upper) {
        return sum(lower, upper).fingerprint();
    }

    /**
     * The position of the {@code k}-th item (0-based) at or above {@code lower}, as an
     * exact bound, or {@link Bound#MAX} if there are not that many.
     */
    Bound nth(Bound lower, long k);

    /** Visits the items of {@code [lower, upper)} in order until the visitor returns false. */
    void forEach(Bound lower, Bound upper, ItemVisitor visitor);

    /** Total number of items. */
    default long size() {
        return count(Bound.MIN, Bound.MAX);
    }

    /** Receives items in order. */
    @FunctionalInterface
    interface ItemVisitor {
        /** @return false to stop */
        boolean visit(long createdAt, byte[] id);
    }
}
