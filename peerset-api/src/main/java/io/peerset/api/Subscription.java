package io.peerset.api;

/** A live subscription; {@link #close()} cancels it. */
public interface Subscription extends AutoCloseable {
    /** Stops delivery. Idempotent. */
    @Override
    void close();
}
