package io.peerset.signal.nostr;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * A tiny WebSocket server on 127.0.0.1 that plays a relay by script: it records every
 * frame a client sends and hands it to a test-supplied behaviour, which may answer with
 * anything (garbage included).
 */
final class ScriptedRelay extends WebSocketServer implements AutoCloseable {
    interface Behaviour {
        void onFrame(ScriptedRelay relay, WebSocket conn, int connection, String frame) throws Exception;
    }

    final List<String> frames = new CopyOnWriteArrayList<>();
    final AtomicInteger connections = new AtomicInteger();
    private volatile Behaviour behaviour = (r, c, n, f) -> { };
    private final CopyOnWriteArrayList<Throwable> errors = new CopyOnWriteArrayList<>();

    ScriptedRelay() {
        super(new InetSocketAddress("127.0.0.1", 0));
        setDaemon(true);
        setReuseAddr(true);
    }

    static ScriptedRelay start(Behaviour behaviour) {
        ScriptedRelay r = new ScriptedRelay();
        r.behaviour = behaviour;
        r.start();
        Poll.until(Duration.ofSeconds(10), "scripted relay listening", () -> r.getPort() > 0 && NodeRelay.accepts(r.getPort()));
        return r;
    }

    URI url() {
        return URI.create("ws://127.0.0.1:" + getPort());
    }

    List<String> framesStartingWith(String prefix) {
        return frames.stream().filter(f -> f.startsWith(prefix)).toList();
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
        conn.setAttachment(connections.incrementAndGet());
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
        frames.add(message);
        try {
            behaviour.onFrame(this, conn, conn.<Integer>getAttachment(), message);
        } catch (Exception e) {
            errors.add(e);
        }
    }

    @Override
    public void onMessage(WebSocket conn, ByteBuffer message) {
        frames.add("<binary>");
    }

    @Override
    public void onError(WebSocket conn, Exception ex) {
    }

    @Override
    public void onStart() {
    }

    @Override
    public void close() throws InterruptedException {
        stop(2000);
        if (!errors.isEmpty()) {
            throw new AssertionError("scripted relay behaviour failed", errors.get(0));
        }
    }
}
