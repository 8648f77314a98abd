package io.peerset.core.trystero;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Logs ignored network input at debug level, at most once per interval per kind,
 * with a count of what was suppressed in between; counts every drop.
 */
final class DropLog {
    private static final long INTERVAL_NANOS = 10_000_000_000L;

    private final Logger log;
    private final String context;
    private final AtomicLong total = new AtomicLong();
    private final ConcurrentHashMap<String, long[]> kinds = new ConcurrentHashMap<>(); // {lastLogNanos, suppressed}

    DropLog(Logger log, String context) {
        this.log = log;
        this.context = context;
    }

    /** Records one dropped input of the given kind (a short constant) with a detail for the log. */
    void drop(String kind, String detail) {
        total.incrementAndGet();
        if (!log.isDebugEnabled()) {
            return;
        }
        long now = System.nanoTime();
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
        if (kinds.size() > 64) {
            kinds.clear(); // kinds are constants; this only guards against misuse
        }
        log.debug("{}: ignored {}: {}{}", context, kind, detail,
                suppressed > 0 ? " (" + suppressed + " more of this kind suppressed)" : "");
    }

    long total() {
        return total.get();
    }
}
