package io.peerset.api;

/**
 * A monotonic source of nanoseconds, for measuring elapsed time (Caffeine's {@code Ticker}).
 * The engine reads it for every duration it judges: session timeouts, flood control, strikes,
 * the pace of replacements in a full room. Wall-clock time (record timestamps, bans, pruning)
 * comes from {@link PeersetConfig#clock()} instead.
 *
 * <p>Only differences between two readings mean anything, as with {@link System#nanoTime()}.
 * Tests pass their own, e.g. {@code AtomicLong time = new AtomicLong(); builder.ticker(time::get)}.
 */
@FunctionalInterface
public interface Ticker {
    /**
     * Reads the ticker.
     *
     * @return the current reading in nanoseconds, meaningful only relative to another reading
     */
    long read();

    /**
     * The ticker of the running JVM.
     *
     * @return a ticker reading {@link System#nanoTime()}
     */
    static Ticker system() {
        return SystemTicker.INSTANCE;
    }
}
