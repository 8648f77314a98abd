package io.peerset.api.spi;

/**
 * The transport half of a Trystero topic strategy: publish and subscribe to topic
 * strings on one or more servers, reconnecting with backoff. Topic derivation,
 * SDP encryption, offer/answer roles and announce timers live once in the core.
 *
 * <p>Messages are the JSON strings of Trystero's topic strategies. Listeners are
 * called on the strategy's own threads and must not block. A message published
 * while a server is down is dropped (signalling is best-effort; announcements
 * repeat). Implementations must be thread-safe and must treat every inbound
 * message as hostile (bounded size, never crash).
 */
public interface SignalingStrategy extends AutoCloseable {
    /**
     * Starts receiving messages for a topic on every server. Idempotent.
     *
     * @param topic the topic
     * @param listener called with each message on the topic
     */
    void subscribe(String topic, TopicListener listener);

    /**
     * Stops receiving a topic.
     *
     * @param topic the topic
     */
    void unsubscribe(String topic);

    /**
     * Sends a message to a topic on every connected server.
     *
     * @param topic the topic
     * @param message the JSON message
     */
    void publish(String topic, String message);

    /** {@return the number of servers currently connected} */
    int connectedServers();

    /** Unsubscribes, disconnects and releases threads. Idempotent. */
    @Override
    void close();

    /** Receives topic messages. */
    @FunctionalInterface
    interface TopicListener {
        /**
         * Receives one message.
         *
         * @param topic the topic it arrived on
         * @param message the message, untrusted
         */
        void onMessage(String topic, String message);
    }
}
