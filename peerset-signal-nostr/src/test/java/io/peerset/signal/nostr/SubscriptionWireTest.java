package io.peerset.signal.nostr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.peerset.api.Draft;
import io.peerset.api.Identity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What NostrSignaling sends to a relay: Trystero-shaped REQs, batched per relay, re-issued and CLOSEd. */
class SubscriptionWireTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private static NostrSignaling.Options.Builder options() {
        return NostrSignaling.Options.builder()
                .reconnect(Duration.ofMillis(100), Duration.ofSeconds(1))
                .resubscribe(Duration.ofMillis(100), Duration.ofSeconds(1));
    }

    private static JsonNode json(String frame) {
        try {
            return RelayFrame.JSON.readTree(frame);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> xTopics(String req) {
        List<String> out = new ArrayList<>();
        json(req).get(2).get("#x").forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void subscriptionFilterHasTrysteroShape() throws Exception {
        try (ScriptedRelay relay = ScriptedRelay.start((r, c, n, f) -> { });
             NostrSignaling s = new NostrSignaling(List.of(relay.url()), options().build())) {
            long before = System.currentTimeMillis() / 1000;
            s.subscribe("abc", new Inbox());
            Poll.until(DEADLINE, "a REQ", () -> !relay.framesStartingWith("[\"REQ\"").isEmpty());
            JsonNode req = json(relay.framesStartingWith("[\"REQ\"").get(0));
            assertThat(req.size()).isEqualTo(3);
            assertThat(req.get(1).asText()).hasSizeBetween(1, 64);
            JsonNode filter = req.get(2);
            List<String> fields = new ArrayList<>();
            filter.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).containsExactly("kinds", "since", "#x");
            assertThat(filter.get("kinds").toString()).isEqualTo("[" + NostrSignaling.kindOf("abc") + "]");
            assertThat(filter.get("#x").toString()).isEqualTo("[\"abc\"]");
            assertThat(filter.get("since").asLong()).isBetween(before - 11, System.currentTimeMillis() / 1000);
        }
    }

    @Test
    void topicsSubscribedTogetherGoOutInOneRequest() throws Exception {
        try (ScriptedRelay relay = ScriptedRelay.start((r, c, n, f) -> { });
             NostrSignaling s = new NostrSignaling(List.of(relay.url()),
                     options().subscribeDebounce(Duration.ofSeconds(1)).build())) {
            s.subscribe("t1", new Inbox());
            s.subscribe("t2", new Inbox());
            s.subscribe("t3", new Inbox());
            Poll.until(DEADLINE, "a REQ", () -> !relay.framesStartingWith("[\"REQ\"").isEmpty());
            assertThat(relay.framesStartingWith("[\"REQ\"")).singleElement()
                    .satisfies(req -> assertThat(xTopics(req)).containsExactlyInAnyOrder("t1", "t2", "t3"));
            assertThat(json(relay.framesStartingWith("[\"REQ\"").get(0)).get(2).get("kinds"))
                    .hasSize(3);
        }
    }

    @Test
    void manyTopicsAreSplitIntoSeveralSubscriptions() throws Exception {
        try (ScriptedRelay relay = ScriptedRelay.start((r, c, n, f) -> { });
             NostrSignaling s = new NostrSignaling(List.of(relay.url()),
                     options().subscribeDebounce(Duration.ofSeconds(1)).maxTopicsPerSubscription(2).build())) {
            for (int i = 0; i < 5; i++) {
                s.subscribe("topic-" + i, new Inbox());
            }
            Poll.until(DEADLINE, "three REQs", () -> relay.framesStartingWith("[\"REQ\"").size() == 3);
            List<String> all = new ArrayList<>();
            for (String req : relay.framesStartingWith("[\"REQ\"")) {
                assertThat(xTopics(req)).hasSizeBetween(1, 2);
                all.addAll(xTopics(req));
            }
            assertThat(all).containsExactlyInAnyOrder("topic-0", "topic-1", "topic-2", "topic-3", "topic-4");
        }
    }

    @Test
    void changingTopicsSendsNewRequestThenClosesTheOldOne() throws Exception {
        try (ScriptedRelay relay = ScriptedRelay.start((r, c, n, f) -> { });
             NostrSignaling s = new NostrSignaling(List.of(relay.url()), options().build())) {
            s.subscribe("t1", new Inbox());
            Poll.until(DEADLINE, "first REQ", () -> relay.framesStartingWith("[\"REQ\"").size() == 1);
            String firstId = json(relay.framesStartingWith("[\"REQ\"").get(0)).get(1).asText();
            s.subscribe("t2", new Inbox());
            Poll.until(DEADLINE, "CLOSE of the first subscription", () -> relay.frames.contains("[\"CLOSE\",\"" + firstId + "\"]"));
            List<String> frames = relay.frames;
            int close = frames.indexOf("[\"CLOSE\",\"" + firstId + "\"]");
            String second = relay.framesStartingWith("[\"REQ\"").get(1);
            assertThat(frames.indexOf(second)).as("new REQ goes out before the old one is closed").isLessThan(close);
            assertThat(xTopics(second)).containsExactlyInAnyOrder("t1", "t2");
            assertThat(json(second).get(1).asText()).isNotEqualTo(firstId);
        }
    }

    @Test
    void leavingTheLastTopicClosesTheSubscription() throws Exception {
        try (ScriptedRelay relay = ScriptedRelay.start((r, c, n, f) -> { });
             NostrSignaling s = new NostrSignaling(List.of(relay.url()), options().build())) {
            s.subscribe("t1", new Inbox());
            Poll.until(DEADLINE, "REQ", () -> relay.framesStartingWith("[\"REQ\"").size() == 1);
            String id = json(relay.framesStartingWith("[\"REQ\"").get(0)).get(1).asText();
            s.unsubscribe("t1");
            Poll.until(DEADLINE, "CLOSE", () -> relay.frames.contains("[\"CLOSE\",\"" + id + "\"]"));
            assertThat(relay.framesStartingWith("[\"REQ\"")).hasSize(1);
        }
    }

    @Test
    void closeSendsCloseForTheSubscriptionAndDisconnects() throws Exception {
        try (ScriptedRelay relay = ScriptedRelay.start((r, c, n, f) -> { })) {
            NostrSignaling s = new NostrSignaling(List.of(relay.url()), options().build());
            s.subscribe("t1", new Inbox());
            Poll.until(DEADLINE, "REQ", () -> relay.framesStartingWith("[\"REQ\"").size() == 1);
            String id = json(relay.framesStartingWith("[\"REQ\"").get(0)).get(1).asText();
            s.close();
            Poll.until(DEADLINE, "CLOSE", () -> relay.frames.contains("[\"CLOSE\",\"" + id + "\"]"));
            Poll.until(DEADLINE, "the relay sees the socket closed", () -> relay.getConnections().isEmpty());
            assertThat(s.connectedServers()).isZero();
            s.close(); // idempotent
        }
    }

    @Test
    void subscriptionClosedByRelayIsRequestedAgainAfterBackoff() throws Exception {
        Identity peer = Identity.generate();
        try (ScriptedRelay relay = ScriptedRelay.start((r, c, n, f) -> {
            if (!f.startsWith("[\"REQ\"")) {
                return;
            }
            String sub = HostileRelayTest.subIdOf(f);
            if (r.framesStartingWith("[\"REQ\"").size() == 1) {
                c.send("[\"CLOSED\",\"" + sub + "\",\"error: too busy, try later\"]");
            } else {
                String ev = peer.sign(Draft.text("{\"peerId\":\"P\"}").kind(NostrSignaling.kindOf("t1")).tag("x", "t1")
                        .createdAt(System.currentTimeMillis() / 1000)).toJson();
                c.send("[\"EVENT\",\"" + sub + "\"," + ev + "]");
            }
        });
             NostrSignaling s = new NostrSignaling(List.of(relay.url()), options().build())) {
            Inbox inbox = new Inbox();
            s.subscribe("t1", inbox);
            Poll.until(DEADLINE, "event on the renewed subscription", () -> inbox.has("t1", "{\"peerId\":\"P\"}"));
            assertThat(relay.framesStartingWith("[\"REQ\"")).hasSize(2);
            assertThat(relay.connections.get()).as("same connection").isEqualTo(1);
        }
    }

    @Test
    void publishedEventIsTrysteroShaped() throws Exception {
        try (ScriptedRelay relay = ScriptedRelay.start((r, c, n, f) -> { });
             NostrSignaling s = new NostrSignaling(List.of(relay.url()), options().build())) {
            Poll.until(DEADLINE, "connected", () -> s.connectedServers() == 1);
            s.publish("some-topic", "{\"peerId\":\"me\"}");
            Poll.until(DEADLINE, "EVENT", () -> !relay.framesStartingWith("[\"EVENT\"").isEmpty());
            JsonNode frame = json(relay.framesStartingWith("[\"EVENT\"").get(0));
            assertThat(frame.size()).isEqualTo(2);
            JsonNode ev = frame.get(1);
            assertThat(ev.get("kind").asInt()).isEqualTo(NostrSignaling.kindOf("some-topic"));
            assertThat(ev.get("tags").toString()).isEqualTo("[[\"x\",\"some-topic\"]]");
            assertThat(ev.get("content").asText()).isEqualTo("{\"peerId\":\"me\"}");
            assertThat(ev.get("pubkey").asText()).isEqualTo(s.publicKeyHex());
            io.peerset.api.SignedRecord.fromJson(ev.toString()).verify();
            Iterator<String> names = ev.fieldNames();
            List<String> fields = new ArrayList<>();
            names.forEachRemaining(fields::add);
            assertThat(fields).containsExactlyInAnyOrder("id", "pubkey", "created_at", "kind", "tags", "content", "sig");
        }
    }
}
