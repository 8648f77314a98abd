package io.peerset.testkit;

import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HiveMQ Community Edition running inside this JVM on 127.0.0.1, on free ports, with in-memory
 * persistence and a temporary data folder. Needs nothing installed; starting takes a few seconds.
 *
 * <pre>{@code
 * try (EmbeddedMqttBroker broker = EmbeddedMqttBroker.launchWithWebSocket()) {
 *     URI tcp = broker.tcpUri();       // mqtt://127.0.0.1:41234
 *     URI ws = broker.webSocketUri();  // ws://127.0.0.1:41235/mqtt
 * }
 * }</pre>
 */
public final class EmbeddedMqttBroker implements MqttBroker {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMqttBroker.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final String WS_PATH = "/mqtt";

    private final Path root;
    private final int tcpPort;
    private final int wsPort;
    private EmbeddedHiveMQ hivemq;
    private boolean closed;

    private EmbeddedMqttBroker(boolean webSocket) {
        this.tcpPort = Ports.freePort();
        this.wsPort = webSocket ? Ports.freePort() : -1;
        try {
            this.root = Files.createTempDirectory("peerset-hivemq-");
            Path conf = Files.createDirectories(root.resolve("conf"));
            Files.createDirectories(root.resolve("data"));
            Files.createDirectories(root.resolve("extensions"));
            Files.writeString(conf.resolve("config.xml"), config(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the HiveMQ configuration to a temporary folder", e);
        }
    }

    /** Starts a broker with a TCP listener only. */
    public static EmbeddedMqttBroker launch() {
        return launch(false);
    }

    /** Starts a broker with a TCP and a WebSocket ({@code /mqtt}) listener. */
    public static EmbeddedMqttBroker launchWithWebSocket() {
        return launch(true);
    }

    private static EmbeddedMqttBroker launch(boolean webSocket) {
        EmbeddedMqttBroker broker = new EmbeddedMqttBroker(webSocket);
        try {
            broker.start();
            return broker;
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    private String config() {
        StringBuilder xml = new StringBuilder();
        xml.append("<?xml version=\"1.0\"?>\n<hivemq>\n  <listeners>\n");
        xml.append("    <tcp-listener><port>").append(tcpPort)
                .append("</port><bind-address>").append(Ports.LOOPBACK).append("</bind-address></tcp-listener>\n");
        if (wsPort > 0) {
            xml.append("    <websocket-listener><port>").append(wsPort)
                    .append("</port><bind-address>").append(Ports.LOOPBACK).append("</bind-address>")
                    .append("<path>").append(WS_PATH).append("</path>")
                    .append("<subprotocols><subprotocol>mqttv3.1</subprotocol><subprotocol>mqtt</subprotocol></subprotocols>")
                    .append("<allow-extensions>true</allow-extensions></websocket-listener>\n");
        }
        xml.append("  </listeners>\n");
        // in-memory persistence: HiveMQ never opens its Xodus/RocksDB stores, which lets the testkit
        // leave HiveMQ's Xodus 1.2.3 off the classpath (see the POM).
        xml.append("  <persistence><mode>in-memory</mode></persistence>\n");
        xml.append("  <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>\n");
        xml.append("</hivemq>\n");
        return xml.toString();
    }

    @Override
    public URI tcpUri() {
        return URI.create("mqtt://" + Ports.LOOPBACK + ":" + tcpPort);
    }

    @Override
    public boolean hasWebSocket() {
        return wsPort > 0;
    }

    @Override
    public URI webSocketUri() {
        if (wsPort <= 0) {
            throw new IllegalStateException("this broker has no WebSocket listener; start it with EmbeddedMqttBroker.launchWithWebSocket()");
        }
        return URI.create("ws://" + Ports.LOOPBACK + ":" + wsPort + WS_PATH);
    }

    @Override
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("broker is closed; launch a new one");
        }
        if (hivemq != null) {
            return;
        }
        EmbeddedHiveMQ instance = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(root.resolve("conf"))
                .withDataFolder(root.resolve("data"))
                .withExtensionsFolder(root.resolve("extensions"))
                .withoutLoggingBootstrap()
                .build();
        long t0 = System.nanoTime();
        try {
            instance.start().get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(instance);
            throw new IllegalStateException("interrupted after " + elapsed(t0) + " while starting embedded HiveMQ", e);
        } catch (ExecutionException e) {
            closeQuietly(instance);
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("embedded HiveMQ failed to start on " + listeners() + " after " + elapsed(t0)
                    + ": " + describe(cause) + takenPorts()
                    + (cause.getMessage() == null ? " (HiveMQ logs the reason under the logger com.hivemq)" : "")
                    + "; data folder " + root, cause);
        } catch (TimeoutException e) {
            closeQuietly(instance);
            throw new IllegalStateException("embedded HiveMQ did not start on " + listeners() + " within "
                    + elapsed(t0) + " (the limit is " + START_TIMEOUT.toSeconds() + " s; data folder " + root + ")", e);
        }
        hivemq = instance;
        LOG.info("embedded HiveMQ listening on {}{}", tcpUri(), wsPort > 0 ? " and " + webSocketUri() : "");
    }

    @Override
    public synchronized void stop() {
        EmbeddedHiveMQ instance = hivemq;
        hivemq = null;
        if (instance != null) {
            closeQuietly(instance);
            Ports.poll(Duration.ofSeconds(10), () -> !Ports.accepts(tcpPort), () -> false);
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return hivemq != null;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        stop();
        closed = true;
        Ports.deleteTree(root);
    }

    /** {@code ; 127.0.0.1:1883 is in use by another program} for each listener port something else answers on. */
    private String takenPorts() {
        StringBuilder taken = new StringBuilder();
        for (int port : new int[] {tcpPort, wsPort}) {
            if (port > 0 && Ports.accepts(port)) {
                taken.append("; ").append(Ports.LOOPBACK).append(':').append(port).append(" is in use by another program");
            }
        }
        return taken.toString();
    }

    private String listeners() {
        return Ports.LOOPBACK + ":" + tcpPort + (wsPort > 0 ? " and :" + wsPort : "");
    }

    /** Time since {@code t0} as {@code 1.2 s}. */
    static String elapsed(long t0) {
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        return String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    /** The cause and its own causes' messages, e.g. {@code BindException: Address already in use}. */
    static String describe(Throwable cause) {
        StringBuilder text = new StringBuilder();
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Throwable t = cause; t != null && seen.add(t); t = t.getCause()) {
            if (text.length() > 0) {
                text.append("; caused by ");
            }
            text.append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                text.append(": ").append(t.getMessage());
            }
        }
        return text.toString();
    }

    private static void closeQuietly(EmbeddedHiveMQ instance) {
        try {
            instance.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | RuntimeException e) {
            LOG.warn("embedded HiveMQ did not stop cleanly", e);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedMqttBroker[" + tcpUri() + (wsPort > 0 ? ", " + webSocketUri() : "") + "]";
    }
}
