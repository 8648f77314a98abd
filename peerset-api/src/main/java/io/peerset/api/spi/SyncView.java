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
    /**
     * Number of items in {@code [lower, upper)}.
     *
     * @param lower the inclusive lower bound
     * @param upper the exclusive upper bound
     * @return the item count
     */
    long count(Bound lower, Bound upper);

    /**
     * Sum and count of the ids in {@code [lower, upper)} (a fresh accumulator the caller may modify).
     *
     * @param lower the inclusive lower bound
     * @param upper the exclusive upper bound
     * @return a new accumulator
     */
    FingerprintAccumulator sum(Bound lower, Bound upper);

    /**
     * The 16-byte Negentropy fingerprint of {@code [lower, upper)}.
     *
     * @param lower the inclusive lower bound
     * @param upper the exclusive upper bound
     * @return the fingerprint
     */
    default byte[] fingerprint(Bound lower, Bound upper) {
        return sum(lower, upper).fingerprint();
    }

    /**
     * The position of the {@code k}-th item (0-based) at or above {@code lower}, as an
     * exact bound, or {@link Bound#MAX} if there are not that many.
     *
     * @param lower the inclusive lower bound
     * @param k the 0-based index of the item
     * @return the item's exact bound, or {@link Bound#MAX}
     */
    Bound nth(Bound lower, long k);

    /**
     * Visits the items of {@code [lower, upper)} in order until the visitor returns false.
     *
     * @param lower the inclusive lower bound
     * @param upper the exclusive upper bound
     * @param visitor called with each item
     */
    void forEach(Bound lower, Bound upper, ItemVisitor visitor);

    /** {@return the total number of items} */
    default long size() {
        return count(Bound.MIN, Bound.MAX);
    }

    /** Receives items in order. */
    @FunctionalInterface
    interface ItemVisitor {
        /**
         * Receives one item.
         *
         * @param createdAt the item's creation time in seconds
         * @param id the item's 32-byte id
         * @return false to stop
         */
        boolean visit(long createdAt, byte[] id);
    }
}
