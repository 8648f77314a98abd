package io.peerset.signal.nostr;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** NostrSignaling against a real Nostr relay (@nostr-relay/core from npm) started on 127.0.0.1. */
class RealRelaySignalingTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final Duration EVERY = Duration.ofMillis(300);

    private static NodeRelay relay;
    private final List<AutoCloseable> closeables = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startRelay() throws Exception {
        relay = NodeRelay.start();
    }

    @AfterAll
    static void stopRelay() throws Exception {
        relay.close();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    static NostrSignaling.Options fastOptions() {
        return NostrSignaling.Options.builder()
                .reconnect(Duration.ofMillis(100), Duration.ofSeconds(1))
                .resubscribe(Duration.ofMillis(200), Duration.ofSeconds(2))
                .build();
    }

    private NostrSignaling open(URI... urls) {
        NostrSignaling s = new NostrSignaling(List.of(urls), fastOptions());
        closeables.add(s);
        return s;
    }

    private static String offer(String from, String n) {
        return "{\"peerId\":\"" + from + "\",\"offerId\":\"" + n + "\",\"offer\":\"1,2,3$abc\"}";
    }

    @Test
    void twoPeersExchangeTopicMessagesThroughRealRelay() {
        NostrSignaling a = open(relay.url());
        NostrSignaling b = open(relay.url());
        Inbox inboxA = new Inbox();
        Inbox inboxB = new Inbox();
        a.subscribe("root-topic", inboxA);
        a.subscribe("self-a", inboxA);
        b.subscribe("root-topic", inboxB);
        b.subscribe("self-b", inboxB);

        Poll.repeatUntil(DEADLINE, EVERY, "A sees B's announcement", () -> b.publish("root-topic", "{\"peerId\":\"B\"}"),
                () -> inboxA.has("root-topic", "{\"peerId\":\"B\"}"));
        String o = offer("A", "o1");
        Poll.repeatUntil(DEADLINE, EVERY, "B gets A's offer on its self topic", () -> a.publish("self-b", o),
                () -> inboxB.has("self-b", o));
        String answer = "{\"peerId\":\"B\",\"answer\":\"9$zz\",\"offerId\":\"o1\"}";
        Poll.repeatUntil(DEADLINE, EVERY, "A gets B's answer", () -> b.publish("self-a", answer),
                () -> inboxA.has("self-a", answer));

        assertThat(inboxA.messagesOn("root-topic")).containsOnly("{\"peerId\":\"B\"}");
        assertThat(inboxB.messagesOn("root-topic")).as("own events are not delivered back").isEmpty();
        assertThat(inboxA.messagesOn("self-b")).as("A is not subscribed to B's self topic").isEmpty();
        assertThat(a.connectedServers()).isEqualTo(1);
    }

    @Test
    void messagesStillArriveWhenOneOfSeveralRelaysIsDown() throws Exception {
        URI dead = URI.create("ws://127.0.0.1:" + NodeRelay.freePort());
        NostrSignaling a = open(dead, relay.url());
        NostrSignaling b = open(relay.url(), dead);
        Inbox inbox = new Inbox();
        a.subscribe("t-down", inbox);

        Poll.repeatUntil(DEADLINE, EVERY, "message through the live relay", () -> b.publish("t-down", offer("B", "1")),
                () -> inbox.has("t-down", offer("B", "1")));
        assertThat(a.connectedServers()).isEqualTo(1);
        assertThat(a.relayStatus()).filteredOn(s -> s.url().equals(dead)).singleElement()
                .satisfies(s -> assertThat(s.connected()).isFalse());
    }

    @Test
    void eventCarriedBySeveralRelaysIsDeliveredOnce() throws Exception {
        try (NodeRelay second = NodeRelay.start()) {
            NostrSignaling a = open(relay.url(), second.url());
            NostrSignaling b = open(relay.url(), second.url());
            Inbox inbox = new Inbox();
            a.subscribe("t-twice", inbox);
            int[] probe = {0};
            Poll.repeatUntil(DEADLINE, EVERY, "A subscribed on both relays",
                    () -> b.publish("t-twice", "{\"peerId\":\"probe" + (probe[0]++) + "\"}"),
                    () -> a.relayStatus().stream().allMatch(s -> s.events() >= 1));
            long before0 = a.relayStatus().get(0).events();
            long before1 = a.relayStatus().get(1).events();
            for (int i = 0; i < 5; i++) {
                b.publish("t-twice", offer("B", "m" + i));
            }
            Poll.until(DEADLINE, "both relays carried all five events to A",
                    () -> a.relayStatus().get(0).events() >= before0 + 5 && a.relayStatus().get(1).events() >= before1 + 5);
            for (int i = 0; i < 5; i++) {
                assertThat(inbox.count("t-twice", offer("B", "m" + i))).as("copies of m" + i).isEqualTo(1);
            }
        }
    }

    @Test
    void relayKilledAndRestartedSignallingRecovers() throws Exception {
        try (NodeRelay own = NodeRelay.start()) {
            NostrSignaling a = open(own.url());
            NostrSignaling b = open(own.url());
            Inbox inbox = new Inbox();
            a.subscribe("t-restart", inbox);
            Poll.repeatUntil(DEADLINE, EVERY, "message before the crash", () -> b.publish("t-restart", offer("B", "before")),
                    () -> inbox.has("t-restart", offer("B", "before")));

            own.kill();
            Poll.until(DEADLINE, "both sides notice the relay is gone",
                    () -> a.connectedServers() == 0 && b.connectedServers() == 0);
            own.restart();
            Poll.until(DEADLINE, "both sides reconnect", () -> a.connectedServers() == 1 && b.connectedServers() == 1);
            Poll.repeatUntil(DEADLINE, EVERY, "message after the restart (A resubscribed)",
                    () -> b.publish("t-restart", offer("B", "after")), () -> inbox.has("t-restart", offer("B", "after")));
            assertThat(a.relayStatus().get(0).connects()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void eventMadeByTrysteroReachesOurSubscription() throws Exception {
        NostrSignaling a = open(relay.url());
        Inbox inbox = new Inbox();
        String topic = "trystero-to-java-" + System.nanoTime();
        a.subscribe(topic, inbox);
        String content = "{\"peerId\":\"TrysteroPeer00000001\"}";
        List<String> out = new CopyOnWriteArrayList<>();
        Poll.repeatUntil(DEADLINE, Duration.ofSeconds(2), "Trystero's event delivered", () -> {
            try {
                Process p = NodeRelay.trysteroClient(out, "publish", relay.url().toString(), topic, content);
                p.waitFor(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, () -> inbox.has(topic, content));
        assertThat(out).anyMatch(l -> l.startsWith("ok true"));
    }

    @Test
    void trysteroSubscriptionReceivesOurEvent() throws Exception {
        NostrSignaling a = open(relay.url());
        String topic = "java-to-trystero-" + System.nanoTime();
        String content = offer("JavaPeer", "x1");
        List<String> out = new CopyOnWriteArrayList<>();
        Process listener = NodeRelay.trysteroClient(out, "listen", relay.url().toString(), topic);
        try {
            Poll.until(DEADLINE, "Trystero's subscription is in place", () -> out.contains("ready"));
            Poll.until(DEADLINE, "connected", () -> a.connectedServers() == 1);
            Poll.repeatUntil(DEADLINE, EVERY, "Trystero's client got our event", () -> a.publish(topic, content),
                    () -> out.contains("event " + content));
        } finally {
            listener.destroyForcibly();
            listener.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
