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
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@link Peerset} users get: the engine of one node, with one {@link RoomEngine} per
 * joined room, each with its own store, so that a room's records are synchronised with that
 * room's peers only — a shared store would let reconciliation in one room hand out another
 * room's records. Leaving a room keeps its room engine and records until the {@code Peerset}
 * closes, so a rejoin starts from what it had. A durable store at location {@code L} keeps each room under
 * {@code L/room-<first 16 hex of SHA-256(appId NUL roomId)>}.
 *
 * <p>What is node-wide lives here, once, and every room engine uses it: the {@link Bans} and the
 * author strikes (a peer or author banned in one room is refused in all), the one timer thread
 * ({@link #scheduler}), the verification pool, and the {@link DiscoveryFactory} with its signalling
 * strategies and WebRTC factories. Threads: see docs/ARCHITECTURE.md, "Threads".
 */
final class PeersetEngine implements Peerset {
    private static final AtomicInteger COUNT = new AtomicInteger();
    private final PeersetConfig config;
    private final Map<String, RoomEngine> rooms = new LinkedHashMap<>();
    private final Bans bans;
    private final AuthorStrikes authorStrikes;
    private final ScheduledExecutorService scheduler;
    private final ForkJoinPool verifiers;
    private final DiscoveryFactory discoveryFactory;
    private boolean closed;

    PeersetEngine(PeersetConfig config) {
        RoomEngine.storeProvider(config); // fail at build(), not at the first join, when the store module is missing
        this.config = config;
        this.bans = new Bans(config.clock(), config.banDuration());
        this.authorStrikes = new AuthorStrikes(config, bans);
        String tag = Integer.toString(COUNT.incrementAndGet());
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "peerset-timer-" + tag);
            t.setDaemon(true);
            return t;
        });
        s.setRemoveOnCancelPolicy(true);
        this.scheduler = s;
        this.verifiers = new ForkJoinPool(Runtime.getRuntime().availableProcessors(), pool -> {
            ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
            t.setName("peerset-verify-" + tag + "-" + t.getPoolIndex());
            t.setDaemon(true);
            return t;
        }, null, false);
        this.discoveryFactory = new DiscoveryFactory(config);
    }

    // ------------------------------------------------------------ node-wide, for the room engines

    /** Bans of this node, shared by all its rooms. */
    Bans bans() { return bans; }

    /** Moderation strikes per author, shared by all rooms. */
    AuthorStrikes authorStrikes() { return authorStrikes; }

    /**
     * The node's one timer thread, for every room and session: its tasks only hand work to a
     * room's thread or ingest thread, so one thread keeps up with any number of rooms.
     */
    ScheduledExecutorService scheduler() { return scheduler; }

    /** BIP-340 verification, the costliest step of ingest: one pool of {@code availableProcessors} threads, started on demand. */
    ForkJoinPool verifiers() { return verifiers; }

    /** Signalling strategies and WebRTC factories, opened once and shared by all rooms. */
    DiscoveryFactory discoveryFactory() { return discoveryFactory; }

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
        RoomEngine engine = new RoomEngine(this, locationFor(config.storeLocation(), key));
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
        discoveryFactory.close();
        scheduler.shutdownNow();
        verifiers.shutdownNow();
    }

    @Override
    public synchronized String toString() {
        return "Peerset[" + config.identity().npub() + ", " + rooms.size() + " rooms]";
    }
}
