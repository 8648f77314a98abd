package io.peerset.core.engine;

/**
 * A strike count that decays: one strike is forgiven per decay interval. Not
 * thread-safe; times are {@link System#nanoTime()} values passed in (tests pass their own).
 */
final class Strikes {
    private final long decayNanos;
    private int count;
    private long since;

    Strikes(long decayNanos, long nowNanos) {
        if (decayNanos <= 0) {
            throw new IllegalArgumentException("strike decay must be positive; got " + decayNanos + " ns");
        }
        this.decayNanos = decayNanos;
        this.since = nowNanos;
    }

    /** Adds strikes and returns the count after decay. */
    int add(int n, long nowNanos) {
        decay(nowNanos);
        count = (int) Math.min(Integer.MAX_VALUE, (long) count + n);
        return count;
    }

    /** The count now, after decay. */
    int current(long nowNanos) {
        decay(nowNanos);
        return count;
    }

    private void decay(long now) {
        long elapsed = now - since;
        if (count == 0) {
            since = now;
            return;
        }
        if (elapsed >= decayNanos) {
            long forgiven = elapsed / decayNanos;
            if (forgiven >= count) {
                count = 0;
                since = now;
            } else {
                count -= (int) forgiven;
                since += forgiven * decayNanos;
            }
        }
    }
}
