package io.peerset.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.peerset.api.Draft;
import io.peerset.api.Identity;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Shared steps of the tests that run several {@code peerset node} processes in one room. */
final class Nodes {
    static final String APP = "peerset-it";

    private Nodes() {}

    /** A room id no other test run uses. */
    static String freshRoom(String prefix) {
        return prefix + "-" + Long.toString(System.nanoTime(), 36);
    }

    /** {@code --signal STRATEGY --relay URL}. */
    static List<String> signal(String strategy, String url) {
        return List.of("--signal", strategy, "--relay", url);
    }

    /** One {@code --signal NAME} per entry and {@code --relay NAME=URL} for its server, in the map's order. */
    static List<String> signals(Map<String, String> urlByStrategy) {
        List<String> args = new ArrayList<>();
        urlByStrategy.keySet().forEach(s -> args.addAll(List.of("--signal", s)));
        urlByStrategy.forEach((s, url) -> args.addAll(List.of("--relay", s + "=" + url)));
        return args;
    }

    /** Node arguments: the signalling, app {@value #APP}, the room, short sync and idle timers, then {@code extra}. */
    static List<String> args(String room, List<String> signalling, String... extra) {
        List<String> args = new ArrayList<>(signalling);
        args.addAll(List.of("--app", APP, "--room", room, "--sync-interval", "5", "--idle-timeout", "15"));
        args.addAll(List.of(extra));
        return args;
    }

    /** Signs {@code n} records with a fresh key and POSTs them to the node in batches. */
    static void load(NodeProcess node, int n) throws Exception {
        Identity author = Identity.generate();
        long base = System.currentTimeMillis() - n * 1000L;
        for (int from = 0; from < n; from += 2000) {
            StringBuilder body = new StringBuilder("[");
            for (int i = from; i < Math.min(n, from + 2000); i++) {
                if (i > from) body.append(',');
                body.append(author.sign(Draft.text("record " + i).createdAtMillis(base + i * 1000L)).toJson());
            }
            HttpResponse<String> r = node.post("/api/events", body.append(']').toString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        }
    }

    static boolean hasContent(JsonNode records, String content) {
        for (JsonNode r : records) {
            if (r.get("content").asText().equals(content)) {
                return true;
            }
        }
        return false;
    }

    /** Peer entries of a status whose session is ACTIVE. */
    static List<JsonNode> activePeers(JsonNode status) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode p : status.get("peers")) {
            if (p.get("state").asText().equals("ACTIVE")) {
                out.add(p);
            }
        }
        return out;
    }

    /** Waits until the node holds exactly {@code records} records with the given fingerprint. */
    static JsonNode awaitConverged(NodeProcess node, String what, long records, String fingerprint, Duration timeout) throws Exception {
        return node.awaitGet(what, "/api/status", timeout,
            s -> s.get("records").asLong() == records && s.get("fingerprint").asText().equals(fingerprint));
    }

    /** Writes a record on {@code from} and waits until {@code to} has it. */
    static void liveWritePropagates(NodeProcess from, NodeProcess to, String content, Duration timeout) throws Exception {
        HttpResponse<String> r = from.post("/api/records", "{\"content\":\"" + content + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        to.awaitGet("live record '" + content + "'", "/api/records?limit=10", timeout, recs -> hasContent(recs, content));
    }

    static String npub(NodeProcess node) throws Exception {
        return node.get("/api/status").get("npub").asText();
    }
}
