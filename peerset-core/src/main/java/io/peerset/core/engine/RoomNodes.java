package io.peerset.core.engine;

import io.peerset.api.Hex;
import io.peerset.api.Identity;
import io.peerset.api.Peerset;
import io.peerset.api.PeersetConfig;
import io.peerset.api.Room;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link Peerset} users get: one {@link Node} per joined room, each with its own
 * store, so that a room's records are synchronised with that room's peers only — a
 * shared store would let reconciliation in one room hand out another room's records.
 * Leaving a room keeps its node and records until the {@code Peerset} closes, so a
 * rejoin starts from what it had. A durable store at location {@code L} keeps each room under
 * {@code L/room-<first 16 hex of SHA-256(appId NUL roomId)>}.
 */
final class RoomNodes implements Peerset {
    private final PeersetConfig config;
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private boolean closed;

    RoomNodes(PeersetConfig config) {
        Node.storeProvider(config); // fail at build(), not at the first join, when the store module is missing
        this.config = config;
    }

    @Override
    public Identity identity() {
        return config.identity();
    }

    @Override
    public PeersetConfig config() {
        return config;
    }

    @Override
    public synchronized Room join(String appId, String roomId, String password) {
        if (closed) {
            throw new IllegalStateException("node is closed");
        }
        if (appId == null || appId.isEmpty()) {
            throw new IllegalArgumentException("appId must not be empty");
        }
        if (roomId == null || roomId.isEmpty()) {
            throw new IllegalArgumentException("roomId must not be empty");
        }
        String key = appId + "\u0000" + roomId;
        Node existing = nodes.get(key);
        if (existing != null) {
            // left earlier: rejoin with the records it kept (the node refuses a room joined twice)
            return existing.join(appId, roomId, password);
        }
        Node node = new Node(config, locationFor(config.storeLocation(), key));
        try {
            Room room = node.join(appId, roomId, password);
            nodes.put(key, node);
            return room;
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
    }

    static String locationFor(String base, String roomKey) {
        if (base == null || base.isEmpty()) {
            return "";
        }
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(roomKey.getBytes(StandardCharsets.UTF_8));
            return Path.of(base).resolve("room-" + Hex.encode(h).substring(0, 16)).toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    @Override
    public synchronized List<Room> rooms() {
        List<Room> out = new ArrayList<>();
        for (Node n : nodes.values()) {
            out.addAll(n.rooms());
        }
        return out;
    }

    @Override
    public void close() {
        List<Node> toClose;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = new ArrayList<>(nodes.values());
            nodes.clear();
        }
        for (Node n : toClose) {
            n.close();
        }
    }

    @Override
    public synchronized String toString() {
        return "Peerset[" + config.identity().npub() + ", " + nodes.size() + " rooms]";
    }
}
