package io.peerset.core.engine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.peerset.api.Identity;
import io.peerset.api.InvalidRecordException;
import io.peerset.api.ModerationContext;
import io.peerset.api.Peerset;
import io.peerset.api.PeersetConfig;
import io.peerset.api.Query;
import io.peerset.api.Record;
import io.peerset.api.Room;
import io.peerset.api.Verdict;
import io.peerset.api.spi.PutOutcome;
import io.peerset.api.spi.RecordStore;
import io.peerset.api.spi.RecordStoreProvider;
import io.peerset.api.spi.Secp256k1;
import io.peerset.core.link.PeerDiscovery;
import io.peerset.core.trystero.TrysteroIds;
import io.peerset.core.wire.Payload;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine behind {@link Peerset}: one identity, one store shared by the node's
 * rooms, and the ingest pipeline every record passes — local writes, published
 * records and records from peers alike:
 *
 * <ol>
 *   <li>size bound;</li>
 *   <li>duplicate check (recently seen ids, ids already queued, the store) — a
 *       duplicate changes nothing, so it is dropped before the costly checks;</li>
 *   <li>id and signature verification (published and remote records);</li>
 *   <li>timestamp bounds: not after now + maxFutureSkew, not before now − retention;</li>
 *   <li>the moderation chain;</li>
 *   <li>{@link RecordStore#putAll} of the accepted batch;</li>
 *   <li>subscribers notified (node thread, in order) and new records pushed as
 *       ps/event to every active peer except the sender.</li>
 * </ol>
 *
 * Rejections of local writes fail their future with {@link InvalidRecordException};
 * rejections of remote records strike the sending peer.
 */
final class Node implements Peerset {
    private static final Logger log = LoggerFactory.getLogger(Node.class);
    private static final AtomicInteger COUNT = new AtomicInteger();

    private final PeersetConfig config;
    private final String selfId = TrysteroIds.randomPeerId();
    private final RecordStore store;
    private final Secp256k1 secp;
    private final Bans bans;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService ingest;
    private final ExecutorService notifier;
    private final Cache<String, Boolean> seen = Caffeine.newBuilder().maximumSize(200_000).build();
    private final Cache<String, String> rejected = Caffeine.newBuilder().maximumSize(50_000)
        .expireAfterWrite(Duration.ofMinutes(10)).build();
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final Map<String, RoomImpl> rooms = new ConcurrentHashMap<>();
    private final DiscoveryFactory discoveryFactory;
    private volatile boolean closed;

    Node(PeersetConfig config) {
        this.config = config;
        this.store = openStore(config);
        this.secp = loadSecp();
        this.bans = new Bans(config.clock(), config.banDuration());
        int n = COUNT.incrementAndGet();
        String tag = selfId.substring(0, 6);
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, daemon("peerset-timer-" + tag));
        s.setRemoveOnCancelPolicy(true);
        this.scheduler = s;
        this.ingest = single("peerset-ingest-" + tag);
        this.notifier = single("peerset-notify-" + tag);
        this.discoveryFactory = new DiscoveryFactory(this);
        long pruneEvery = Math.max(1000, Math.min(config.retention().toMillis() / 4, Duration.ofMinutes(10).toMillis()));
        scheduler.scheduleWithFixedDelay(this::prune, 0, pruneEvery, TimeUnit.MILLISECONDS);
        log.debug("node #{} {} started: store {}, signalling {}", n, selfId, config.storeName(), config.signaling());
    }

    private static RecordStore openStore(PeersetConfig config) {
        List<String> names = new ArrayList<>();
        for (RecordStoreProvider p : ServiceLoader.load(RecordStoreProvider.class, Node.class.getClassLoader())) {
            if (p.name().equals(config.storeName())) {
                return p.open(config.storeLocation(), config.storeOptions());
            }
            names.add(p.name());
        }
        throw new IllegalStateException("no record store named '" + config.storeName() + "' on the classpath; available: "
            + names + " (add the module that provides it, e.g. peerset-store-xodus for \"xodus\")");
    }

    private static Secp256k1 loadSecp() {
        Secp256k1 best = null;
        for (Secp256k1 p : ServiceLoader.load(Secp256k1.class, Node.class.getClassLoader())) {
            if (best == null || p.priority() > best.priority()) {
                best = p;
            }
        }
        if (best == null) {
            throw new IllegalStateException("no io.peerset.api.spi.Secp256k1 provider on the classpath");
        }
        return best;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private static ExecutorService single(String name) {
        return new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), daemon(name));
    }

    // ------------------------------------------------------------ for rooms and sessions

    String selfId() { return selfId; }
    RecordStore store() { return store; }
    Bans bans() { return bans; }
    ScheduledExecutorService scheduler() { return scheduler; }

    boolean verifyKey(byte[] pubkey32, byte[] digest32, byte[] sig64) {
        return secp.verify(pubkey32, digest32, sig64);
    }

    /** True if the record with this id needs no processing: seen, queued, refused recently, or stored. */
    boolean isKnown(String id) {
        return seen.getIfPresent(id) != null || queued.contains(id) || rejected.getIfPresent(id) != null || store.contains(id);
    }

    /** A local write (put, or publish when {@code verify}). */
    CompletableFuture<Record> submitLocal(Record r, boolean verify) {
        CompletableFuture<Record> f = new CompletableFuture<>();
        if (closed) {
            f.completeExceptionally(new IllegalStateException("node is closed"));
            return f;
        }
        Inbound in = new Inbound(r, verify, null, false, f);
        try {
            ingest.execute(() -> process(List.of(in)));
        } catch (RejectedExecutionException e) {
            f.completeExceptionally(new IllegalStateException("node is closed"));
        }
        return f;
    }

    /** Records received from a peer (on its room thread). */
    void submitRemote(List<Record> records, PeerSession from, Set<String> pulled) {
        List<Inbound> batch = new ArrayList<>(records.size());
        for (Record r : records) {
            if (queued.add(r.id())) {
                batch.add(new Inbound(r, true, from, pulled.contains(r.id()), null));
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            ingest.execute(() -> process(batch));
        } catch (RejectedExecutionException e) {
            batch.forEach(in -> queued.remove(in.record.id()));
        }
    }

    private record Inbound(Record record, boolean verify, PeerSession from, boolean pulled, CompletableFuture<Record> future) {}

    /** The pipeline; runs on the ingest thread. */
    private void process(List<Inbound> batch) {
        List<Inbound> accepted = new ArrayList<>(batch.size());
        Set<String> inBatch = new HashSet<>();
        long now = config.clock().instant().getEpochSecond();
        long newest = now + config.maxFutureSkew().getSeconds();
        long oldest = now - config.retention().getSeconds();
        for (Inbound in : batch) {
            Record r = in.record;
            String id = r.id();
            try {
                if (closed) {
                    reject(in, "node is closed", 0, false);
                    continue;
                }
                if (r.jsonSize() > Record.MAX_JSON_BYTES) {
                    reject(in, "record is " + r.jsonSize() + " bytes of JSON; at most " + Record.MAX_JSON_BYTES + " are accepted",
                        Protocol.STRIKE_MALFORMED, false);
                    continue;
                }
                if (!inBatch.add(id) || seen.getIfPresent(id) != null || store.contains(id)) {
                    duplicate(in);
                    continue;
                }
                String earlier = rejected.getIfPresent(id);
                if (earlier != null) {
                    reject(in, earlier, 0, false);
                    continue;
                }
                if (in.verify) {
                    try {
                        SignatureCache.verify(r);
                    } catch (InvalidRecordException e) {
                        reject(in, e.getMessage(), Protocol.STRIKE_FORGED, false);
                        continue;
                    }
                }
                if (r.createdAt() > newest) {
                    reject(in, "created_at " + r.createdAt() + " is " + (r.createdAt() - now) + " s in the future; at most "
                        + config.maxFutureSkew().getSeconds() + " s are tolerated", Protocol.STRIKE_FUTURE, false);
                    continue;
                }
                if (r.createdAt() < oldest) {
                    reject(in, "created_at " + r.createdAt() + " is older than the retention of " + config.retention().toDays()
                        + " days", 0, true);
                    continue;
                }
                Verdict v = config.moderation().check(r, new Context(in));
                if (!v.accepted()) {
                    reject(in, "refused by moderation" + (v.filter().isEmpty() ? "" : " (" + v.filter() + ")") + ": " + v.reason(),
                        Protocol.STRIKE_MODERATION, true);
                    continue;
                }
                accepted.add(in);
            } catch (RuntimeException e) {
                log.error("ingest of {} failed", id, e);
                reject(in, "internal error: " + e, 0, false);
            }
        }
        if (accepted.isEmpty()) {
            return;
        }
        List<Record> toStore = new ArrayList<>(accepted.size());
        accepted.forEach(in -> toStore.add(in.record));
        List<PutOutcome> outcomes;
        try {
            outcomes = store.putAll(toStore);
        } catch (RuntimeException e) {
            log.error("store failed to write {} record(s)", toStore.size(), e);
            accepted.forEach(in -> fail(in, new IllegalStateException("the store failed to write the record: " + e.getMessage(), e)));
            return;
        }
        List<Record> fresh = new ArrayList<>();
        List<Inbound> forward = new ArrayList<>();
        for (int i = 0; i < accepted.size(); i++) {
            Inbound in = accepted.get(i);
            PutOutcome o = outcomes.get(i);
            seen.put(in.record.id(), Boolean.TRUE);
            queued.remove(in.record.id());
            if (o.isNew() || o == PutOutcome.EPHEMERAL) {
                fresh.add(in.record);
                if (!in.pulled) {
                    forward.add(in);
                }
                complete(in);
            } else if (o == PutOutcome.SUPERSEDED) {
                if (in.future != null) {
                    in.future.completeExceptionally(new InvalidRecordException(
                        "a newer version of this replaceable record is already stored; it was not stored"));
                }
            } else {
                complete(in);
            }
        }
        if (!fresh.isEmpty()) {
            notifySubscribers(fresh);
            pushToPeers(forward);
        }
    }

    private void duplicate(Inbound in) {
        queued.remove(in.record.id());
        complete(in);
    }

    private void complete(Inbound in) {
        if (in.future != null) {
            in.future.complete(in.record);
        }
    }

    private void fail(Inbound in, RuntimeException e) {
        queued.remove(in.record.id());
        if (in.future != null) {
            in.future.completeExceptionally(e);
        }
    }

    private void reject(Inbound in, String reason, int strikes, boolean remember) {
        queued.remove(in.record.id());
        if (remember) {
            rejected.put(in.record.id(), reason);
        }
        if (in.future != null) {
            in.future.completeExceptionally(new InvalidRecordException(reason));
        } else if (in.from != null) {
            if (strikes > 0) {
                PeerSession s = in.from;
                String msg = "record " + in.record.id() + " rejected: " + reason;
                s.room().execute(() -> s.strike(new io.peerset.core.ProtocolViolation(msg, strikes)));
            } else {
                log.debug("record {} from {} dropped: {}", in.record.id(), in.from.peerId(), reason);
            }
        }
    }

    private void notifySubscribers(List<Record> fresh) {
        List<RoomImpl> targets = new ArrayList<>(rooms.values());
        try {
            notifier.execute(() -> targets.forEach(room -> room.deliver(fresh)));
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    private void pushToPeers(List<Inbound> forward) {
        if (forward.isEmpty()) {
            return;
        }
        // group by sender so each group skips the peer it came from
        Map<PeerSession, List<Record>> bySender = new java.util.LinkedHashMap<>();
        for (Inbound in : forward) {
            bySender.computeIfAbsent(in.from, k -> new ArrayList<>()).add(in.record);
        }
        for (Map.Entry<PeerSession, List<Record>> e : bySender.entrySet()) {
            List<Payload> batches = new ArrayList<>();
            for (String json : EventCodec.encodeBatches(e.getValue(), Protocol.EVENT_BATCH_BYTES)) {
                batches.add(Payload.ofString(json));
            }
            for (RoomImpl room : rooms.values()) {
                room.broadcast(batches, e.getKey());
            }
        }
    }

    private void prune() {
        try {
            long cutoff = config.clock().instant().minus(config.retention()).getEpochSecond();
            long n = store.pruneOlderThan(cutoff);
            if (n > 0) {
                log.info("pruned {} record(s) older than the retention of {}", n, config.retention());
            }
        } catch (RuntimeException e) {
            log.warn("retention pruning failed: {}", e.toString());
        }
    }

    private final class Context implements ModerationContext {
        private final Inbound in;

        Context(Inbound in) {
            this.in = in;
        }

        @Override public Instant now() { return config.clock().instant(); }
        @Override public boolean local() { return in.from == null; }
        @Override public Optional<String> senderPeerId() { return in.from == null ? Optional.empty() : Optional.of(in.from.peerId()); }
        @Override public Optional<String> senderNpub() {
            String pk = in.from == null ? null : in.from.provenPubkey();
            return pk == null ? Optional.empty() : Optional.of(io.peerset.api.Nip19.encodeNpub(pk));
        }
        @Override public long storedByAuthor(String pubkey) { return store.countByAuthor(pubkey); }
        @Override public List<Record> recentByAuthor(String pubkey, int limit) {
            return store.query(Query.builder().author(pubkey).limit(Math.max(1, Math.min(limit, Query.MAX_LIMIT))).build());
        }
        @Override public Duration retention() { return config.retention(); }
    }

    // ------------------------------------------------------------ Peerset

    @Override public Identity identity() { return config.identity(); }
    @Override public PeersetConfig config() { return config; }

    @Override
    public Room join(String appId, String roomId, String password) {
        requireText("appId", appId);
        requireText("roomId", roomId);
        if (password == null) {
            throw new IllegalArgumentException("password must not be null; use \"\" for none");
        }
        if (closed) {
            throw new IllegalStateException("node is closed");
        }
        String key = appId + "\u0000" + roomId;
        RoomImpl room;
        synchronized (rooms) {
            if (rooms.containsKey(key)) {
                throw new IllegalStateException("room " + appId + "/" + roomId + " is already joined on this node; close it first");
            }
            room = new RoomImpl(this, appId, roomId, password);
            rooms.put(key, room);
        }
        try {
            List<PeerDiscovery> ds = discoveryFactory.open(appId, roomId, password);
            room.start(ds);
        } catch (RuntimeException e) {
            room.close();
            throw e;
        }
        return room;
    }

    private static void requireText(String field, String v) {
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException(field + " must not be empty");
        }
    }

    void roomClosed(RoomImpl room) {
        rooms.remove(room.appId() + "\u0000" + room.roomId(), room);
    }

    @Override
    public List<Room> rooms() {
        return new ArrayList<>(rooms.values());
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        for (RoomImpl r : new ArrayList<>(rooms.values())) {
            r.close();
        }
        discoveryFactory.close();
        shutdown(ingest);
        shutdown(notifier);
        shutdown(scheduler);
        try {
            store.close();
        } catch (RuntimeException e) {
            log.warn("closing the store failed: {}", e.toString());
        }
    }

    private static void shutdown(ExecutorService e) {
        e.shutdown();
        try {
            if (!e.awaitTermination(5, TimeUnit.SECONDS)) {
                e.shutdownNow();
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            e.shutdownNow();
        }
    }

    @Override public String toString() {
        return "Peerset[" + selfId + ", " + config.identity().npub() + ", " + rooms.size() + " rooms]";
    }
}
