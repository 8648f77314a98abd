package io.peerset.signal.torrent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * A tiny WebSocket server on 127.0.0.1 that plays tracker as a test scripts it: records
 * every message it receives and hands each to a script that may answer anything at all.
 */
final class ScriptedTracker extends WebSocketServer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    /** What the tracker does with one received message. */
    interface Script {
        void onMessage(ScriptedTracker tracker, WebSocket socket, int connection, JsonNode message) throws Exception;
    }

    final List<JsonNode> received = new CopyOnWriteArrayList<>();
    final List<WebSocket> sockets = new CopyOnWriteArrayList<>();
    final AtomicInteger connections = new AtomicInteger();
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile Script script;

    private ScriptedTracker(Script script) {
        super(new InetSocketAddress("127.0.0.1", 0));
        this.script = script;
        setDaemon(true);
        setReuseAddr(true);
    }

    static ScriptedTracker start(Script script) throws InterruptedException {
        ScriptedTracker t = new ScriptedTracker(script);
        t.start();
        if (!t.started.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("scripted tracker did not start");
        }
        return t;
    }

    /** Replies to an announcement as bittorrent-tracker does. */
    static void reply(WebSocket socket, JsonNode announce, int intervalSeconds) {
        ObjectNode r = JSON.createObjectNode();
        r.put("action", "announce").put("interval", intervalSeconds).put("info_hash", announce.path("info_hash").asText())
                .put("complete", 0).put("incomplete", 1);
        socket.send(r.toString());
    }

    void script(Script s) {
        this.script = s;
    }

    URI uri() {
        return URI.create("ws://127.0.0.1:" + getPort());
    }

    List<JsonNode> announcementsWithOffers() {
        return received.stream().filter(n -> n.path("offers").size() > 0).toList();
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
        conn.setAttachment(connections.incrementAndGet());
        sockets.add(conn);
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        sockets.remove(conn);
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
        try {
            JsonNode n = JSON.readTree(message);
            received.add(n);
            Script s = script;
            if (s != null) {
                s.onMessage(this, conn, conn.<Integer>getAttachment(), n);
            }
        } catch (Exception e) {
            throw new IllegalStateException("scripted tracker failed: " + e, e);
        }
    }

    @Override
    public void onError(WebSocket conn, Exception ex) {}

    @Override
    public void onStart() {
        started.countDown();
    }

    @Override
    public void close() throws InterruptedException {
        stop(1000);
    }
}
