package io.peerset.testkit;

import io.peerset.api.Peerset;
import io.peerset.api.PeersetConfig;
import io.peerset.api.Query;
import io.peerset.api.Room;
import io.peerset.api.SignedRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A swarm of real peerset nodes for a JUnit 5 test, all joined to one room and connected to each
 * other before the test starts, closed (rooms, nodes, broker, temporary folders) after it.
 *
 * <pre>{@code
 * class MyAppTest {
 *     @RegisterExtension
 *     static PeersetSwarm swarm = PeersetSwarm.builder().peers(3).transport(SwarmTransport.embeddedMqtt()).build();
 *
 *     @Test
 *     void everyoneSeesEveryRecord() throws Exception {
 *         swarm.room(0).put(Draft.text("hello")).get();
 *         swarm.room(2).put(Draft.text("hi")).get();
 *         swarm.awaitConverged(Duration.ofSeconds(30));
 *     }
 * }
 * }</pre>
 *
 * <p>On a {@code static} field the swarm is started once before all tests of the class and closed
 * after them (tests share its records); on an instance field it is started before and closed after
 * each test. Without JUnit, call {@link #start()} and {@link #close()} (try-with-resources).
 * {@link PeersetSwarmTest @PeersetSwarmTest} is the annotation form, with one swarm per test.
 *
 * <p>Nodes get a fresh identity each, the in-memory store unless {@link Builder#store(String)} says
 * otherwise (then each its own temporary folder), open moderation, and timeouts short enough for
 * tests; {@link Builder#configure(BiConsumer)} changes any of that per node.
 */
public final class PeersetSwarm implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeersetSwarm.class);
    private static final long QUERY_TIMEOUT_SECONDS = 30;
    private static final int IDS_SHOWN = 10;
    private static final int SHORT_ID = 16;

    private final int peers;
    private final SwarmTransport transport;
    private final String appId;
    private final String roomId;
    private final String password;
    private final String storeName;
    private final Duration readyTimeout;
    private final BiConsumer<Integer, PeersetConfig.Builder> configure;

    private final List<Peerset> nodes = new ArrayList<>();
    private final List<Room> rooms = new ArrayList<>();
    private MqttBroker broker;
    private Runnable release;
    private Path directory;
    private String owner;

    private PeersetSwarm(Builder b) {
        this.peers = b.peers;
        this.transport = b.transport;
        this.appId = b.appId;
        this.roomId = b.roomId;
        this.password = b.password;
        this.storeName = b.storeName;
        this.readyTimeout = b.readyTimeout != null ? b.readyTimeout
                : transport.usesBroker() ? Duration.ofSeconds(90) : Duration.ofSeconds(30);
        this.configure = b.configure;
    }

    /** A builder: 3 peers, in memory, room {@code peerset-test/swarm} without password. */
    public static Builder builder() {
        return new Builder();
    }

    // ---- JUnit lifecycle ------------------------------------------------------------------------

    /** Starts the swarm before all tests when registered on a static field. */
    @Override
    public void beforeAll(ExtensionContext context) {
        startFor(context);
    }

    /** Closes the swarm started by {@link #beforeAll}. */
    @Override
    public void afterAll(ExtensionContext context) {
        closeFor(context);
    }

    /** Starts the swarm before each test when registered on an instance field (or not yet started). */
    @Override
    public void beforeEach(ExtensionContext context) {
        startFor(context);
    }

    /** Closes the swarm started by {@link #beforeEach}. */
    @Override
    public void afterEach(ExtensionContext context) {
        closeFor(context);
    }

    private synchronized void startFor(ExtensionContext context) {
        if (owner == null && nodes.isEmpty()) {
            start();
            owner = context.getUniqueId();
        }
    }

    private synchronized void closeFor(ExtensionContext context) {
        if (context.getUniqueId().equals(owner)) {
            close();
        }
    }

    // ---- start and access -----------------------------------------------------------------------

    /**
     * Starts the broker (if the transport has one) and the nodes, joins each to the room and waits
     * until every room has an active session with every other peer. Idempotent while running.
     *
     * @throws IllegalStateException naming what did not start or which peer did not connect in time;
     *     everything started so far is closed again
     */
    public synchronized void start() {
        if (!nodes.isEmpty()) {
            return;
        }
        long t0 = System.nanoTime();
        try {
            directory = Files.createTempDirectory("peerset-swarm-");
            SwarmTransport.Setup setup = transport.open();
            broker = setup.broker();
            release = setup.release();
            for (int i = 0; i < peers; i++) {
                PeersetConfig.Builder b = Peerset.builder()
                        .signaling(setup.signaling(), setup.url())
                        .handshakeTimeout(Duration.ofSeconds(10))
                        .challengeTimeout(Duration.ofSeconds(10))
                        .syncInterval(Duration.ofSeconds(1));
                if (storeName != null) {
                    b.store(storeName, Files.createDirectories(directory.resolve("node-" + i)).toString());
                }
                configure.accept(i, b);
                Peerset node = b.build();
                nodes.add(node);
                rooms.add(node.join(appId, roomId, password));
            }
            awaitMesh();
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("could not create the swarm's temporary folder", e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        LOG.info("swarm of {} peers ready over {} in room {}/{} after {} ms", peers, transport, appId, roomId,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    private void awaitMesh() {
        boolean ready = Ports.poll(readyTimeout, this::meshed, () -> false);
        if (!ready) {
            StringBuilder why = new StringBuilder("swarm of " + peers + " peers over " + transport
                    + " did not connect within " + readyTimeout.toSeconds() + " s:");
            for (int i = 0; i < peers; i++) {
                why.append("\n  peer ").append(i).append(" has ").append(activePeers(i)).append(" of ")
                        .append(wantedPeers(i)).append(" active sessions; sessions: ").append(rooms.get(i).peers());
            }
            throw new IllegalStateException(why.toString());
        }
    }

    private boolean meshed() {
        for (int i = 0; i < peers; i++) {
            if (activePeers(i) < wantedPeers(i)) {
                return false;
            }
        }
        return true;
    }

    private long activePeers(int i) {
        return rooms.get(i).peers().stream().filter(p -> "ACTIVE".equals(p.state())).count();
    }

    private int wantedPeers(int i) {
        return Math.min(peers - 1, nodes.get(i).config().maxPeers());
    }

    /** Whether the swarm is started and not closed. */
    public synchronized boolean isRunning() {
        return !nodes.isEmpty();
    }

    /** Number of peers in the swarm. */
    public int size() {
        return peers;
    }

    /** Node {@code i} (0-based). */
    public synchronized Peerset node(int i) {
        requireStarted();
        Objects.checkIndex(i, peers);
        return nodes.get(i);
    }

    /** Node {@code i}'s joined room (0-based); every node joined the same app id, room id and password. */
    public synchronized Room room(int i) {
        requireStarted();
        Objects.checkIndex(i, peers);
        return rooms.get(i);
    }

    /** Every node's room, in node order. */
    public synchronized List<Room> rooms() {
        requireStarted();
        return List.copyOf(rooms);
    }

    /**
     * The broker the swarm started.
     *
     * @throws IllegalStateException if the transport uses no broker (in memory)
     */
    public synchronized MqttBroker broker() {
        requireStarted();
        if (broker == null) {
            throw new IllegalStateException("this swarm's transport (" + transport + ") uses no broker;"
                    + " build it with .transport(SwarmTransport.embeddedMqtt()) to get one");
        }
        return broker;
    }

    /** The swarm's temporary folder (node stores live in {@code node-<i>} below it); deleted on close. */
    public synchronized Path directory() {
        requireStarted();
        return directory;
    }

    private void requireStarted() {
        if (nodes.isEmpty()) {
            throw new IllegalStateException("the swarm is not running: register it with @RegisterExtension,"
                    + " or call start() first");
        }
    }

    // ---- convergence ----------------------------------------------------------------------------

    /**
     * Waits until every peer's room holds the same set of record ids, polling (fingerprints first,
     * then the ids themselves) until {@code timeout}. Rooms are compared on at most
     * {@link Query#MAX_LIMIT} records each.
     *
     * @throws AssertionError on timeout, saying which peer lacks which records (short hex ids) and
     *     how many records each peer holds
     */
    public void awaitConverged(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        List<Room> watched = rooms();
        long t0 = System.nanoTime();
        long deadline = t0 + timeout.toNanos();
        long pause = 10;
        while (true) {
            if (sameFingerprints(watched)) {
                List<SortedSet<String>> ids = ids(watched);
                if (allEqual(ids)) {
                    LOG.debug("swarm converged on {} records after {} ms", ids.get(0).size(),
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
                    return;
                }
            }
            if (System.nanoTime() - deadline > 0) {
                break;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for the swarm to converge", e);
            }
            pause = Math.min(200, pause * 2);
        }
        List<SortedSet<String>> ids = ids(watched);
        if (allEqual(ids)) {
            return;
        }
        throw new AssertionError(divergence(ids, timeout));
    }

    private static boolean sameFingerprints(List<Room> watched) {
        String first = watched.get(0).fingerprint();
        for (Room r : watched) {
            if (!r.fingerprint().equals(first)) {
                return false;
            }
        }
        return true;
    }

    private static List<SortedSet<String>> ids(List<Room> watched) {
        List<SortedSet<String>> all = new ArrayList<>();
        for (Room r : watched) {
            SortedSet<String> ids = new TreeSet<>();
            try {
                for (SignedRecord rec : r.query(Query.all()).get(QUERY_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    ids.add(rec.id());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while reading the records of room " + r.selfId(), e);
            } catch (ExecutionException | TimeoutException e) {
                throw new AssertionError("could not read the records of room " + r.selfId() + ": " + e, e);
            }
            all.add(ids);
        }
        return all;
    }

    private static boolean allEqual(List<SortedSet<String>> ids) {
        return ids.stream().allMatch(ids.get(0)::equals);
    }

    private String divergence(List<SortedSet<String>> ids, Duration timeout) {
        Set<String> union = new TreeSet<>();
        ids.forEach(union::addAll);
        StringBuilder msg = new StringBuilder("swarm of " + ids.size() + " peers (" + transport + ", room "
                + appId + "/" + roomId + ") did not converge within " + timeout + " on " + union.size() + " records:");
        for (int i = 0; i < ids.size(); i++) {
            List<String> missing = new ArrayList<>(union);
            missing.removeAll(ids.get(i));
            if (missing.isEmpty()) {
                continue;
            }
            msg.append("\n  peer ").append(i).append(" (").append(shortNpub(i)).append(") lacks ")
                    .append(missing.size()).append(" of ").append(union.size()).append(" records: ");
            List<String> shown = new ArrayList<>();
            for (String id : missing.subList(0, Math.min(IDS_SHOWN, missing.size()))) {
                shown.add(id.substring(0, Math.min(SHORT_ID, id.length())));
            }
            msg.append(String.join(", ", shown));
            if (missing.size() > IDS_SHOWN) {
                msg.append(" and ").append(missing.size() - IDS_SHOWN).append(" more");
            }
        }
        List<String> counts = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            counts.add("peer " + i + " = " + ids.get(i).size());
        }
        msg.append("\n  records per peer: ").append(String.join(", ", counts));
        return msg.toString();
    }

    private String shortNpub(int i) {
        String npub;
        synchronized (this) {
            npub = i < nodes.size() ? nodes.get(i).identity().npub() : "?";
        }
        return npub.length() > 16 ? npub.substring(0, 16) + "…" : npub;
    }

    // ---- close ----------------------------------------------------------------------------------

    /**
     * Closes every room and node, the broker and the temporary folder. Idempotent; the swarm can be
     * started again afterwards. Failures are logged, not thrown, so they never hide a test's result.
     */
    @Override
    public synchronized void close() {
        for (Room r : rooms) {
            quietly("room " + r.selfId(), r::close);
        }
        for (Peerset n : nodes) {
            quietly("node " + n.identity().npub(), n::close);
        }
        rooms.clear();
        nodes.clear();
        if (release != null) {
            quietly("the swarm's network", release);
            release = null;
        }
        if (broker != null) {
            MqttBroker b = broker;
            quietly("broker " + b, b::close);
            broker = null;
        }
        if (directory != null) {
            Path d = directory;
            quietly("temporary folder " + d, () -> Ports.deleteTree(d));
            directory = null;
        }
        owner = null;
    }

    private static void quietly(String what, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.warn("closing {} failed", what, e);
        }
    }

    @Override
    public String toString() {
        return "PeersetSwarm[" + peers + " peers, " + transport + ", room " + appId + "/" + roomId + "]";
    }

    /** Options of a {@link PeersetSwarm}; {@link #build()} checks them and names the bad one. */
    public static final class Builder {
        private int peers = 3;
        private SwarmTransport transport = SwarmTransport.inMemory();
        private String appId = "peerset-test";
        private String roomId = "swarm";
        private String password = "";
        private String storeName;
        private Duration readyTimeout;
        private BiConsumer<Integer, PeersetConfig.Builder> configure = (i, b) -> { };

        private Builder() {}

        /** Number of nodes, 1 to 64 (default 3). */
        public Builder peers(int n) {
            if (n < 1 || n > 64) {
                throw new IllegalArgumentException("peers must be between 1 and 64; got " + n);
            }
            this.peers = n;
            return this;
        }

        /** How the nodes connect (default {@link SwarmTransport#inMemory()}). */
        public Builder transport(SwarmTransport transport) {
            this.transport = Objects.requireNonNull(transport, "transport");
            return this;
        }

        /** The room every node joins (default {@code peerset-test/swarm}, no password). */
        public Builder room(String appId, String roomId) {
            return room(appId, roomId, "");
        }

        /** The room every node joins, with its password (empty for none). */
        public Builder room(String appId, String roomId, String password) {
            this.appId = text("appId", appId);
            this.roomId = text("roomId", roomId);
            this.password = Objects.requireNonNull(password, "password (empty for none)");
            return this;
        }

        /** A store provider by name (e.g. {@code "xodus"}); each node gets its own temporary folder. */
        public Builder store(String name) {
            this.storeName = text("store", name);
            return this;
        }

        /** How long {@link PeersetSwarm#start()} waits for every peer to connect (default 30 s in memory, 90 s over MQTT). */
        public Builder readyTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("readyTimeout must be a positive duration; got " + timeout);
            }
            this.readyTimeout = timeout;
            return this;
        }

        /**
         * Changes node {@code i}'s configuration after the swarm's own settings (signalling, store,
         * short timeouts, a 1 s sync interval), e.g. {@code (i, b) -> b.moderation(...)}. Called once
         * per node and start, in node order.
         */
        public Builder configure(BiConsumer<Integer, PeersetConfig.Builder> configure) {
            this.configure = Objects.requireNonNull(configure, "configure");
            return this;
        }

        /** The swarm, not started yet: JUnit starts it, or call {@link PeersetSwarm#start()}. */
        public PeersetSwarm build() {
            return new PeersetSwarm(this);
        }

        private static String text(String field, String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(field + " must not be empty");
            }
            return value;
        }
    }
}
