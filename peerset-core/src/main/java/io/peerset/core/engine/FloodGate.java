package io.peerset.core.engine;

/**
 * Per-peer rate limits on messages and bytes, as two virtual-time token buckets
 * (GCRA). A peer within its rates (with a burst of {@link #BURST_NANOS} worth) is
 * served at once; a faster one is slowed — its messages wait until they conform —
 * and once it is more than {@link #GRACE_NANOS} behind, its messages are refused
 * (the caller strikes). Not thread-safe: callers synchronise.
 */
final class FloodGate {
    /** A second's worth of messages and bytes passes at once. */
    static final long BURST_NANOS = 1_000_000_000L;
    /** How far behind a slowed peer may fall before its messages are refused and struck. */
    static final long GRACE_NANOS = 2_000_000_000L;
    /** Returned by {@link #admit} for a message to refuse. */
    static final long REFUSE = -1;

    private final long nanosPerMessage;
    private final double nanosPerByte;
    private long tatMessages;
    private long tatBytes;

    FloodGate(int messagesPerSecond, long bytesPerSecond, long nowNanos) {
        if (messagesPerSecond < 1 || bytesPerSecond < 1) {
            throw new IllegalArgumentException("rates must be positive; got " + messagesPerSecond + " messages/s, " + bytesPerSecond + " bytes/s");
        }
        this.nanosPerMessage = Math.max(1, 1_000_000_000L / messagesPerSecond);
        this.nanosPerByte = 1e9 / bytesPerSecond;
        this.tatMessages = nowNanos;
        this.tatBytes = nowNanos;
    }

    /**
     * Accounts one message of this size arriving now: returns 0 to process it now, a
     * positive delay in nanoseconds to process it later, or {@link #REFUSE} (not
     * accounted) when the peer is more than the grace period behind.
     */
    long admit(int bytes, long now) {
        long m = Math.max(tatMessages, now) + nanosPerMessage;
        long b = Math.max(tatBytes, now) + (long) Math.ceil(bytes * nanosPerByte);
        long wait = Math.max(m, b) - BURST_NANOS - now;
        if (wait > GRACE_NANOS) {
            return REFUSE;
        }
        tatMessages = m;
        tatBytes = b;
        return Math.max(0, wait);
    }

    /**
     * For a sender pacing itself: accounts one message of this size sent now (never
     * refused) and returns how long to hold it so that the stream conforms, 0 to send now.
     */
    long pace(int bytes, long now) {
        long m = Math.max(tatMessages, now) + nanosPerMessage;
        long b = Math.max(tatBytes, now) + (long) Math.ceil(bytes * nanosPerByte);
        tatMessages = m;
        tatBytes = b;
        return Math.max(0, Math.max(m, b) - BURST_NANOS - now);
    }
}
