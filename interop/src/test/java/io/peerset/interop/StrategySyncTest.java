package io.peerset.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.peerset.testkit.EmbeddedMqttBroker;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two {@code peerset node} processes sync through each signalling strategy on its own, each
 * with a real local server: the first holds a few hundred records, the second joins empty and
 * converges to the same fingerprint, then live writes cross both ways over the WebRTC link.
 */
class StrategySyncTest {
    static final int RECORDS = 300;
    static final Duration CONNECT_AND_SYNC = Duration.ofSeconds(120);
    static final Duration LIVE = Duration.ofSeconds(60);

    @Test
    void twoNodesSyncThroughMqtt() throws Exception {
        try (EmbeddedMqttBroker broker = EmbeddedMqttBroker.launch()) {
            twoNodesSync(Nodes.signal("mqtt", broker.tcpUri().toString()));
        }
    }

    @Test
    void twoNodesSyncThroughNostr() throws Exception {
        try (NodeServer relay = NodeServer.nostrRelay()) {
            twoNodesSync(Nodes.signal("nostr", relay.wsUrl()));
        }
    }

    @Test
    void twoNodesSyncThroughTorrent() throws Exception {
        try (NodeServer tracker = NodeServer.torrentTracker()) {
            twoNodesSync(Nodes.signal("torrent", tracker.wsUrl()));
        }
    }

    /** Loads {@value #RECORDS} records on one node, starts a second, and checks initial sync, live writes and one peer entry each. */
    static void twoNodesSync(List<String> signalling) throws Exception {
        String room = Nodes.freshRoom("sync");
        try (NodeProcess a = new NodeProcess(Nodes.args(room, signalling))) {
            Nodes.load(a, RECORDS);
            String fingerprint = a.get("/api/status").get("fingerprint").asText();
            try (NodeProcess b = new NodeProcess(Nodes.args(room, signalling))) {
                Nodes.awaitConverged(b, "the first node's " + RECORDS + " records", RECORDS, fingerprint, CONNECT_AND_SYNC);
                Nodes.liveWritePropagates(a, b, "live from a", LIVE);
                Nodes.liveWritePropagates(b, a, "live from b", LIVE);

                JsonNode statusA = a.get("/api/status");
                assertThat(statusA.get("peers")).as("a's peers: %s", statusA.get("peers")).hasSize(1);
                assertThat(statusA.get("peers").get(0).get("state").asText()).isEqualTo("ACTIVE");
                assertThat(statusA.get("peers").get(0).get("npub").asText()).isEqualTo(Nodes.npub(b));
                assertThat(b.get("/api/status").get("fingerprint").asText()).isEqualTo(statusA.get("fingerprint").asText());
            }
        }
    }
}
