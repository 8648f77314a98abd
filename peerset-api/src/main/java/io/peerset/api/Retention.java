package io.peerset.api;

import java.time.Duration;
import java.util.Objects;

/**
 * Which records a node keeps and how often it prunes the rest, one immutable group of
 * {@link PeersetConfig}: made by {@link #ofMaxAge(Duration)} or {@link #builder()}, validated at
 * every setter, set with {@link PeersetConfig.Builder#retention(Retention)}.
 * {@link PeersetConfig.Builder#retention(Duration)} sets the maximum age alone.
 *
 * <pre>{@code
 * Peerset.builder().retention(Retention.builder().maxAge(Duration.ofDays(7)).pruneInterval(Duration.ofHours(1)).build())
 * }</pre>
 */
public final class Retention {
    private static final Duration MAX_DERIVED_PRUNE = Duration.ofMinutes(10);
    private static final Retention DEFAULTS = new Builder().build();

    private final Duration maxAge;
    private final Duration pruneInterval;
    /** The prune interval was set, not derived from the maximum age. */
    private final boolean pruneIntervalSet;

    private Retention(Builder b) {
        this.maxAge = b.maxAge;
        this.pruneIntervalSet = b.pruneInterval != null;
        this.pruneInterval = pruneIntervalSet ? b.pruneInterval : derivedPruneInterval(b.maxAge);
    }

    private static Duration derivedPruneInterval(Duration maxAge) {
        long ms = Math.max(1000, Math.min(maxAge.toMillis() / 4, MAX_DERIVED_PRUNE.toMillis()));
        return Duration.ofMillis(ms);
    }

    /** {@return the defaults: records kept 90 days, pruned every 10 minutes} */
    public static Retention defaults() { return DEFAULTS; }

    /**
     * Records kept this long, pruned at the derived interval.
     *
     * @param maxAge a positive duration
     * @return the retention
     */
    public static Retention ofMaxAge(Duration maxAge) { return builder().maxAge(maxAge).build(); }

    /** {@return a builder holding the defaults} */
    public static Builder builder() { return new Builder(); }

    /** {@return a builder holding these values (a derived prune interval derives again from a new maximum age)} */
    public Builder toBuilder() {
        Builder b = new Builder().maxAge(maxAge);
        return pruneIntervalSet ? b.pruneInterval(pruneInterval) : b;
    }

    /** {@return the age beyond which records are pruned and refused (default 90 days)} */
    public Duration maxAge() { return maxAge; }

    /**
     * How often old records are pruned: unless set, a quarter of the maximum age, between 1 s and 10 minutes.
     *
     * @return the prune interval
     */
    public Duration pruneInterval() { return pruneInterval; }

    @Override public boolean equals(Object o) {
        return o instanceof Retention r && maxAge.equals(r.maxAge) && pruneInterval.equals(r.pruneInterval);
    }

    @Override public int hashCode() { return Objects.hash(maxAge, pruneInterval); }

    @Override public String toString() { return "Retention[maxAge=" + maxAge + ", pruneInterval=" + pruneInterval + "]"; }

    /** Builds {@link Retention}; every setter checks its argument and the message names the field. */
    public static final class Builder {
        private Duration maxAge = Duration.ofDays(90);
        private Duration pruneInterval;

        private Builder() {}

        /**
         * Sets {@link Retention#maxAge()}.
         *
         * @param d a positive duration
         * @return this builder
         */
        public Builder maxAge(Duration d) { maxAge = Durations.positive("retention", d); return this; }

        /**
         * Sets {@link Retention#pruneInterval()}, instead of deriving it from the maximum age.
         *
         * @param d a positive duration
         * @return this builder
         */
        public Builder pruneInterval(Duration d) { pruneInterval = Durations.positive("pruneInterval", d); return this; }

        /** {@return the retention} */
        public Retention build() { return new Retention(this); }
    }
}
