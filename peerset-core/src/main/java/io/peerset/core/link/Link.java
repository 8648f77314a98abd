package io.peerset.core.link;

/**
 * An ordered, reliable, message-oriented pipe to one remote peer: a WebRTC data
 * channel labelled {@code data}, or an in-memory pipe in tests. Carries Trystero
 * frames (binary messages).
 *
 * <p>Thread-safe. Listener callbacks run on the link's own thread, one at a time,
 * in arrival order, and must not block.
 */
public interface Link extends AutoCloseable {
    /** Largest message a link carries (Trystero chunks frames well below this). */
    int MAX_MESSAGE_BYTES = 64 * 1024;

    /**
     * Queues one binary message. Blocks briefly while more than the link's
     * buffer limit is queued (back-pressure), up to a bounded time.
     *
     * @throws LinkClosedException if the link is closed or the buffer stays full
     */
    void send(byte[] message) throws LinkClosedException;

    /** Bytes queued but not yet handed to the network. */
    long bufferedAmount();

    /** Sets the receiver; messages arriving before one is set are held (bounded). */
    void setListener(Listener listener);

    boolean isOpen();

    /** Remote peer's Trystero id, if known at this layer. */
    String remotePeerId();

    /** Closes and releases native resources. Idempotent; the listener hears {@code onClose} once. */
    @Override
    void close();

    /** Receives messages and the close event. */
    interface Listener {
        /** A message; the array belongs to the receiver. */
        void onMessage(byte[] message);

        /** The link closed (by either side or by failure). */
        void onClose(String reason);
    }
}
