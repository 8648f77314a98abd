package io.peerset.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.hivemq.HiveMQContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * HiveMQ Community Edition in a Docker container (Testcontainers), for machines and CI runners
 * with Docker. Host ports are fixed when the container is created so that {@link #stop()} and
 * {@link #start()} keep the same URLs. Without Docker, use {@link EmbeddedMqttBroker} or
 * {@link MosquittoBroker}; tests should carry {@code @Testcontainers(disabledWithoutDocker = true)}.
 */
public final class TestcontainersMqttBroker implements MqttBroker {
    /** The image used unless another is given; matches the embedded HiveMQ CE version. */
    public static final String DEFAULT_IMAGE = "hivemq/hivemq-ce:2025.5";
    private static final int MQTT_PORT = 1883;
    private static final int WS_PORT = 8000;
    private static final String WS_PATH = "/mqtt";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final HiveMQContainer container;
    private final Path config;
    private final int tcpPort;
    private final int wsPort;
    private boolean running;
    private boolean closed;

    private TestcontainersMqttBroker(DockerImageName image, boolean webSocket) {
        this.tcpPort = Ports.freePort();
        this.wsPort = webSocket ? Ports.freePort() : -1;
        try {
            config = Files.createTempFile("peerset-hivemq-config-", ".xml");
            Files.writeString(config, config(webSocket), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the HiveMQ configuration", e);
        }
        container = new HiveMQContainer(image).withHiveMQConfig(MountableFile.forHostPath(config));
        List<String> bindings = new ArrayList<>();
        bindings.add(tcpPort + ":" + MQTT_PORT);
        if (webSocket) {
            container.addExposedPort(WS_PORT);
            bindings.add(wsPort + ":" + WS_PORT);
        }
        container.setPortBindings(bindings);
    }

    /** Whether Docker is reachable (what {@code disabledWithoutDocker} checks). */
    public static boolean isDockerAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    /** Starts HiveMQ CE ({@link #DEFAULT_IMAGE}) with a TCP listener. */
    public static TestcontainersMqttBroker launch() {
        return launch(DEFAULT_IMAGE, false);
    }

    /** Starts HiveMQ CE ({@link #DEFAULT_IMAGE}) with a TCP and a WebSocket listener. */
    public static TestcontainersMqttBroker launchWithWebSocket() {
        return launch(DEFAULT_IMAGE, true);
    }

    /** Starts the given HiveMQ image. */
    public static TestcontainersMqttBroker launch(String image, boolean webSocket) {
        TestcontainersMqttBroker broker = new TestcontainersMqttBroker(DockerImageName.parse(image)
                .asCompatibleSubstituteFor("hivemq/hivemq-ce"), webSocket);
        try {
            broker.container.start();
            broker.running = true;
            broker.awaitMqtt();
            return broker;
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    private static String config(boolean webSocket) {
        return "<?xml version=\"1.0\"?>\n<hivemq>\n  <listeners>\n"
                + "    <tcp-listener><port>" + MQTT_PORT + "</port><bind-address>0.0.0.0</bind-address></tcp-listener>\n"
                + (webSocket ? "    <websocket-listener><port>" + WS_PORT + "</port><bind-address>0.0.0.0</bind-address>"
                        + "<path>" + WS_PATH + "</path><subprotocols><subprotocol>mqttv3.1</subprotocol>"
                        + "<subprotocol>mqtt</subprotocol></subprotocols><allow-extensions>true</allow-extensions>"
                        + "</websocket-listener>\n" : "")
                + "  </listeners>\n"
                + "  <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>\n"
                + "</hivemq>\n";
    }

    private String host() {
        return container.getHost();
    }

    @Override
    public URI tcpUri() {
        return URI.create("mqtt://" + host() + ":" + tcpPort);
    }

    @Override
    public boolean hasWebSocket() {
        return wsPort > 0;
    }

    @Override
    public URI webSocketUri() {
        if (wsPort <= 0) {
            throw new IllegalStateException("this broker has no WebSocket listener; start it with TestcontainersMqttBroker.launchWithWebSocket()");
        }
        return URI.create("ws://" + host() + ":" + wsPort + WS_PATH);
    }

    @Override
    public synchronized void stop() {
        if (running) {
            running = false;
            container.getDockerClient().stopContainerCmd(container.getContainerId()).withTimeout(5).exec();
        }
    }

    @Override
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("broker is closed; launch a new one");
        }
        if (!running) {
            container.getDockerClient().startContainerCmd(container.getContainerId()).exec();
            running = true;
            awaitMqtt();
        }
    }

    private void awaitMqtt() {
        if (!Ports.poll(START_TIMEOUT, () -> Ports.answersMqtt(host(), tcpPort), () -> false)) {
            throw new IllegalStateException("HiveMQ in container " + container.getContainerId()
                    + " did not answer MQTT on " + tcpUri() + " within " + START_TIMEOUT.toSeconds() + " s");
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return running;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        running = false;
        try {
            container.stop();
        } finally {
            try {
                Files.deleteIfExists(config);
            } catch (IOException e) {
                // leftover temp file; harmless
            }
        }
    }

    @Override
    public String toString() {
        return "TestcontainersMqttBroker[" + tcpPort + (wsPort > 0 ? ", ws " + wsPort : "") + "]";
    }
}
