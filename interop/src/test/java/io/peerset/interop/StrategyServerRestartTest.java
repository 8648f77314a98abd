package io.peerset.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The signalling server dies mid-session (SIGKILL) and comes back on the same port: peers already
 * linked keep syncing directly over WebRTC meanwhile, and once it is back the nodes announce again
 * so that a third node joining later syncs with both.
 */
class StrategyServerRestartTest {
    static final int RECORDS = 200;
    static final Duration CONNECT_AND_SYNC = Duration.ofSeconds(120);
    static final Duration LIVE = Duration.ofSeconds(60);

    @Test
    void nostrRelayKilledMidSessionPeersKeepSyncingAndAfterRestartAThirdNodeSyncsWithBoth() throws Exception {
        try (NodeServer relay = NodeServer.nostrRelay()) {
            serverKilledAndRestarted("nostr", relay);
        }
    }

    @Test
    void torrentTrackerKilledMidSessionPeersKeepSyncingAndAfterRestartAThirdNodeSyncsWithBoth() throws Exception {
        try (NodeServer tracker = NodeServer.torrentTracker()) {
            serverKilledAndRestarted("torrent", tracker);
        }
    }

    private static void serverKilledAndRestarted(String strategy, NodeServer server) throws Exception {
        String room = Nodes.freshRoom("restart-" + strategy);
        List<String> args = Nodes.args(room, Nodes.signal(strategy, server.wsUrl()));
        try (NodeProcess a = new NodeProcess(args)) {
            Nodes.load(a, RECORDS);
            String fingerprint = a.get("/api/status").get("fingerprint").asText();
            try (NodeProcess b = new NodeProcess(args)) {
                Nodes.awaitConverged(b, "the first node's records", RECORDS, fingerprint, CONNECT_AND_SYNC);

                server.kill();
                Nodes.liveWritePropagates(a, b, "written while the server is down (a)", LIVE);
                Nodes.liveWritePropagates(b, a, "written while the server is down (b)", LIVE);
                assertThat(Nodes.activePeers(a.get("/api/status"))).extracting(p -> p.get("npub").asText())
                    .containsExactly(Nodes.npub(b));

                server.restart();
                String fingerprintNow = a.get("/api/status").get("fingerprint").asText();
                try (NodeProcess c = new NodeProcess(args)) {
                    Nodes.awaitConverged(c, "all records after the restart", RECORDS + 2, fingerprintNow, CONNECT_AND_SYNC);
                    String npubA = Nodes.npub(a);
                    String npubB = Nodes.npub(b);
                    String npubC = Nodes.npub(c);
                    c.awaitGet("both earlier nodes as active peers", "/api/status", CONNECT_AND_SYNC,
                        s -> npubs(s).containsAll(List.of(npubA, npubB)));
                    a.awaitGet("the third node as an active peer", "/api/status", CONNECT_AND_SYNC,
                        s -> npubs(s).containsAll(List.of(npubB, npubC)));
                    b.awaitGet("the third node as an active peer", "/api/status", CONNECT_AND_SYNC,
                        s -> npubs(s).containsAll(List.of(npubA, npubC)));
                    Nodes.liveWritePropagates(c, a, "from the third node", LIVE);
                    Nodes.liveWritePropagates(c, b, "from the third node", LIVE);
                }
            }
        }
    }

    private static List<String> npubs(JsonNode status) {
        return Nodes.activePeers(status).stream().map(p -> p.get("npub").asText()).toList();
    }
}
