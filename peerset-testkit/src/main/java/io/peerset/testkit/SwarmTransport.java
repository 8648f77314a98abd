package io.peerset.testkit;

import io.peerset.api.spi.SignalingProvider;
import java.net.URI;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Deque;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Supplier;

/**
 * How the nodes of a {@link PeersetSwarm} find and reach each other.
 *
 * <ul>
 *   <li>{@link #inMemory()}: the engine's in-JVM network ({@code "memory"} signalling on a network of
 *       the swarm's own), no sockets, no WebRTC; fast, the default.</li>
 *   <li>{@link #embeddedMqtt()}: an {@link EmbeddedMqttBroker} started by the swarm on 127.0.0.1,
 *       {@code "mqtt"} signalling through it, and real WebRTC data channels between the nodes, as in
 *       production. Needs {@code io.peerset:peerset-signal-mqtt} on the test classpath.</li>
 *   <li>{@link #mqtt(Supplier)}: the same over a broker of your choice, e.g.
 *       {@code SwarmTransport.mqtt(MosquittoBroker::launch)}; the swarm closes it.</li>
 * </ul>
 */
public final class SwarmTransport {
    private static final String MQTT = "mqtt";
    /**
     * In-memory networks no running swarm uses. The engine keeps every named network (and its
     * pairing thread) for the life of the JVM, so swarms reuse released ones instead of naming a new
     * one each: one network per concurrently running swarm, however many tests run. Last released, first reused.
     */
    private static final Deque<String> IDLE_NETWORKS = new ConcurrentLinkedDeque<>();

    private final String description;
    private final Supplier<? extends MqttBroker> broker;

    private SwarmTransport(String description, Supplier<? extends MqttBroker> broker) {
        this.description = description;
        this.broker = broker;
    }

    /** The engine's in-memory network; every swarm gets a network of its own. */
    public static SwarmTransport inMemory() {
        return new SwarmTransport("in-memory", null);
    }

    /** MQTT signalling on an {@link EmbeddedMqttBroker} the swarm starts and stops; peers talk over WebRTC. */
    public static SwarmTransport embeddedMqtt() {
        return new SwarmTransport("MQTT on an embedded HiveMQ broker", EmbeddedMqttBroker::launch);
    }

    /**
     * MQTT signalling on the broker {@code launcher} starts (called once per swarm start); the swarm
     * closes the broker with the swarm. Peers talk over WebRTC.
     */
    public static SwarmTransport mqtt(Supplier<? extends MqttBroker> launcher) {
        Objects.requireNonNull(launcher, "launcher");
        return new SwarmTransport("MQTT on a broker from " + launcher, launcher);
    }

    /** Whether this transport needs a broker (and so signalling over MQTT and WebRTC links). */
    public boolean usesBroker() {
        return broker != null;
    }

    /** Whether MQTT signalling ({@code io.peerset:peerset-signal-mqtt}) is on the classpath. */
    public static boolean mqttAvailable() {
        for (SignalingProvider p : ServiceLoader.load(SignalingProvider.class, SwarmTransport.class.getClassLoader())) {
            if (MQTT.equals(p.name())) {
                return true;
            }
        }
        return false;
    }

    /**
     * What one swarm start set up: the signalling to configure, the broker to close (if any), and
     * what to run once every node is closed.
     */
    record Setup(String signaling, URI url, MqttBroker broker, Runnable release) {}

    Setup open() {
        if (broker == null) {
            String polled = IDLE_NETWORKS.pollFirst();
            String network = polled != null ? polled : "swarm-" + UUID.randomUUID();
            return new Setup("memory", URI.create("memory://" + network), null, () -> IDLE_NETWORKS.addFirst(network));
        }
        if (!mqttAvailable()) {
            throw new IllegalStateException("PeersetSwarm transport '" + description + "' needs MQTT signalling: add"
                    + " io.peerset:peerset-signal-mqtt (test scope) to your dependencies, or use SwarmTransport.inMemory()");
        }
        MqttBroker started = Objects.requireNonNull(broker.get(), "the broker launcher returned null");
        return new Setup(MQTT, started.tcpUri(), started, () -> { });
    }

    @Override
    public String toString() {
        return description;
    }
}
