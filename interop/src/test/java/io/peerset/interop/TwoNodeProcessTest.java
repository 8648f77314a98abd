package io.peerset.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.peerset.testkit.EmbeddedMqttBroker;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Two {@code peerset node} processes that find each other through a real MQTT broker and sync over real WebRTC. */
class TwoNodeProcessTest {
    private static final Duration SYNC = Duration.ofSeconds(180);

    static List<String> nodeArgs(String brokerUri, String room, String... extra) {
        return Nodes.args(room, Nodes.signal("mqtt", brokerUri), extra);
    }

    @Test
    void emptyNodeJoiningGetsTenThousandRecordsThenWritesPropagateLiveBothWays() throws Exception {
        String room = "two-" + Long.toString(System.nanoTime(), 36);
        try (EmbeddedMqttBroker broker = EmbeddedMqttBroker.launch();
             NodeProcess a = new NodeProcess(nodeArgs(broker.tcpUri().toString(), room))) {
            Nodes.load(a, 10_000);
            JsonNode statusA = a.get("/api/status");
            assertThat(statusA.get("records").asLong()).isEqualTo(10_000);
            try (NodeProcess b = new NodeProcess(nodeArgs(broker.tcpUri().toString(), room))) {
                String fingerprint = statusA.get("fingerprint").asText();
                b.awaitGet("all 10k records", "/api/status", SYNC,
                    s -> s.get("records").asLong() == 10_000 && s.get("fingerprint").asText().equals(fingerprint));

                assertThat(a.post("/api/records", "{\"content\":\"live from a\"}").statusCode()).isEqualTo(201);
                assertThat(b.post("/api/records", "{\"content\":\"live from b\"}").statusCode()).isEqualTo(201);
                b.awaitGet("a's live record", "/api/records?limit=10", SYNC, r -> Nodes.hasContent(r, "live from a"));
                a.awaitGet("b's live record", "/api/records?limit=10", SYNC, r -> Nodes.hasContent(r, "live from b"));
                JsonNode peerOfA = a.get("/api/status").get("peers").get(0);
                assertThat(peerOfA.get("state").asText()).isEqualTo("ACTIVE");
                assertThat(peerOfA.get("npub").asText()).isEqualTo(b.get("/api/status").get("npub").asText());
            }
        }
    }

    @Test
    void nodeKilledMidSyncIsNoticedByTheSurvivorAndConvergesAfterRestart() throws Exception {
        String room = "kill-" + Long.toString(System.nanoTime(), 36);
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("peerset-kill");
        java.nio.file.Path key = dir.resolve("b.nsec");
        try (EmbeddedMqttBroker broker = EmbeddedMqttBroker.launch();
             NodeProcess a = new NodeProcess(nodeArgs(broker.tcpUri().toString(), room))) {
            Nodes.load(a, 10_000);
            String fingerprint = a.get("/api/status").get("fingerprint").asText();
            NodeProcess b = new NodeProcess(nodeArgs(broker.tcpUri().toString(), room, "--key-file", key.toString()));
            b.awaitGet("some records arriving", "/api/status", SYNC, s -> s.get("records").asLong() > 0);
            b.kill();
            a.awaitGet("the dead peer dropped", "/api/status", Duration.ofSeconds(90), s -> {
                for (JsonNode p : s.get("peers")) {
                    if (p.get("state").asText().equals("ACTIVE")) {
                        return false;
                    }
                }
                return true;
            });
            try (NodeProcess b2 = new NodeProcess(nodeArgs(broker.tcpUri().toString(), room, "--key-file", key.toString()))) {
                b2.awaitGet("convergence after restart", "/api/status", SYNC,
                    s -> s.get("records").asLong() == 10_000 && s.get("fingerprint").asText().equals(fingerprint));
            }
        }
    }
}
