package io.peerset.signal.nostr;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: the n-th delay is drawn between half and all of
 * {@code min * 2^n}, capped at {@code max}. Not thread-safe.
 */
final class Backoff {
    private final long minMillis;
    private final long maxMillis;
    private int attempts;

    Backoff(Duration min, Duration max) {
        this.minMillis = Math.max(1, min.toMillis());
        this.maxMillis = Math.max(this.minMillis, max.toMillis());
    }

    /** The next delay in milliseconds; each call doubles the ceiling until {@code max}. */
    long nextMillis() {
        long ceiling = minMillis;
        for (int i = 0; i < attempts && ceiling < maxMillis; i++) {
            ceiling *= 2;
        }
        ceiling = Math.min(ceiling, maxMillis);
        if (attempts < 62) {
            attempts++;
        }
        long half = ceiling / 2;
        return half + ThreadLocalRandom.current().nextLong(ceiling - half + 1);
    }

    /** Back to the shortest delay. */
    void reset() {
        attempts = 0;
    }

    int attempts() {
        return attempts;
    }
}
