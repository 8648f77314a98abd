package io.peerset.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerset.api.Ban;
import io.peerset.api.PeerInfo;
import io.peerset.api.Room;
import io.peerset.api.SignedRecord;
import io.peerset.api.Subscription;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client of {@code GET /api/stream}: server-sent events, each a JSON object on one {@code data:} line
 * with an increasing {@code id:}. Records arrive as they are stored ({@link Room#subscribe}); peers
 * (joined, state, strikes, left) and bans are compared with the last look every
 * {@link #LOOK_MS} ms. Writes are asynchronous and one at a time, so a stream holds no thread; a client
 * that falls {@link #MAX_PENDING} events behind is disconnected (it may reconnect and reload).
 */
final class EventStream {
    private static final Logger log = LoggerFactory.getLogger(EventStream.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final long LOOK_MS = 500;
    static final long HEARTBEAT_MS = 10_000;
    static final int MAX_PENDING = 2000;

    private final List<HttpApi.Served> nodes;
    private final Response response;
    private final Callback done;
    private final Scheduler scheduler;
    private final Queue<byte[]> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingCount = new AtomicInteger();
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong nextId = new AtomicLong(1);
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final List<Map<String, String>> lastPeers = new ArrayList<>();
    private final List<Set<String>> lastBans = new ArrayList<>();
    private final Runnable onClose;
    private volatile long lastWriteNanos = System.nanoTime();
    private volatile Scheduler.Task look;

    EventStream(List<HttpApi.Served> nodes, Response response, Callback done, Scheduler scheduler, Runnable onClose) {
        this.nodes = nodes;
        this.response = response;
        this.done = done;
        this.scheduler = scheduler;
        this.onClose = onClose;
    }

    /** Sends the opening comment, subscribes, and starts looking; the answer stays open until {@link #close}. */
    void start() {
        enqueue(": peerset event stream; each event is one JSON object\n\n".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < nodes.size(); i++) {
            int node = i;
            lastPeers.add(new HashMap<>());
            lastBans.add(new HashSet<>());
            subscriptions.add(nodes.get(i).room().subscribe(r -> record(node, r)));
        }
        lookAround(false);
        schedule();
    }

    private void schedule() {
        if (!closed.get()) {
            look = scheduler.schedule(() -> {
                try {
                    lookAround(true);
                    if (System.nanoTime() - lastWriteNanos > TimeUnit.MILLISECONDS.toNanos(HEARTBEAT_MS)) {
                        enqueue(": ping\n\n".getBytes(StandardCharsets.UTF_8));
                    }
                } catch (RuntimeException e) {
                    log.debug("event stream look failed", e);
                }
                schedule();
            }, LOOK_MS, TimeUnit.MILLISECONDS);
        }
    }

    private void record(int node, SignedRecord r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("type", "record");
        o.put("node", node);
        try {
            o.set("record", JSON.readTree(r.toJson()));
        } catch (java.io.IOException e) {
            return;
        }
        event(o);
    }

    /** Compares peers and bans with the last look; {@code report} false only records the starting state. */
    private synchronized void lookAround(boolean report) {
        for (int i = 0; i < nodes.size(); i++) {
            Room room = nodes.get(i).room();
            Map<String, String> now = new HashMap<>();
            Map<String, PeerInfo> info = new HashMap<>();
            for (PeerInfo p : room.peers()) {
                now.put(p.peerId(), p.state() + "/" + p.strikes());
                info.put(p.peerId(), p);
            }
            Map<String, String> before = lastPeers.get(i);
            if (report) {
                for (Map.Entry<String, String> e : now.entrySet()) {
                    String was = before.get(e.getKey());
                    if (!e.getValue().equals(was)) {
                        PeerInfo p = info.get(e.getKey());
                        ObjectNode o = JSON.createObjectNode();
                        o.put("type", was == null ? "peer-joined" : "peer-changed");
                        o.put("node", i);
                        o.put("peerId", p.peerId());
                        o.put("npub", p.npub().orElse(null));
                        o.put("state", p.state());
                        o.put("strikes", p.strikes());
                        event(o);
                    }
                }
                for (String gone : before.keySet()) {
                    if (!now.containsKey(gone)) {
                        ObjectNode o = JSON.createObjectNode();
                        o.put("type", "peer-left");
                        o.put("node", i);
                        o.put("peerId", gone);
                        event(o);
                    }
                }
            }
            lastPeers.set(i, now);
            Set<String> bansNow = new HashSet<>();
            for (Ban b : room.bans()) {
                String key = b.kind().label() + ":" + b.id();
                bansNow.add(key);
                if (report && !lastBans.get(i).contains(key)) {
                    ObjectNode o = JSON.createObjectNode();
                    o.put("type", "ban");
                    o.put("node", i);
                    o.put("kind", b.kind().label());
                    o.put("id", b.id());
                    o.put("until", b.until().toString());
                    o.put("reason", b.reason());
                    event(o);
                }
            }
            lastBans.set(i, bansNow);
        }
    }

    private void event(ObjectNode o) {
        long id = nextId.getAndIncrement();
        o.put("seq", id);
        enqueue(("id: " + id + "\ndata: " + o + "\n\n").getBytes(StandardCharsets.UTF_8));
    }

    private void enqueue(byte[] bytes) {
        if (closed.get()) {
            return;
        }
        if (pendingCount.incrementAndGet() > MAX_PENDING) {
            log.debug("event stream client is {} events behind; disconnecting it", MAX_PENDING);
            close(null);
            return;
        }
        pending.add(bytes);
        pump();
    }

    private void pump() {
        while (!closed.get() && !pending.isEmpty() && writing.compareAndSet(false, true)) {
            byte[] next = pending.poll();
            if (next == null) {
                writing.set(false);
                continue;
            }
            pendingCount.decrementAndGet();
            lastWriteNanos = System.nanoTime();
            response.write(false, ByteBuffer.wrap(next), Callback.from(() -> {
                writing.set(false);
                pump();
            }, this::close));
            return;
        }
    }

    /** Ends the stream: the client went away, fell behind, or the server stops. */
    void close(Throwable cause) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        Scheduler.Task t = look;
        if (t != null) {
            t.cancel();
        }
        subscriptions.forEach(Subscription::close);
        onClose.run();
        if (cause == null) {
            done.succeeded();
        } else {
            log.debug("event stream closed: {}", cause.toString());
            done.failed(cause);
        }
    }
}
