package io.peerset.core.engine;

import io.peerset.api.Draft;
import io.peerset.api.Hex;
import io.peerset.api.PeerInfo;
import io.peerset.api.Query;
import io.peerset.api.SignedRecord;
import io.peerset.api.Room;
import io.peerset.api.Subscription;
import io.peerset.api.spi.Bound;
import io.peerset.core.link.Link;
import io.peerset.core.link.PeerDiscovery;
import io.peerset.core.trystero.TrysteroIds;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A joined room: its peer sessions, its discoveries, its subscribers. All session
 * work runs on the room's one thread.
 */
final class RoomImpl implements Room {
    private static final Logger log = LoggerFactory.getLogger(RoomImpl.class);

    private final RoomEngine node;
    private final String appId;
    private final String roomId;
    private final String password;
    private final String token;
    private final ExecutorService exec;
    private final Map<String, PeerSession> sessions = new ConcurrentHashMap<>();
    private final List<PeerDiscovery> discoveries = new CopyOnWriteArrayList<>();
    private final List<Consumer<SignedRecord>> subscribers = new CopyOnWriteArrayList<>();
    private final PeerSession.PeerConfigView timing;
    private volatile boolean closed;
    /** Monitor {@link #close} waits on until the sessions are gone. */
    private final Object noSessions = new Object();
    private volatile long lastReplacementNanos;
    private final java.util.concurrent.atomic.AtomicLong closedSessions = new java.util.concurrent.atomic.AtomicLong();

    RoomImpl(RoomEngine node, String appId, String roomId, String password) {
        this.node = node;
        this.appId = appId;
        this.roomId = roomId;
        this.password = password;
        this.token = TrysteroIds.roomToken(appId, roomId);
        this.lastReplacementNanos = node.config().ticker().read();
        var c = node.config();
        this.timing = new PeerSession.PeerConfigView(c.handshakeTimeout(), c.challengeTimeout(), c.idleTimeout(),
            c.maxSessionLength(), c.syncInterval());
        String name = "peerset-room-" + node.selfId().substring(0, 6) + "-" + roomId;
        this.exec = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    void start(List<DiscoveryFactory.Named> found) {
        for (DiscoveryFactory.Named n : found) {
            discoveries.add(n.discovery());
        }
        for (DiscoveryFactory.Named n : found) {
            n.discovery().start(new PeerDiscovery.Callbacks() {
                @Override
                public boolean wants(String peerId) {
                    return RoomImpl.this.wants(peerId);
                }

                @Override
                public void onLink(String peerId, Link link) {
                    RoomImpl.this.onLink(peerId, link, n.strategy());
                }
            });
        }
    }

    // ------------------------------------------------------------ for sessions

    RoomEngine engine() { return node; }
    String token() { return token; }
    String password() { return password; }
    String label() { return appId + "/" + roomId; }
    PeerSession.PeerConfigView timing() { return timing; }
    int strikeThreshold() { return node.config().strikeThreshold(); }
    boolean requiresAuthenticatedPeers() { return node.config().moderation().requiresAuthenticatedPeers(); }

    /** Runs on the room thread; dropped quietly once the room is closed. */
    void execute(Runnable r) {
        try {
            exec.execute(() -> {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    log.error("room {}: unexpected failure", label(), e);
                }
            });
        } catch (RejectedExecutionException e) {
            // room closed
        }
    }

    /**
     * Whether to connect to this peer: not ourselves, not banned, not connected, and
     * under the cap — or at the cap when a newcomer may take a random peer's place
     * (at most once per sync interval), so that a full overlay still lets a peer that
     * found nobody in.
     */
    boolean wants(String peerId) {
        return !closed
            && !peerId.equals(node.selfId())
            && TrysteroIds.isValidPeerId(peerId)
            && !node.bans().isPeerBanned(peerId)
            && !sessions.containsKey(peerId)
            && (sessions.size() < node.config().maxPeers() || mayReplace());
    }

