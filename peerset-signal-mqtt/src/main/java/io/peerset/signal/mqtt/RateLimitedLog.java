package io.peerset.signal.mqtt;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/** Logs a warning at most once per interval and counts what it kept quiet about. */
final class RateLimitedLog {
    private final Logger log;
    private final long intervalNanos;
    private final AtomicLong nextAllowed = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();

    RateLimitedLog(Logger log, long intervalMillis) {
        this.log = log;
        this.intervalNanos = intervalMillis * 1_000_000L;
    }

    void warn(String format, Object... args) {
        long now = System.nanoTime();
        long next = nextAllowed.get();
        if ((next == Long.MIN_VALUE || now - next >= 0) && nextAllowed.compareAndSet(next, now + intervalNanos)) {
            long quiet = suppressed.getAndSet(0);
            if (quiet > 0) {
                log.warn(format + " ({} similar messages suppressed)", append(args, quiet));
            } else {
                log.warn(format, args);
            }
        } else {
            suppressed.incrementAndGet();
        }
    }

    private static Object[] append(Object[] args, Object last) {
        Object[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = last;
        return all;
    }
}
