package io.peerset.signal.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientState;
import com.hivemq.client.mqtt.MqttClientTransportConfig;
import com.hivemq.client.mqtt.MqttClientTransportConfigBuilder;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.datatypes.MqttTopic;
import com.hivemq.client.mqtt.lifecycle.MqttClientConnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedContext;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import io.peerset.api.spi.SignalingStrategy;
import io.reactivex.disposables.Disposable;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trystero's MQTT strategy transport on the HiveMQ MQTT client: MQTT 3.1.1, QoS 0, no retain,
 * clean session, bare Trystero topic strings, one client per broker. Publishes go to every
 * connected broker; a message relayed by several brokers is delivered once (same topic and payload
 * within {@link Options#dedupeWindow()}). Lost connections come back with exponential backoff and
 * every topic is subscribed again. Inbound payloads above {@link Options#maxPayloadBytes()} or
 * not valid UTF-8 are dropped (logged at most every 30 s).
 *
 * <p>All network work runs on one daemon event-loop thread per instance, so a forgotten
 * {@code close()} never keeps the JVM alive.
 */
public final class MqttSignaling implements SignalingStrategy {
    private static final Logger LOG = LoggerFactory.getLogger(MqttSignaling.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_TOPIC_BYTES = 65_535;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    /** Tunables; {@link #defaults()} mirrors mqtt.js where it has an opinion. */
    public record Options(Duration initialReconnectDelay, Duration maxReconnectDelay, int maxPayloadBytes,
                          Duration dedupeWindow, int dedupeCapacity, Duration keepAlive, Duration connectTimeout) {
        public Options {
            Objects.requireNonNull(initialReconnectDelay, "initialReconnectDelay");
            Objects.requireNonNull(maxReconnectDelay, "maxReconnectDelay");
            Objects.requireNonNull(dedupeWindow, "dedupeWindow");
            Objects.requireNonNull(keepAlive, "keepAlive");
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            if (initialReconnectDelay.isNegative() || initialReconnectDelay.isZero()) {
                throw new IllegalArgumentException("initialReconnectDelay must be positive; got " + initialReconnectDelay);
            }
            if (maxReconnectDelay.compareTo(initialReconnectDelay) < 0) {
                throw new IllegalArgumentException("maxReconnectDelay must be at least initialReconnectDelay ("
                        + initialReconnectDelay + "); got " + maxReconnectDelay);
            }
            if (maxPayloadBytes < 1) {
                throw new IllegalArgumentException("maxPayloadBytes must be positive; got " + maxPayloadBytes);
            }
            if (dedupeWindow.isNegative()) {
                throw new IllegalArgumentException("dedupeWindow must not be negative; got " + dedupeWindow);
            }
            if (dedupeCapacity < 1) {
                throw new IllegalArgumentException("dedupeCapacity must be positive; got " + dedupeCapacity);
            }
            if (keepAlive.getSeconds() < 1 || keepAlive.getSeconds() > 65_535) {
                throw new IllegalArgumentException("keepAlive must be 1..65535 s; got " + keepAlive);
            }
            if (connectTimeout.isNegative() || connectTimeout.isZero()) {
                throw new IllegalArgumentException("connectTimeout must be positive; got " + connectTimeout);
            }
        }

        /** Reconnect 1 s doubling to 30 s, 64 KiB payloads, 2 s dedupe window, 60 s keep-alive, 10 s connect timeout. */
        public static Options defaults() {
            return new Options(Duration.ofSeconds(1), Duration.ofSeconds(30), 64 * 1024,
                    Duration.ofSeconds(2), 4096, Duration.ofSeconds(60), Duration.ofSeconds(10));
        }

        public Options withReconnectDelays(Duration initial, Duration max) {
            return new Options(initial, max, maxPayloadBytes, dedupeWindow, dedupeCapacity, keepAlive, connectTimeout);
        }

        public Options withMaxPayloadBytes(int bytes) {
            return new Options(initialReconnectDelay, maxReconnectDelay, bytes, dedupeWindow, dedupeCapacity,
                    keepAlive, connectTimeout);
        }

        public Options withDedupeWindow(Duration window) {
            return new Options(initialReconnectDelay, maxReconnectDelay, maxPayloadBytes, window, dedupeCapacity,
                    keepAlive, connectTimeout);
        }
    }

    private final Options options;
    private final List<Broker> brokers;
    private final Map<String, TopicListener> listeners = new ConcurrentHashMap<>();
    private final RecentMessages recent;
    private final ExecutorService nettyExecutor;
    private final String threadPrefix;
    private final RateLimitedLog dropLog = new RateLimitedLog(LOG, 30_000);
    private final RateLimitedLog listenerLog = new RateLimitedLog(LOG, 30_000);
    private final AtomicLong oversized = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private volatile boolean closed;

    /** Connects (in the background) to every URL with {@link Options#defaults()}. */
    public MqttSignaling(List<URI> urls) {
        this(urls, Options.defaults());
    }

    /**
     * Connects (in the background) to every URL.
     *
     * @throws IllegalArgumentException naming a URL that is not an MQTT broker URL, or if there is none
     */
    public MqttSignaling(List<URI> urls, Options options) {
        Objects.requireNonNull(urls, "urls");
        this.options = Objects.requireNonNull(options, "options");
        Map<String, BrokerAddress> addresses = new LinkedHashMap<>();
        for (URI url : urls) {
            BrokerAddress address = BrokerAddress.parse(url);
            addresses.putIfAbsent(address.display() + "|" + address.username(), address);
        }
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("no MQTT broker URL given; pass at least one, e.g. "
                    + "MqttSignalingProvider.defaultUrls() or mqtt://127.0.0.1:1883");
        }
        this.recent = new RecentMessages(options.dedupeWindow().toMillis(), options.dedupeCapacity());
        this.threadPrefix = "peerset-mqtt-" + INSTANCES.incrementAndGet() + "-";
        this.nettyExecutor = daemonExecutor(threadPrefix);
        List<Broker> created = new ArrayList<>();
        for (BrokerAddress address : addresses.values()) {
            created.add(new Broker(address));
        }
        this.brokers = List.copyOf(created);
        brokers.forEach(Broker::connect);
    }

    private static ExecutorService daemonExecutor(String name) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = runnable -> {
            Thread thread = new Thread(runnable, name + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        // threads live only while HiveMQ's event loop needs them; idle ones end after a second
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 1, TimeUnit.SECONDS, new SynchronousQueue<>(), factory);
    }

    @Override
    public void subscribe(String topic, TopicListener listener) {
        checkTopic(topic);
        Objects.requireNonNull(listener, "listener");
        if (closed) {
            LOG.debug("subscribe to {} after close ignored", topic);
            return;
        }
        if (listeners.put(topic, listener) == null) {
            brokers.forEach(broker -> broker.subscribe(topic));
        }
    }

    @Override
    public void unsubscribe(String topic) {
        if (topic == null || listeners.remove(topic) == null || closed) {
            return;
        }
        brokers.forEach(broker -> broker.unsubscribe(topic));
    }

    @Override
    public void publish(String topic, String message) {
        checkTopic(topic);
        Objects.requireNonNull(message, "message");
        byte[] payload = message.getBytes(StandardCharsets.UTF_8);
        if (payload.length > options.maxPayloadBytes()) {
            throw new IllegalArgumentException("signalling message is " + payload.length
                    + " bytes; peers drop anything above " + options.maxPayloadBytes() + " bytes");
        }
        if (closed) {
            LOG.debug("publish to {} after close ignored", topic);
            return;
        }
        brokers.forEach(broker -> broker.publish(topic, payload));
    }

    @Override
    public int connectedServers() {
        if (closed) {
            return 0;
        }
        int connected = 0;
        for (Broker broker : brokers) {
            if (broker.isConnected()) {
                connected++;
            }
        }
        return connected;
    }

    /** The broker URLs (without credentials) this instance talks to, connected or not. */
    public List<String> servers() {
        return brokers.stream().map(b -> b.address.display()).toList();
    }

    /** Prefix of the names of this instance's (daemon) threads. */
    String threadPrefix() {
        return threadPrefix;
    }

    /** Inbound messages dropped for exceeding {@link Options#maxPayloadBytes()}. */
    public long oversizedDropped() {
        return oversized.get();
    }

    /** Inbound messages dropped for not being valid UTF-8. */
    public long malformedDropped() {
        return malformed.get();
    }

    /** Inbound messages dropped as copies of one already delivered (relayed by several brokers). */
    public long duplicatesDropped() {
        return duplicates.get();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        listeners.clear();
        List<CompletableFuture<Void>> disconnects = new ArrayList<>();
        brokers.forEach(broker -> disconnects.add(broker.disconnect()));
        if (!Thread.currentThread().getName().startsWith(threadPrefix)) {
            // wait briefly so the sockets are closed when close() returns (not on our own event loop: deadlock)
            try {
                CompletableFuture.allOf(disconnects.toArray(CompletableFuture[]::new))
                        .get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                LOG.debug("not every MQTT connection closed within {}: {}", CLOSE_WAIT, e.toString());
            }
        }
        // no shutdown of nettyExecutor: HiveMQ hands its event loop back on its own once every client is
        // disconnected, and the pool's idle threads end by themselves (all are daemons).
        LOG.debug("closed MQTT signalling to {}", servers());
    }

    private static void checkTopic(String topic) {
        if (topic == null || topic.isEmpty()) {
            throw new IllegalArgumentException("topic must be a non-empty string; got " + (topic == null ? "null" : "\"\""));
        }
        if (topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0 || topic.indexOf('\u0000') >= 0) {
            throw new IllegalArgumentException("topic must be a plain MQTT topic name without '+', '#' or NUL; got \""
                    + topic + "\"");
        }
        if (topic.getBytes(StandardCharsets.UTF_8).length > MAX_TOPIC_BYTES) {
            throw new IllegalArgumentException("topic must be at most " + MAX_TOPIC_BYTES + " UTF-8 bytes");
        }
    }

    /** Called on a HiveMQ event-loop thread for every PUBLISH from any broker. */
    private void onPublish(Broker from, Mqtt3Publish publish) {
        try {
            if (closed) {
                return;
            }
            String topic = publish.getTopic().toString();
            ByteBuffer buffer = publish.getPayload().orElse(ByteBuffer.allocate(0));
            if (buffer.remaining() > options.maxPayloadBytes()) {
                oversized.incrementAndGet();
                dropLog.warn("dropped a {}-byte message on {} from {}: larger than the {}-byte limit",
                        buffer.remaining(), abbreviate(topic), from.address.display(), options.maxPayloadBytes());
                return;
            }
            TopicListener listener = listeners.get(topic);
            if (listener == null) {
                return;
            }
            byte[] payload = new byte[buffer.remaining()];
            buffer.duplicate().get(payload);
            String message;
            try {
                message = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(payload)).toString();
            } catch (CharacterCodingException e) {
                malformed.incrementAndGet();
                dropLog.warn("dropped a message on {} from {}: payload is not valid UTF-8",
                        abbreviate(topic), from.address.display());
                return;
            }
            if (!recent.firstSighting(topic, payload)) {
                duplicates.incrementAndGet();
                return;
            }
            try {
                listener.onMessage(topic, message);
            } catch (RuntimeException e) {
                listenerLog.warn("topic listener for {} threw {}", abbreviate(topic), e.toString());
            }
        } catch (RuntimeException e) {
            dropLog.warn("dropped an unreadable message from {}: {}", from.address.display(), e.toString());
        }
    }

    private static String abbreviate(String topic) {
        return topic.length() <= 40 ? topic : topic.substring(0, 40) + "…";
    }

    private static String clientId() {
        // like mqtt.js ("mqttjs_" + 8 hex): short enough for MQTT 3.1.1 brokers that cap ids at 23 chars
        return "peerset_" + String.format("%08x", RANDOM.nextInt());
    }

    /** One broker connection. */
    private final class Broker {
        final BrokerAddress address;
        final Mqtt3AsyncClient client;
        private final Disposable inbound;

        Broker(BrokerAddress address) {
            this.address = address;
            MqttClientTransportConfigBuilder transport = MqttClientTransportConfig.builder()
                    .serverHost(address.host())
                    .serverPort(address.port())
                    .socketConnectTimeout(options.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .mqttConnectTimeout(options.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
            if (address.tls()) {
                transport = transport.sslWithDefaultConfig();
            }
            if (address.webSocket()) {
                var ws = transport.webSocketConfig().serverPath(address.path());
                if (address.query() != null) {
                    ws = ws.queryString(address.query());
                }
                transport = ws.applyWebSocketConfig();
            }
            Mqtt3ClientBuilder builder = MqttClient.builder()
                    .useMqttVersion3()
                    .identifier(clientId())
                    .transportConfig(transport.build())
                    .executorConfig().nettyExecutor(nettyExecutor).nettyThreads(1).applyExecutorConfig()
                    .automaticReconnect()
                    .initialDelay(options.initialReconnectDelay().toMillis(), TimeUnit.MILLISECONDS)
                    .maxDelay(options.maxReconnectDelay().toMillis(), TimeUnit.MILLISECONDS)
                    .applyAutomaticReconnect()
                    .addConnectedListener(this::onConnected)
                    .addDisconnectedListener(this::onDisconnected);
            if (address.username() != null) {
                var auth = builder.simpleAuth().username(address.username());
                if (address.password() != null) {
                    auth = auth.password(address.password().getBytes(StandardCharsets.UTF_8));
                }
                builder = auth.applySimpleAuth();
            }
            this.client = builder.buildAsync();
            // a global flow survives reconnects; it holds HiveMQ's event loop until disposed (in disconnect())
            this.inbound = client.toRx().publishes(MqttGlobalPublishFilter.ALL).subscribe(
                    publish -> onPublish(this, publish),
                    error -> LOG.debug("inbound flow from {} ended: {}", address.display(), error.toString()));
        }

        void connect() {
            client.connectWith()
                    .cleanSession(true)
                    .keepAlive((int) options.keepAlive().getSeconds())
                    .send()
                    .whenComplete((ack, error) -> {
                        if (error != null) {
                            LOG.debug("first connect to {} failed ({}); retrying with backoff",
                                    address.display(), error.toString());
                        }
                    });
        }

        boolean isConnected() {
            return client.getState() == MqttClientState.CONNECTED;
        }

        private void onConnected(MqttClientConnectedContext context) {
            if (closed) {
                disconnect();
                return;
            }
            LOG.info("connected to MQTT broker {}", address.display());
            // clean session: the broker forgot our subscriptions, so (re)subscribe to every topic
            listeners.keySet().forEach(this::subscribe);
        }

        private void onDisconnected(MqttClientDisconnectedContext context) {
            if (closed) {
                context.getReconnector().reconnect(false);
                return;
            }
            if (context.getReconnector().getAttempts() == 0) {
                LOG.info("MQTT broker {} unreachable or connection lost ({}); reconnecting with backoff",
                        address.display(), context.getCause().toString());
            } else {
                LOG.debug("reconnect attempt {} to {} failed: {}", context.getReconnector().getAttempts(),
                        address.display(), context.getCause().toString());
            }
        }

        void subscribe(String topic) {
            if (!isConnected()) {
                return; // onConnected subscribes everything
            }
            client.subscribeWith()
                    .topicFilter(topic)
                    .qos(MqttQos.AT_MOST_ONCE)
                    .send()
                    .whenComplete((ack, error) -> {
                        if (error != null) {
                            LOG.debug("subscribe to {} on {} failed: {}", abbreviate(topic), address.display(),
                                    error.toString());
                        }
                    });
        }

        void unsubscribe(String topic) {
            if (!isConnected()) {
                return;
            }
            client.unsubscribeWith().topicFilter(topic).send().whenComplete((ok, error) -> {
                if (error != null) {
                    LOG.debug("unsubscribe from {} on {} failed: {}", abbreviate(topic), address.display(),
                            error.toString());
                }
            });
        }

        void publish(String topic, byte[] payload) {
            if (!isConnected()) {
                return; // like Trystero (queueQoSZero: false): signalling is best-effort, announcements repeat
            }
            client.publishWith()
                    .topic(MqttTopic.of(topic))
                    .qos(MqttQos.AT_MOST_ONCE)
                    .retain(false)
                    .payload(payload)
                    .send()
                    .whenComplete((sent, error) -> {
                        if (error != null) {
                            LOG.debug("publish to {} on {} failed: {}", abbreviate(topic), address.display(),
                                    error.toString());
                        }
                    });
        }

        CompletableFuture<Void> disconnect() {
            if (!client.getState().isConnected()) {
                inbound.dispose();
                return CompletableFuture.completedFuture(null);
            }
            return client.disconnect().handle((ok, error) -> {
                if (error != null) {
                    LOG.debug("disconnect from {}: {}", address.display(), error.toString());
                }
                inbound.dispose();
                return null;
            });
            // not connected: the next connect attempt or its failure lands in onConnected/onDisconnected,
            // which see `closed` and stop
        }
    }
}