    private boolean mayReplace() {
        return sessions.size() == node.config().maxPeers()
            && node.config().ticker().read() - lastReplacementNanos > node.config().syncInterval().toNanos();
    }

    /** A link found without a named strategy (tests). */
    void onLink(String peerId, Link link) {
        onLink(peerId, link, "");
    }

    /**
     * A new link to a peer. With several strategies, two links to one peer can be negotiated at
     * once and open in different orders on the two sides; each side keeping its first would
     * leave them on different links, both sessions dying. So while the peer's session is still
     * in its handshake, both sides keep the link found through the strategy whose name sorts
     * first (the same on both sides) and drop the other. A session is replaced only until this
     * side has sent {@code @_hsready} on it ({@link PeerSession#committed()}): the peer becomes
     * ACTIVE only on receiving that ready, so a session that is ACTIVE on either side is never
     * closed by this rule. When the two sides disagree, neither reaches ACTIVE on its link, both
     * links close, and the next announcement pairs them again.
     */
    synchronized void onLink(String peerId, Link link, String strategy) {
        PeerSession existing = sessions.get(peerId);
        if (existing != null && !closed && !existing.committed() && existing.state().isOpen()
                && strategy.compareTo(existing.strategy()) < 0 && !node.bans().isPeerBanned(peerId)) {
            sessions.remove(peerId, existing);
            sessionRemoved();
            String why = "a link through " + strategy + " replaces the one through " + existing.strategy()
                + " (duplicate links: both sides keep the first strategy by name)";
            log.debug("room {}: peer {}: {}", label(), peerId, why);
            execute(() -> existing.close(why));
            startSession(peerId, link, strategy);
            return;
        }
        if (!wants(peerId)) {
            link.close();
            return;
        }
        if (sessions.size() >= node.config().maxPeers()) {
            List<PeerSession> active = new ArrayList<>();
            for (PeerSession p : sessions.values()) {
                if (p.state() == SessionState.ACTIVE) {
                    active.add(p);
                }
            }
            if (active.isEmpty()) {
                link.close();
                return;
            }
            lastReplacementNanos = node.config().ticker().read();
            PeerSession out = active.get(java.util.concurrent.ThreadLocalRandom.current().nextInt(active.size()));
            sessions.remove(out.peerId(), out);
            sessionRemoved();
            execute(() -> out.close("making room for a newcomer"));
        }
        startSession(peerId, link, strategy);
    }

    private void startSession(String peerId, Link link, String strategy) {
        PeerSession s = new PeerSession(this, node, peerId, link, strategy);
        sessions.put(peerId, s);
        execute(s::start);
        link.setListener(s.listener());
        updateSatisfied();
    }

    void onActive(PeerSession s) {
        log.debug("room {}: peer {} active{}", label(), s.peerId(), s.provenPubkey() != null ? " as " + s.provenPubkey() : "");
    }

    void onSessionClosed(PeerSession s) {
        closedSessions.incrementAndGet();
        sessions.remove(s.peerId(), s);
        sessionRemoved();
        updateSatisfied();
    }

    private void updateSatisfied() {
        boolean satisfied = sessions.size() >= node.config().maxPeers();
        for (PeerDiscovery d : discoveries) {
            try {
                d.satisfied(satisfied);
            } catch (RuntimeException e) {
                log.debug("room {}: discovery satisfied() threw {}", label(), e.toString());
            }
        }
    }

    /**
     * Pushes records to active peers, each getting those it is not known to hold:
     * local writes ({@code from == null}) go to every peer, relayed ones to at most
     * {@link Protocol#RELAY_FANOUT} peers other than the sender, chosen at random —
     * reconciliation brings them to the rest.
     */
    void broadcast(List<EventCodec.Encoded> records, PeerSession from) {
        if (closed || sessions.isEmpty()) {
            return;
        }
        execute(() -> {
            List<PeerSession> targets = new ArrayList<>();
            for (PeerSession s : sessions.values()) {
                if (s != from && s.state() == SessionState.ACTIVE) {
                    targets.add(s);
                }
            }
            if (from != null && targets.size() > Protocol.RELAY_FANOUT) {
                java.util.Collections.shuffle(targets, java.util.concurrent.ThreadLocalRandom.current());
                targets = targets.subList(0, Protocol.RELAY_FANOUT);
            }
            for (PeerSession s : targets) {
                s.push(records);
            }
        });
    }

