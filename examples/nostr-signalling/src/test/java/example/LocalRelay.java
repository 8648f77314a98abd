package example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Just enough of a NIP-01 relay on 127.0.0.1 for two peers to signal: {@code EVENT} is
 * answered with {@code OK} and sent to every open subscription whose filters match,
 * {@code REQ} opens a subscription (stored, non-ephemeral events that match are sent first,
 * then {@code EOSE}), {@code CLOSE} ends it. Filters: ids, authors, kinds, since, until and
 * {@code #<letter>} tags. No signature checks (the peers check them), no limits, no auth.
 */
final class LocalRelay extends WebSocketServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<WebSocket, Map<String, JsonNode>> subscriptions = new ConcurrentHashMap<>();
    private final List<JsonNode> stored = new CopyOnWriteArrayList<>();
    final AtomicLong eventsReceived = new AtomicLong();
    final AtomicLong eventsForwarded = new AtomicLong();

    private LocalRelay() {
        super(new InetSocketAddress("127.0.0.1", 0));
        setDaemon(true);
        setReuseAddr(true);
    }

    static LocalRelay launch() throws InterruptedException {
        LocalRelay r = new LocalRelay();
        r.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!r.accepting()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("relay did not start listening within 10 s");
            }
            Thread.sleep(20);
        }
        return r;
    }

    private boolean accepting() {
        if (getPort() <= 0) {
            return false;
        }
        try (Socket s = new Socket("127.0.0.1", getPort())) {
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    URI uri() {
        return URI.create("ws://127.0.0.1:" + getPort());
    }

    @Override public void onOpen(WebSocket conn, ClientHandshake handshake) {
        subscriptions.put(conn, new ConcurrentHashMap<>());
    }

    @Override public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        subscriptions.remove(conn);
    }

    @Override public void onMessage(WebSocket conn, ByteBuffer message) {
        notice(conn, "binary frames are not supported");
    }

    @Override public void onMessage(WebSocket conn, String message) {
        JsonNode m;
        try {
            m = JSON.readTree(message);
        } catch (Exception e) {
            notice(conn, "invalid: not JSON");
            return;
        }
        if (m == null || !m.isArray() || m.isEmpty()) {
            notice(conn, "invalid: expected a JSON array");
            return;
        }
        switch (m.get(0).asText()) {
            case "EVENT" -> event(conn, m.get(1));
            case "REQ" -> req(conn, m);
            case "CLOSE" -> {
                Map<String, JsonNode> subs = subscriptions.get(conn);
                if (subs != null && m.size() > 1) {
                    subs.remove(m.get(1).asText());
                }
            }
            default -> notice(conn, "unsupported: " + m.get(0).asText());
        }
    }

    private void event(WebSocket from, JsonNode event) {
        if (event == null || !event.isObject() || !event.path("id").isTextual()) {
            notice(from, "invalid: EVENT needs an event object");
            return;
        }
        eventsReceived.incrementAndGet();
        ArrayNode ok = JSON.createArrayNode().add("OK").add(event.get("id").asText()).add(true).add("");
        from.send(ok.toString());
        int kind = event.path("kind").asInt();
        if (kind < 20000 || kind >= 30000) {
            stored.add(event);
        }
        subscriptions.forEach((conn, subs) -> subs.forEach((subId, filters) -> {
            if (matchesAny(filters, event) && conn.isOpen()) {
                conn.send(JSON.createArrayNode().add("EVENT").add(subId).add(event).toString());
                eventsForwarded.incrementAndGet();
            }
        }));
    }

    private void req(WebSocket conn, JsonNode m) {
        if (m.size() < 2 || !m.get(1).isTextual()) {
            notice(conn, "invalid: REQ needs a subscription id");
            return;
        }
        String subId = m.get(1).asText();
        ArrayNode filters = JSON.createArrayNode();
        for (Iterator<JsonNode> it = m.elements(); it.hasNext(); ) {
            JsonNode f = it.next();
            if (f.isObject()) {
                filters.add(f);
            }
        }
        Map<String, JsonNode> subs = subscriptions.get(conn);
        if (subs == null) {
            return;
        }
        subs.put(subId, filters);
        for (JsonNode e : stored) {
            if (matchesAny(filters, e)) {
                conn.send(JSON.createArrayNode().add("EVENT").add(subId).add(e).toString());
            }
        }
        conn.send(JSON.createArrayNode().add("EOSE").add(subId).toString());
    }

    private static boolean matchesAny(JsonNode filters, JsonNode e) {
        for (JsonNode f : filters) {
            if (matches(f, e)) {
                return true;
            }
        }
        return false;
    }

    static boolean matches(JsonNode f, JsonNode e) {
        if (f.has("ids") && !contains(f.get("ids"), e.path("id").asText())) return false;
        if (f.has("authors") && !contains(f.get("authors"), e.path("pubkey").asText())) return false;
        if (f.has("kinds") && !contains(f.get("kinds"), e.path("kind").asText())) return false;
        long at = e.path("created_at").asLong();
        if (f.has("since") && at < f.get("since").asLong()) return false;
        if (f.has("until") && at > f.get("until").asLong()) return false;
        for (Iterator<Map.Entry<String, JsonNode>> it = f.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            if (key.length() == 2 && key.charAt(0) == '#') {
                List<String> values = new ArrayList<>();
                for (JsonNode tag : e.path("tags")) {
                    if (tag.size() > 1 && tag.get(0).asText().equals(key.substring(1))) {
                        values.add(tag.get(1).asText());
                    }
                }
                if (values.stream().noneMatch(v -> contains(field.getValue(), v))) return false;
            }
        }
        return true;
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode v : array) {
            if (v.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static void notice(WebSocket conn, String text) {
        conn.send(JSON.createArrayNode().add("NOTICE").add(text).toString());
    }

    @Override public void onError(WebSocket conn, Exception ex) { }

    @Override public void onStart() { }

    @Override public void close() throws InterruptedException {
        stop(2000);
    }
}
