package io.peerset.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One real Trystero peer in headless Chromium and one {@code peerset node} in its own
 * JVM join the same room through a local signalling server; then they must see each
 * other as connected, exchange {@code ps/event} records both ways (each side verifying
 * the other's signature) and answer Trystero's ping.
 */
final class InteropScenario {
    static final Duration CONNECT = Duration.ofSeconds(120);
    static final Duration DELIVER = Duration.ofSeconds(60);

    private InteropScenario() {}

    /**
     * @param strategy Trystero strategy / peerset signalling name
     * @param nodeRelay URL the Java node uses
     * @param browserRelay URL the browser uses (a WebSocket URL)
     */
    static void run(String strategy, String nodeRelay, String browserRelay) throws Exception {
        String app = "peerset-interop";
        String room = strategy + "-" + Long.toString(System.nanoTime(), 36);
        try (NodeProcess node = new NodeProcess(List.of("--signal", strategy, "--relay", nodeRelay, "--app", app, "--room", room));
             BrowserPeer browser = new BrowserPeer()) {
            String nodeId = node.get("/api/status").get("peerId").asText();
            browser.command(Map.of("cmd", "join", "strategy", strategy, "appId", app, "roomId", room,
                "relayUrls", List.of(browserRelay)));

            browser.await("the node as a peer", CONNECT,
                e -> e.path("event").asText().equals("peer") && e.path("peerId").asText().equals(nodeId));
            node.awaitGet("the browser as an active peer", "/api/status", CONNECT, s -> {
                for (JsonNode p : s.get("peers")) {
                    if (p.get("state").asText().equals("ACTIVE")) {
                        return true;
                    }
                }
                return false;
            });

            browser.command(Map.of("cmd", "send", "content", "hello from a Trystero browser peer"));
            String sentId = browser.await("sent", DELIVER, e -> e.path("event").asText().equals("sent")).get("id").asText();
            node.awaitGet("the browser's event stored", "/api/records?limit=1000", DELIVER, arr -> {
                for (JsonNode ev : arr) {
                    if (ev.get("id").asText().equals(sentId)) {
                        return ev.get("content").asText().equals("hello from a Trystero browser peer");
                    }
                }
                return false;
            });

            HttpResponse<String> posted = node.post("/api/records", "{\"content\":\"hello from a peerset node\"}");
            assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
            JsonNode received = browser.await("the node's event", DELIVER,
                e -> e.path("event").asText().equals("received") && e.path("content").asText().equals("hello from a peerset node"));
            assertThat(received.get("valid").asBoolean()).as("nostr-tools verifies the node's signature").isTrue();

            browser.command(Map.of("cmd", "ping", "peerId", nodeId));
            JsonNode pong = browser.await("pong", DELIVER, e -> e.path("event").asText().equals("pong"));
            // Trystero's room.ping() resolves only when the node's @_pong arrives, so the await above is the
            // check; the event must name the node and carry the measured round trip
            assertThat(pong.get("peerId").asText()).isEqualTo(nodeId);
            assertThat(pong.get("ms").isNumber()).as("round trip in ms: %s", pong).isTrue();
        }
    }
}
