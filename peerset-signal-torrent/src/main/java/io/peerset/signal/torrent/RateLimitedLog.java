package io.peerset.signal.torrent;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Logs ignored network input at most once per interval per kind, with a count of what
 * was suppressed in between, and counts every drop. Kinds are short constants.
 */
final class RateLimitedLog {
    private static final long INTERVAL_NANOS = 10_000_000_000L;
    private static final int MAX_KINDS = 64;

    private final Logger log;
    private final String context;
    private final AtomicLong total = new AtomicLong();
    private final ConcurrentHashMap<String, long[]> kinds = new ConcurrentHashMap<>(); // {lastLogNanos, suppressed}

    RateLimitedLog(Logger log, String context) {
        this.log = log;
        this.context = context;
    }

    /** Counts one ignored input and logs it at debug level (rate-limited). */
    void drop(String kind, String detail) {
        total.incrementAndGet();
        if (log.isDebugEnabled()) {
            emit(false, kind, detail);
        }
    }

    /** Logs a warning about a server (rate-limited per kind); not counted as a dropped message. */
    void warn(String kind, String detail) {
        if (log.isWarnEnabled()) {
            emit(true, kind, detail);
        }
    }

    private void emit(boolean warn, String kind, String detail) {
        long now = System.nanoTime();
        if (kinds.size() > MAX_KINDS) {
            kinds.clear(); // kinds are constants; this only guards against misuse
        }
        long[] st = kinds.computeIfAbsent(kind, k -> new long[] {now - INTERVAL_NANOS - 1, 0});
        long suppressed;
        synchronized (st) {
            if (now - st[0] < INTERVAL_NANOS) {
                st[1]++;
                return;
            }
            suppressed = st[1];
            st[0] = now;
            st[1] = 0;
        }
        String more = suppressed > 0 ? " (" + suppressed + " more of this kind suppressed)" : "";
        if (warn) {
            log.warn("{}: {}: {}{}", context, kind, detail, more);
        } else {
            log.debug("{}: ignored {}: {}{}", context, kind, detail, more);
        }
    }

    long total() {
        return total.get();
    }
}
