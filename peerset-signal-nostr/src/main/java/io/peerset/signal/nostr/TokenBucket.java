package io.peerset.signal.nostr;

import java.util.function.LongSupplier;

/** A token bucket: {@code ratePerSecond} tokens a second, at most {@code burst} saved up. Not thread-safe. */
final class TokenBucket {
    private final double ratePerNano;
    private final double burst;
    private final LongSupplier nanoTime;
    private double tokens;
    private long last;

    TokenBucket(double ratePerSecond, int burst, LongSupplier nanoTime) {
        if (!(ratePerSecond > 0) || burst < 1) {
            throw new IllegalArgumentException("token bucket needs a rate above 0 and a burst of at least 1; got rate "
                    + ratePerSecond + ", burst " + burst);
        }
        this.ratePerNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.nanoTime = nanoTime;
        this.tokens = burst;
        this.last = nanoTime.getAsLong();
    }

    /** Takes one token if there is one. */
    boolean tryTake() {
        refill();
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** Nanoseconds until the next token is available (0 if one is available now). */
    long nanosUntilToken() {
        refill();
        return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / ratePerNano);
    }

    private void refill() {
        long now = nanoTime.getAsLong();
        long elapsed = now - last;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed * ratePerNano);
            last = now;
        }
    }
}
