package io.peerset.signal.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import io.peerset.testkit.MqttBroker;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The behaviour every broker must support, run against each kind of real broker by a subclass.
 * One broker per class (HiveMQ takes seconds to stop); tests that stop it start it again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MqttSignalingContract {
    /** Quick reconnects so restart tests finish fast; the backoff shape is the production one. */
    static final MqttSignaling.Options FAST = MqttSignaling.Options.defaults()
            .withReconnectDelays(Duration.ofMillis(100), Duration.ofSeconds(1));

    private final List<AutoCloseable> toClose = new ArrayList<>();
    MqttBroker broker;

    /** Starts the broker under test. */
    abstract MqttBroker startBroker();

    /** The URL clients use for the broker (TCP or WebSocket). */
    abstract URI urlOf(MqttBroker broker);

    @BeforeAll
    void startSharedBroker() {
        broker = startBroker();
    }

    @AfterAll
    void stopSharedBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @AfterEach
    void closeEverything() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        toClose.clear();
        broker.start(); // no-op unless a test left it stopped after a failure
    }

    <T extends AutoCloseable> T closeLater(T closeable) {
        toClose.add(closeable);
        return closeable;
    }

    MqttSignaling signaling(URI... urls) {
        return closeLater(new MqttSignaling(Arrays.asList(urls), FAST));
    }

    static String topic() {
        // shaped like a Trystero topic: base-36 digits of a hash
        return UUID.randomUUID().toString().replace("-", "");
    }

    static URI deadUrl() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return URI.create("mqtt://127.0.0.1:" + socket.getLocalPort());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Publishes repeatedly (as Trystero announces) until the inbox has the message. */
    static void publishUntilReceived(MqttSignaling from, String topic, String message, Inbox to) {
        Await.until("\"" + message + "\" arrives", Await.DEFAULT, () -> to.has(message),
                () -> from.publish(topic, message));
    }

    @Test
    void twoInstancesReceiveEachOthersMessages() {
        String topic = topic();
        MqttSignaling a = signaling(urlOf(broker));
        MqttSignaling b = signaling(urlOf(broker));
        Inbox inboxA = new Inbox();
        Inbox inboxB = new Inbox();
        a.subscribe(topic, inboxA);
        b.subscribe(topic, inboxB);
        Await.until("both connected", () -> a.connectedServers() == 1 && b.connectedServers() == 1);

        publishUntilReceived(a, topic, "{\"peerId\":\"a\"}", inboxB);
        publishUntilReceived(b, topic, "{\"peerId\":\"b\"}", inboxA);
    }

    @Test
    void unsubscribedTopicIsNoLongerDelivered() {
        String topic = topic();
        String other = topic();
        MqttSignaling a = signaling(urlOf(broker));
        MqttSignaling b = signaling(urlOf(broker));
        Inbox inbox = new Inbox();
        b.subscribe(topic, inbox);
        b.subscribe(other, inbox);
        publishUntilReceived(a, topic, "before", inbox);

        b.unsubscribe(topic);
        // a later message on the other topic proves the unsubscribe was processed first (same connection, in order)
        publishUntilReceived(a, other, "marker", inbox);
        a.publish(topic, "after");
        publishUntilReceived(a, other, "marker-2", inbox);
        assertThat(inbox.has("after")).isFalse();
    }

    @Test
    void messagesStillFlowWhenOneOfSeveralBrokersIsDown() {
        String topic = topic();
        URI dead = deadUrl();
        MqttSignaling a = signaling(dead, urlOf(broker));
        MqttSignaling b = signaling(urlOf(broker), dead);
        Inbox inbox = new Inbox();
        b.subscribe(topic, inbox);
        Await.until("each connected to the live broker", () -> a.connectedServers() == 1 && b.connectedServers() == 1);

        publishUntilReceived(a, topic, "{\"peerId\":\"a\",\"offerId\":\"o\"}", inbox);
        assertThat(a.connectedServers()).isEqualTo(1);
    }

    @Test
    void messageRelayedBySeveralBrokersIsDeliveredOnce() {
        try (MqttBroker second = startBroker()) {
            String topic = topic();
            MqttSignaling a = signaling(urlOf(broker), urlOf(second));
            MqttSignaling b = signaling(urlOf(broker), urlOf(second));
            // one single-broker sender per path, to know both of b's subscriptions are live
            MqttSignaling viaFirst = signaling(urlOf(broker));
            MqttSignaling viaSecond = signaling(urlOf(second));
            Inbox inbox = new Inbox();
            b.subscribe(topic, inbox);
            Await.until("connected to both brokers", () -> a.connectedServers() == 2 && b.connectedServers() == 2);
            publishUntilReceived(viaFirst, topic, "path-1", inbox);
            publishUntilReceived(viaSecond, topic, "path-2", inbox);

            long duplicatesBefore = b.duplicatesDropped();
            a.publish(topic, "{\"peerId\":\"a\",\"answer\":\"x\"}");
            Await.until("the second copy arrives and is dropped",
                    () -> b.duplicatesDropped() > duplicatesBefore && inbox.has("{\"peerId\":\"a\",\"answer\":\"x\"}"));
            assertThat(inbox.count("{\"peerId\":\"a\",\"answer\":\"x\"}")).isEqualTo(1);
        }
    }

    @Test
    void clientReconnectsAndResubscribesAfterBrokerRestart() {
        String topic = topic();
        MqttSignaling a = signaling(urlOf(broker));
        MqttSignaling b = signaling(urlOf(broker));
        Inbox inbox = new Inbox();
        b.subscribe(topic, inbox);
        publishUntilReceived(a, topic, "before restart", inbox);

        MqttSignaling closedWhileDown = new MqttSignaling(List.of(urlOf(broker)), FAST);
        Await.until("third instance connected", () -> closedWhileDown.connectedServers() == 1);
        Set<Thread> itsThreads = threadsOf(closedWhileDown);
        assertThat(itsThreads).isNotEmpty();

        broker.stop();
        Await.until("both notice the broker is gone", () -> a.connectedServers() == 0 && b.connectedServers() == 0);
        closedWhileDown.close();
        Await.until("an instance closed while reconnecting lets its thread end",
                () -> itsThreads.stream().noneMatch(Thread::isAlive));
        broker.start();
        Await.until("both reconnect", () -> a.connectedServers() == 1 && b.connectedServers() == 1);

        publishUntilReceived(a, topic, "after restart", inbox);
    }

    @Test
    void oversizedAndGarbagePayloadsAreDroppedAndLaterMessagesStillArrive() {
        String topic = topic();
        MqttSignaling b = signaling(urlOf(broker));
        Inbox inbox = new Inbox();
        b.subscribe(topic, inbox);
        MqttSignaling a = signaling(urlOf(broker));
        publishUntilReceived(a, topic, "ready", inbox);

        URI tcp = broker.tcpUri();
        Mqtt3BlockingClient raw = MqttClient.builder().useMqttVersion3().identifier("peerset-test-raw")
                .serverHost(tcp.getHost()).serverPort(tcp.getPort()).buildBlocking();
        raw.connect();
        try {
            byte[] huge = new byte[100 * 1024];
            Arrays.fill(huge, (byte) '{');
            raw.publishWith().topic(topic).qos(MqttQos.AT_MOST_ONCE).payload(huge).send();
            raw.publishWith().topic(topic).qos(MqttQos.AT_MOST_ONCE)
                    .payload(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, 0}).send();
            raw.publishWith().topic(topic).qos(MqttQos.AT_MOST_ONCE).payload(new byte[0]).send();
            raw.publishWith().topic(topic).qos(MqttQos.AT_MOST_ONCE).payload("still fine".getBytes()).send();
        } finally {
            raw.disconnect();
        }
        Await.until("the valid message after the garbage arrives", () -> inbox.has("still fine"));
        assertThat(b.oversizedDropped()).isEqualTo(1);
        assertThat(b.malformedDropped()).isEqualTo(1);
        assertThat(inbox.messages).allMatch(m -> m.length() < 64 * 1024);
        assertThat(inbox.messages).containsOnly("ready", "", "still fine");
        assertThat(b.connectedServers()).isEqualTo(1);
    }

    @Test
    void throwingListenerDoesNotStopDelivery() {
        String topic = topic();
        String other = topic();
        MqttSignaling a = signaling(urlOf(broker));
        MqttSignaling b = signaling(urlOf(broker));
        Inbox inbox = new Inbox();
        b.subscribe(topic, (t, m) -> {
            throw new IllegalStateException("listener bug");
        });
        b.subscribe(other, inbox);
        a.publish(topic, "boom");
        publishUntilReceived(a, other, "next", inbox);
        assertThat(b.connectedServers()).isEqualTo(1);
    }

    @Test
    void closeDisconnectsAndLeavesNoNonDaemonThreads() {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        String topic = topic();
        MqttSignaling a = new MqttSignaling(List.of(urlOf(broker), deadUrl()), FAST);
        MqttSignaling b = signaling(urlOf(broker));
        Inbox inbox = new Inbox();
        b.subscribe(topic, inbox);
        publishUntilReceived(a, topic, "hello", inbox);
        List<Thread> started = newThreads(before);
        assertThat(started).filteredOn(t -> t.getName().startsWith("peerset-mqtt-")).isNotEmpty();
        assertThat(started).filteredOn(t -> t.getName().startsWith("peerset-mqtt-") || t.getName().startsWith("com.hivemq.client"))
                .allMatch(Thread::isDaemon);
        Set<Thread> ofA = threadsOf(a);

        a.close();
        a.close(); // idempotent
        a.publish(topic, "after close"); // ignored, no exception
        assertThat(a.connectedServers()).isZero();
        Await.until("a's event-loop thread ends", () -> ofA.stream().noneMatch(Thread::isAlive));
    }

    static Set<Thread> threadsOf(MqttSignaling signaling) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(signaling.threadPrefix())).collect(Collectors.toSet());
    }

    private static List<Thread> newThreads(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.isAlive())
                .collect(Collectors.toList());
    }
}
