package io.peerset.testkit;

import java.net.URI;

/**
 * A real MQTT broker started for a test on 127.0.0.1. {@link #stop()} and {@link #start()}
 * take it down and bring it back on the same ports, so clients can be tested for reconnects.
 */
public interface MqttBroker extends AutoCloseable {

    /** {@code mqtt://127.0.0.1:port} of the plain TCP listener. */
    URI tcpUri();

    /** Whether a WebSocket listener was asked for and is available. */
    boolean hasWebSocket();

    /**
     * {@code ws://127.0.0.1:port/mqtt} of the WebSocket listener.
     *
     * @throws IllegalStateException if the broker was started without a WebSocket listener
     */
    URI webSocketUri();

    /** Stops the broker, keeping its ports reserved for {@link #start()}. Idempotent. */
    void stop();

    /** Starts the broker again on the same ports and waits until it accepts connections. Idempotent. */
    void start();

    /** Whether the broker is currently running. */
    boolean isRunning();

    /** Stops the broker for good and deletes its temporary files. Idempotent. */
    @Override
    void close();
}
