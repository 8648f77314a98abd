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
 * The {@link Peerset} users get: the engine of one node, with one {@link RoomEngine} per
 * joined room, each with its own store, so that a room's records are synchronised with that
 * room's peers only — a shared store would let reconciliation in one room hand out another
 * room's records. Leaving a room keeps its room engine and records until the {@code Peerset}
 * closes, so a rejoin starts from what it had. A durable store at location {@code L} keeps each room under
 * {@code L/room-<first 16 hex of SHA-256(appId NUL roomId)>}.
 */
final class PeersetEngine implements Peerset {
    private final PeersetConfig config;
    private final Map<String, RoomEngine> rooms = new LinkedHashMap<>();
    private boolean closed;

    PeersetEngine(PeersetConfig config) {
        RoomEngine.storeProvider(config); // fail at build(), not at the first join, when the store module is missing
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
        RoomEngine existing = rooms.get(key);
        if (existing != null) {
            // left earlier: rejoin with the records it kept (the engine refuses a room joined twice)
            return existing.open(appId, roomId, password);
        }
        RoomEngine engine = new RoomEngine(config, locationFor(config.storeLocation(), key));
        try {
            Room room = engine.open(appId, roomId, password);
            rooms.put(key, engine);
            return room;
        } catch (RuntimeException e) {
            engine.close();
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
        for (RoomEngine e : rooms.values()) {
            RoomImpl r = e.currentRoom();
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    @Override
    public void close() {
        List<RoomEngine> toClose;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = new ArrayList<>(rooms.values());
            rooms.clear();
        }
        for (RoomEngine e : toClose) {
            e.close();
        }
    }

    @Override
    public synchronized String toString() {
        return "Peerset[" + config.identity().npub() + ", " + rooms.size() + " rooms]";
    }
}