    void deliver(List<SignedRecord> fresh) {
        for (Consumer<SignedRecord> l : subscribers) {
            for (SignedRecord r : fresh) {
                try {
                    l.accept(r);
                } catch (RuntimeException e) {
                    log.warn("room {}: subscriber threw {}", label(), e.toString());
                }
            }
        }
    }

    /** Sessions that reached CLOSED since the room was joined. */
    long closedSessions() {
        return closedSessions.get();
    }

    /** Sessions now, for tests and diagnostics. */
    List<PeerSession> sessions() {
        return new ArrayList<>(sessions.values());
    }

    // ------------------------------------------------------------ Room

    /** The room's engine (tests). */
    RoomEngine node() { return node; }

    @Override public String appId() { return appId; }
    @Override public String roomId() { return roomId; }
    @Override public String selfId() { return node.selfId(); }

    @Override
    public CompletableFuture<SignedRecord> put(Draft draft) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("room " + label() + " is closed; join it again to write"));
        }
        SignedRecord r;
        try {
            r = node.identity().sign(draft, node.config().clock());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return node.submitLocal(r, false);
    }

    @Override
    public CompletableFuture<SignedRecord> publish(SignedRecord record) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("room " + label() + " is closed; join it again to write"));
        }
        return node.submitLocal(record, true);
    }

    @Override
    public CompletableFuture<Optional<SignedRecord>> get(String id) {
        return CompletableFuture.completedFuture(node.store().get(id));
    }

    @Override
    public CompletableFuture<List<SignedRecord>> query(Query query) {
        return CompletableFuture.completedFuture(node.store().query(query));
    }

    @Override
    public Subscription subscribe(Consumer<SignedRecord> listener) {
        subscribers.add(listener);
        return () -> subscribers.remove(listener);
    }

    @Override
    public List<PeerInfo> peers() {
        List<PeerInfo> out = new ArrayList<>();
        for (PeerSession s : sessions.values()) {
            out.add(s.info());
        }
        return out;
    }

    @Override
    public List<io.peerset.api.Ban> bans() {
        return node.bans().list();
    }

    @Override
    public long size() {
        return node.store().size();
    }

    @Override
    public String fingerprint() {
        return Hex.encode(node.store().syncView().fingerprint(Bound.MIN, Bound.MAX));
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        for (PeerDiscovery d : discoveries) {
            try {
                d.close();
            } catch (RuntimeException e) {
                log.debug("room {}: closing discovery threw {}", label(), e.toString());
            }
        }
        execute(() -> {
            for (PeerSession s : sessions.values()) {
                s.close("room left");
            }
        });
        awaitNoSessions(TimeUnit.SECONDS.toNanos(3));
        exec.shutdown();
        try {
            if (!exec.awaitTermination(2, TimeUnit.SECONDS)) {
                exec.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exec.shutdownNow();
        }
        node.roomClosed(this);
    }

    /** Waits, up to {@code timeoutNanos}, until the last session has left the map (woken by {@link #sessionRemoved}). */
    private void awaitNoSessions(long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        synchronized (noSessions) {
            long left;
            while (!sessions.isEmpty() && (left = deadline - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(noSessions, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Wakes {@link #awaitNoSessions} once the map is empty; called after every removal. */
    private void sessionRemoved() {
        if (sessions.isEmpty()) {
            synchronized (noSessions) {
                noSessions.notifyAll();
            }
        }
    }

    @Override public String toString() {
        return "Room[" + label() + ", self " + node.selfId() + ", " + sessions.size() + " peers]";
    }
}
