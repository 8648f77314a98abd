package io.peerset.api;

import java.time.Duration;
import java.util.Objects;

/**
 * What a node tolerates from peers and authors before it slows, strikes and bans them, one
 * immutable group of {@link PeersetConfig}: made by {@link #builder()} (or {@link #toBuilder()}),
 * validated at every setter, set with {@link PeersetConfig.Builder#abuseLimits(AbuseLimits)}. The
 * single-value setters of {@link PeersetConfig.Builder} ({@code strikeThreshold(…)}, …) set the same values.
 *
 * <pre>{@code
 * Peerset.builder().abuseLimits(AbuseLimits.builder().strikeThreshold(5).banDuration(Duration.ofHours(6)).build())
 * }</pre>
 */
public final class AbuseLimits {
    private static final AbuseLimits DEFAULTS = new Builder().build();

    private final int strikeThreshold;
    private final Duration banDuration;
    private final int authorStrikeThreshold;
    private final Duration strikeDecay;
    private final int maxMessagesPerSecond;
    private final long maxBytesPerSecond;

    private AbuseLimits(Builder b) {
        this.strikeThreshold = b.strikeThreshold;
        this.banDuration = b.banDuration;
        this.authorStrikeThreshold = b.authorStrikeThreshold;
        this.strikeDecay = b.strikeDecay;
        this.maxMessagesPerSecond = b.maxMessagesPerSecond;
        this.maxBytesPerSecond = b.maxBytesPerSecond;
    }

    /** {@return the defaults: 10 strikes, 1 h bans, 10 author strikes, 1 strike forgiven a minute, 500 messages/s, 8 MiB/s} */
    public static AbuseLimits defaults() { return DEFAULTS; }

    /** {@return a builder holding the defaults} */
    public static Builder builder() { return new Builder(); }

    /** {@return a builder holding these values} */
    public Builder toBuilder() { return new Builder(this); }

    /** {@return the number of strikes after which a peer is dropped and banned (default 10)} */
    public int strikeThreshold() { return strikeThreshold; }
    /** {@return how long a ban of a peer, a peer key or an author lasts (default 1 h)} */
    public Duration banDuration() { return banDuration; }
    /** {@return records of one author refused by moderation after which the author is banned (default 10)} */
    public int authorStrikeThreshold() { return authorStrikeThreshold; }
    /** {@return the interval per which one strike (of a peer or author) is forgiven (default 1 minute)} */
    public Duration strikeDecay() { return strikeDecay; }
    /** {@return the messages per second one peer may send on average (default 500; a second's worth bursts)} */
    public int maxMessagesPerSecond() { return maxMessagesPerSecond; }
    /** {@return the bytes per second one peer may send on average (default 8 MiB)} */
    public long maxBytesPerSecond() { return maxBytesPerSecond; }

    @Override public boolean equals(Object o) {
        return o instanceof AbuseLimits a && strikeThreshold == a.strikeThreshold && banDuration.equals(a.banDuration)
            && authorStrikeThreshold == a.authorStrikeThreshold && strikeDecay.equals(a.strikeDecay)
            && maxMessagesPerSecond == a.maxMessagesPerSecond && maxBytesPerSecond == a.maxBytesPerSecond;
    }

    @Override public int hashCode() {
        return Objects.hash(strikeThreshold, banDuration, authorStrikeThreshold, strikeDecay, maxMessagesPerSecond, maxBytesPerSecond);
    }

    @Override public String toString() {
        return "AbuseLimits[strikeThreshold=" + strikeThreshold + ", banDuration=" + banDuration
            + ", authorStrikeThreshold=" + authorStrikeThreshold + ", strikeDecay=" + strikeDecay
            + ", maxMessagesPerSecond=" + maxMessagesPerSecond + ", maxBytesPerSecond=" + maxBytesPerSecond + "]";
    }

    /** Builds {@link AbuseLimits}; every setter checks its argument and the message names the field. */
    public static final class Builder {
        private int strikeThreshold = 10;
        private Duration banDuration = Duration.ofHours(1);
        private int authorStrikeThreshold = 10;
        private Duration strikeDecay = Duration.ofMinutes(1);
        private int maxMessagesPerSecond = 500;
        private long maxBytesPerSecond = 8L << 20;

        private Builder() {}

        private Builder(AbuseLimits a) {
            strikeThreshold = a.strikeThreshold;
            banDuration = a.banDuration;
            authorStrikeThreshold = a.authorStrikeThreshold;
            strikeDecay = a.strikeDecay;
            maxMessagesPerSecond = a.maxMessagesPerSecond;
            maxBytesPerSecond = a.maxBytesPerSecond;
        }

        /**
         * Sets {@link AbuseLimits#strikeThreshold()}.
         *
         * @param n the number of strikes, at least 1
         * @return this builder
         */
        public Builder strikeThreshold(int n) { strikeThreshold = Durations.atLeast("strikeThreshold", 1, n, ""); return this; }
        /**
         * Sets {@link AbuseLimits#banDuration()}.
         *
         * @param d a positive duration
         * @return this builder
         */
        public Builder banDuration(Duration d) { banDuration = Durations.positive("banDuration", d); return this; }
        /**
         * Sets {@link AbuseLimits#authorStrikeThreshold()}.
         *
         * @param n the threshold, at least 1
         * @return this builder
         */
        public Builder authorStrikeThreshold(int n) {
            authorStrikeThreshold = Durations.atLeast("authorStrikeThreshold", 1, n, "");
            return this;
        }
        /**
         * Sets {@link AbuseLimits#strikeDecay()}.
         *
         * @param d a positive duration
         * @return this builder
         */
        public Builder strikeDecay(Duration d) { strikeDecay = Durations.positive("strikeDecay", d); return this; }
        /**
         * Sets {@link AbuseLimits#maxMessagesPerSecond()}.
         *
         * @param n messages per second, at least 1
         * @return this builder
         */
        public Builder maxMessagesPerSecond(int n) {
            maxMessagesPerSecond = Durations.atLeast("maxMessagesPerSecond", 1, n, "");
            return this;
        }
        /**
         * Sets {@link AbuseLimits#maxBytesPerSecond()}: at least 64 KiB/s, one whole message.
         *
         * @param n bytes per second, at least 65536
         * @return this builder
         */
        public Builder maxBytesPerSecond(long n) {
            if (n < 65_536) {
                throw new IllegalArgumentException("maxBytesPerSecond must be at least 65536 (one 64 KiB message per second); got " + n);
            }
            maxBytesPerSecond = n;
            return this;
        }

        /** {@return the limits} */
        public AbuseLimits build() { return new AbuseLimits(this); }
    }
}
