package io.peerset.signal.nostr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.peerset.api.Draft;
import io.peerset.api.Identity;
import io.peerset.api.SignedRecord;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.java_websocket.WebSocket;
import org.junit.jupiter.api.Test;

/** A relay that answers with garbage, forgeries and abuse: all ignored, nothing crashes, real events still flow. */
class HostileRelayTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final String TOPIC = "hostile-topic";
    private final Identity peer = Identity.generate();

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    private SignedRecord event(String topic, int kind, String content, long createdAt) {
        return peer.sign(Draft.text(content).kind(kind).tag("x", topic).createdAt(createdAt));
    }

    private SignedRecord valid(String content) {
        return event(TOPIC, NostrSignaling.kindOf(TOPIC), content, now());
    }

    private static String frame(String subId, String eventJson) {
        return "[\"EVENT\",\"" + subId + "\"," + eventJson + "]";
    }

    static String subIdOf(String req) throws Exception {
        JsonNode n = RelayFrame.JSON.readTree(req);
        return n.get(1).asText();
    }

    /** Everything a hostile relay can throw at a client, in one burst, on subscription {@code sub}. */
    private void abuse(WebSocket conn, String sub) {
        conn.send("garbage{");
        conn.send("");
        conn.send("[]");
        conn.send("{\"a\":1}");
        conn.send("[\"EVENT\"]");
        conn.send("[\"EVENT\",\"" + sub + "\",\"not an object\"]");
        conn.send("[\"EVENT\",\"" + sub + "\",{}]");
        conn.send("[".repeat(10_000) + "]".repeat(10_000));
        conn.send("[\"EVENT\",\"" + sub + "\",{\"id\":\"a\",\"id\":\"b\"}]");
        conn.send("[\"EVENT\",\"" + sub + "\",{\"kind\":1e400}]");
        conn.send(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        SignedRecord good = valid("{\"peerId\":\"forged-sig\"}");
        String badSig = good.toJson().replace(good.sig(), good.sig().substring(0, 10)
                + (good.sig().charAt(10) == 'a' ? 'b' : 'a') + good.sig().substring(11));
        conn.send(frame(sub, badSig));
        SignedRecord tampered = SignedRecord.of(good.id(), good.pubkey(), good.createdAt(), good.kind(), good.tags(),
                "{\"peerId\":\"tampered\"}", good.sig());
        conn.send(frame(sub, tampered.toJson()));
        conn.send(frame(sub, event("other-topic", NostrSignaling.kindOf("other-topic"), "{\"peerId\":\"wrong-x\"}", now()).toJson()));
        conn.send(frame(sub, event(TOPIC, NostrSignaling.kindOf(TOPIC) + 1, "{\"peerId\":\"wrong-kind\"}", now()).toJson()));
        conn.send(frame(sub, peer.sign(Draft.text("{\"peerId\":\"no-x\"}").kind(NostrSignaling.kindOf(TOPIC)).createdAt(now())).toJson()));
        conn.send(frame(sub, event(TOPIC, NostrSignaling.kindOf(TOPIC), "{\"peerId\":\"stale\"}", now() - 3600).toJson()));
        conn.send(frame("not-our-sub", valid("{\"peerId\":\"unknown-sub\"}").toJson()));
        for (int i = 0; i < 50; i++) {
            conn.send("[\"NOTICE\",\"spam " + i + "\"]");
        }
        conn.send("[\"OK\",\"" + good.id() + "\",false,\"blocked: you are banned\"]");
        conn.send("[\"OK\",42,\"yes\"]");
        conn.send("[\"CLOSED\",\"not-our-sub\",\"whatever\"]");
        conn.send("[\"AUTH\",\"challenge-string\"]");
        conn.send("[\"COUNT\",\"" + sub + "\",{\"count\":3}]");
        conn.send("[\"NOTICE\",\"" + "n".repeat(100_000) + "\"]");
    }

    @Test
    void garbageForgeriesAndHugeFramesAreIgnoredAndRealEventsStillArrive() throws Exception {
        String first = "{\"peerId\":\"real-1\"}";
        String second = "{\"peerId\":\"real-2\"}";
        SignedRecord real1 = valid(first);
        try (ScriptedRelay relay = ScriptedRelay.start((r, conn, n, f) -> {
            if (!f.startsWith("[\"REQ\"")) {
                return;
            }
            String sub = subIdOf(f);
            if (n == 1) {
                abuse(conn, sub);
                conn.send(frame(sub, real1.toJson()));
                conn.send(frame(sub, real1.toJson())); // the same event twice
            } else {
                conn.send(frame(sub, valid(second).toJson()));
            }
        });
             NostrSignaling s = new NostrSignaling(List.of(relay.url()), RealRelaySignalingTest.fastOptions())) {
            Inbox inbox = new Inbox();
            s.subscribe(TOPIC, inbox);
            Poll.until(DEADLINE, "the real event after the abuse", () -> inbox.has(TOPIC, first));
            relay.broadcast("[\"NOTICE\",\"" + "x".repeat(300_000) + "\"]"); // over the frame limit: connection closed
            Poll.until(DEADLINE, "the real event after the reconnect", () -> inbox.has(TOPIC, second));

            assertThat(inbox.all()).containsExactly(TOPIC + "|" + first, TOPIC + "|" + second);
            assertThat(relay.connections.get()).as("the oversized frame closed the connection, then it reconnected")
                    .isGreaterThanOrEqualTo(2);
            RelayStatus status = s.relayStatus().get(0);
            assertThat(status.ignoredFrames()).isGreaterThanOrEqualTo(20);
            assertThat(status.connects()).isGreaterThanOrEqualTo(2);
            Poll.until(DEADLINE, "connected again", () -> s.connectedServers() == 1);
        }
    }

    @Test
    void floodOfEventsIsCutToTheInboundBudget() throws Exception {
        java.util.concurrent.atomic.AtomicLong frozen = new java.util.concurrent.atomic.AtomicLong();
        try (ScriptedRelay relay = ScriptedRelay.start((r, conn, n, f) -> {
            if (f.startsWith("[\"REQ\"")) {
                String sub = subIdOf(f);
                for (int i = 0; i < 10; i++) {
                    conn.send(frame(sub, valid("{\"peerId\":\"flood-" + i + "\"}").toJson()));
                }
            }
        });
             NostrSignaling s = new NostrSignaling(List.of(relay.url()), NostrSignaling.Options.builder()
                     .inboundRateLimit(1, 3).ticker(frozen::get).build())) {
            Inbox inbox = new Inbox();
            s.subscribe(TOPIC, inbox);
            Poll.until(DEADLINE, "all ten events handled", () -> s.relayStatus().get(0).ignoredFrames() >= 7);
            assertThat(inbox.all()).hasSize(3);
            assertThat(s.relayStatus().get(0).events()).isEqualTo(3);
        }
    }

    @Test
    void listenerThatThrowsDoesNotBreakDelivery() throws Exception {
        try (ScriptedRelay relay = ScriptedRelay.start((r, conn, n, f) -> {
            if (f.startsWith("[\"REQ\"")) {
                String sub = subIdOf(f);
                conn.send(frame(sub, valid("{\"peerId\":\"boom\"}").toJson()));
                conn.send(frame(sub, valid("{\"peerId\":\"fine\"}").toJson()));
            }
        });
             NostrSignaling s = new NostrSignaling(List.of(relay.url()), RealRelaySignalingTest.fastOptions())) {
            Inbox inbox = new Inbox();
            s.subscribe(TOPIC, (topic, message) -> {
                inbox.onMessage(topic, message);
                if (message.contains("boom")) {
                    throw new IllegalStateException("listener bug");
                }
            });
            Poll.until(DEADLINE, "second message after the throwing one", () -> inbox.has(TOPIC, "{\"peerId\":\"fine\"}"));
            assertThat(s.connectedServers()).isEqualTo(1);
        }
    }
}
