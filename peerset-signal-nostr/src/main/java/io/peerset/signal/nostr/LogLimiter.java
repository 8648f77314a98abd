package io.peerset.signal.nostr;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Lets one log line through per interval and counts the ones it held back, so a relay
 * spamming garbage costs one line every few seconds. Thread-safe.
 */
final class LogLimiter {
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private long nextAllowed;
    private boolean first = true;
    private long suppressed;

    LogLimiter(long intervalMillis, LongSupplier nanoTime) {
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
        this.nanoTime = nanoTime;
    }

    /**
     * Returns -1 if this line must be dropped, else the number of lines dropped since
     * the last one that went through.
     */
    synchronized long tryAcquire() {
        long now = nanoTime.getAsLong();
        if (first || now - nextAllowed >= 0) {
            first = false;
            nextAllowed = now + intervalNanos;
            long s = suppressed;
            suppressed = 0;
            return s;
        }
        suppressed++;
        return -1;
    }

    /** Suffix for a log line: empty, or " (N similar lines suppressed)". */
    static String suffix(long suppressed) {
        return suppressed > 0 ? " (" + suppressed + " similar lines suppressed)" : "";
    }
}
