package io.peerset.core.engine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.peerset.api.Identity;
import io.peerset.api.InvalidRecordException;
import io.peerset.api.ModerationContext;
import io.peerset.api.PeersetConfig;
import io.peerset.api.Query;
import io.peerset.api.SignedRecord;
import io.peerset.api.Verdict;
import io.peerset.api.spi.PutOutcome;
import io.peerset.api.spi.RecordStore;
import io.peerset.api.spi.RecordStoreProvider;
import io.peerset.api.spi.Secp256k1;
import io.peerset.core.link.PeerDiscovery;
import io.peerset.core.trystero.TrysteroIds;
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
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine of one joined room: its store, its {@link RoomImpl} (sessions, discoveries,
 * subscribers) and the ingest pipeline every record of the room passes — local writes,
 * published records and records from peers alike:
 *
 * <ol>
 *   <li>size bound;</li>
 *   <li>duplicate check (recently seen ids, ids already queued, the store) — a
 *       duplicate changes nothing, so it is dropped before the costly checks;</li>
 *   <li>banned author: refused from anyone, before the costly checks;</li>
 *   <li>id and signature verification (published and remote records);</li>
 *   <li>timestamp bounds: not after now + maxFutureSkew, not before now − retention;</li>
 *   <li>the moderation chain;</li>
 *   <li>{@link RecordStore#putAll} of the accepted batch;</li>
 *   <li>subscribers notified (notify thread, in order) and new records pushed as
 *       ps/event to every active peer except the sender.</li>
 * </ol>
 *
 * Rejections of local writes fail their future with {@link InvalidRecordException};
 * rejections of remote records strike the sending peer, and moderation refusals
 * strike the record's author too: past {@link PeersetConfig#authorStrikeThreshold()}
 * the author is banned. Strikes decay by one per {@link PeersetConfig#strikeDecay()}.
 *
 * <p>{@link PeersetEngine} makes one per room and keeps it after the room is left, so a
 * rejoin ({@link #open}) starts from the records it had.
 */
final class RoomEngine {
    private static final Logger log = LoggerFactory.getLogger(RoomEngine.class);
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
    /** Node-wide moderation strikes per author (the Peerset's, shared by its rooms). */
    private final AuthorStrikes authorStrikes;
    /** The Peerset's verification pool. */
    private final java.util.concurrent.ForkJoinPool verifiers;
    private final java.util.concurrent.ScheduledFuture<?> pruning;
    /** The room's handle: null before the first join and once left (a rejoin makes a new one). */
    private RoomImpl room;
    private final DiscoveryFactory discoveryFactory;
    /**
     * Store writes take this exclusively, Negentropy calls shared: a reconcile call
     * must see one unchanging set (it may change between calls).
     */
    private final java.util.concurrent.locks.ReentrantReadWriteLock storeGate = new java.util.concurrent.locks.ReentrantReadWriteLock();
    private volatile boolean closed;

    /**
     * A room engine whose store lives at {@code storeLocation} ({@link PeersetEngine} gives each room its own);
     * bans, author strikes, the scheduler, the verification pool and signalling are the Peerset's.
     */
    RoomEngine(PeersetEngine peerset, String storeLocation) {
        this.config = peerset.config();
        this.store = openStore(config, storeLocation);
        this.secp = loadSecp();
        this.bans = peerset.bans();
        this.authorStrikes = peerset.authorStrikes();
        this.verifiers = peerset.verifiers();
        this.scheduler = peerset.scheduler();
        this.discoveryFactory = peerset.discoveryFactory();
        int n = COUNT.incrementAndGet();
        String tag = selfId.substring(0, 6);
        this.ingest = single("peerset-ingest-" + tag);
        this.notifier = single("peerset-notify-" + tag);
        long pruneEvery = config.retentionPolicy().pruneInterval().toMillis();
        // the shared timer only hands pruning to this room's ingest thread, where store writes are serial
        this.pruning = scheduler.scheduleWithFixedDelay(() -> onIngest(this::prune), 0, pruneEvery, TimeUnit.MILLISECONDS);
        log.debug("room engine #{} {} started: store {}, signalling {}", n, selfId, config.storeName(), config.signaling());
    }

    private static RecordStore openStore(PeersetConfig config, String location) {
        return storeProvider(config).open(location, config.storeOptions());
    }

    /** The provider of the configured store. @throws IllegalStateException listing the names available */
    static RecordStoreProvider storeProvider(PeersetConfig config) {
        List<String> names = new ArrayList<>();
        for (RecordStoreProvider p : ServiceLoader.load(RecordStoreProvider.class, RoomEngine.class.getClassLoader())) {
            if (p.name().equals(config.storeName())) {
                return p;
            }
            names.add(p.name());
        }
        throw new IllegalStateException("no record store named '" + config.storeName() + "' on the classpath; available: "
            + names + " (add the module that provides it, e.g. peerset-store-xodus for \"xodus\")");
    }

    private static Secp256k1 loadSecp() {
        Secp256k1 best = null;
        for (Secp256k1 p : ServiceLoader.load(Secp256k1.class, RoomEngine.class.getClassLoader())) {
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

    private void onIngest(Runnable r) {
        try {
            ingest.execute(r);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    private static ExecutorService single(String name) {
        return new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), daemon(name));
    }

    // ------------------------------------------------------------ for rooms and sessions

    String selfId() { return selfId; }
    RecordStore store() { return store; }
    Bans bans() { return bans; }
    ScheduledExecutorService scheduler() { return scheduler; }

    /** Runs a Negentropy step against a set that does not change meanwhile. */
    <T> T withStableSet(SyncStep<T> step) throws io.peerset.core.ProtocolViolation {
        storeGate.readLock().lock();
        try {
            return step.run();
        } finally {
            storeGate.readLock().unlock();
        }
    }

    @FunctionalInterface
    interface SyncStep<T> {
        T run() throws io.peerset.core.ProtocolViolation;
    }

    boolean verifyKey(byte[] pubkey32, byte[] digest32, byte[] sig64) {
        return secp.verify(pubkey32, digest32, sig64);
    }

    /** True if the record with this id needs no processing: seen, queued, refused recently, or stored. */
    boolean isKnown(String id) {
        return seen.getIfPresent(id) != null || queued.contains(id) || rejected.getIfPresent(id) != null || store.contains(id);
    }

    /** A local write (put, or publish when {@code verify}). */
    CompletableFuture<SignedRecord> submitLocal(SignedRecord r, boolean verify) {
        CompletableFuture<SignedRecord> f = new CompletableFuture<>();
        if (closed) {
            f.completeExceptionally(new IllegalStateException("node is closed"));
            return f;
        }
        Inbound in = new Inbound(r, r.id(), null, 0, 0, verify, null, false, f, null);
        try {
            ingest.execute(() -> process(List.of(in)));
        } catch (RejectedExecutionException e) {
            f.completeExceptionally(new IllegalStateException("node is closed"));
        }
        return f;
    }

    /**
     * The events of one ps/event message (room thread): parsed records, and elements
     * left as JSON bytes to be parsed beside their verification, on every core. Its
     * malformed elements earn the sender one strike, once every element is settled.
     */
    static final class EventsMessage {
        private final PeerSession from;
        private final List<Inbound> inbound = new ArrayList<>();
        /** Elements not yet settled; touched by the room thread before submission, then by the ingest thread only. */
        private int pending;
        private int malformed;
        private String firstProblem;

        EventsMessage(PeerSession from) {
            this.from = from;
        }

        /** An element to parse later: bytes [start, end) of json, with its leading id. */
        void raw(byte[] json, int start, int end, String id, boolean pulled) {
            inbound.add(new Inbound(null, id, json, start, end, true, from, pulled, null, this));
        }

        void parsed(SignedRecord r, boolean pulled) {
            inbound.add(new Inbound(r, r.id(), null, 0, 0, true, from, pulled, null, this));
        }

        void malformed(String problem) {
            if (malformed++ == 0) {
                firstProblem = problem;
            }
        }

        /** Ingest thread: one element settled; the strike goes out with the last one. */
        private void settled() {
            if (--pending == 0) {
                strikeIfMalformed();
            }
        }

        private void strikeIfMalformed() {
            if (malformed > 0) {
                String msg = "ps/event carried " + malformed + " malformed event(s): " + firstProblem;
                from.room().execute(() -> from.strike(new io.peerset.core.ProtocolViolation(msg, Protocol.STRIKE_MALFORMED)));
            }
        }
    }

    /** Records received from a peer in one ps/event message (on its room thread). */
    void submitRemote(EventsMessage m) {
        List<Inbound> batch = new ArrayList<>(m.inbound.size());
        for (Inbound in : m.inbound) {
            if (queued.add(in.id)) {
                batch.add(in);
            }
        }
        m.pending = batch.size();
        if (batch.isEmpty()) {
            m.strikeIfMalformed();
            return;
        }
        remoteQueue.addAll(batch);
        if (drainScheduled.compareAndSet(false, true)) {
            try {
                ingest.execute(this::drainRemote);
            } catch (RejectedExecutionException e) {
                drainScheduled.set(false);
                Inbound in;
                while ((in = remoteQueue.poll()) != null) {
                    queued.remove(in.id);
                }
            }
        }
    }

    /** Most remote records processed (and verified in parallel) as one batch. */
    private static final int MAX_REMOTE_BATCH = 2000;
    /** Records from peers waiting for the ingest thread; coalesced into large batches so verification keeps every core busy. */
    private final java.util.concurrent.ConcurrentLinkedQueue<Inbound> remoteQueue = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicBoolean drainScheduled = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * Runs on the ingest thread: processes queued remote records in batches until the
     * queue is empty, pipelined: up to {@link #VERIFY_AHEAD} batches are parsed and
     * verified on every core, in small chunks, while the sequential steps (duplicates,
     * moderation, store, notification) of the oldest run here — so the verifiers never
     * wait for the sequential steps nor for the slowest chunk of a batch.
     */
    private void drainRemote() {
        java.util.ArrayDeque<VerifyJob> ahead = new java.util.ArrayDeque<>();
        while (true) {
            fill(ahead);
            VerifyJob job = ahead.poll();
            if (job == null) {
                drainScheduled.set(false);
                // a record may have been queued after the last poll but before the flag was cleared
                if (remoteQueue.isEmpty() || !drainScheduled.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            String[] verified = job.await();
            fill(ahead);
            process(job.batch, verified);
        }
    }

    /** Batches verified ahead of the sequential steps. */
    private static final int VERIFY_AHEAD = 2;

    private void fill(java.util.ArrayDeque<VerifyJob> ahead) {
        while (ahead.size() < VERIFY_AHEAD) {
            List<Inbound> batch = pollBatch();
            if (batch.isEmpty()) {
                return;
            }
            ahead.add(startVerify(batch));
        }
    }

    private List<Inbound> pollBatch() {
        List<Inbound> batch = new ArrayList<>();
        Inbound in;
        while (batch.size() < MAX_REMOTE_BATCH && (in = remoteQueue.poll()) != null) {
            batch.add(in);
        }
        return batch;
    }

    /** One record on its way through the pipeline; from a peer, possibly still JSON to parse. */
    static final class Inbound {
        /** Null until the JSON is parsed. */
        SignedRecord record;
        /** The record's id (for unparsed JSON: its leading id, which the parser reads as the id). */
        final String id;
        /** Unparsed JSON: bytes [start, end) of src, or src null. */
        final byte[] src;
        final int start;
        final int end;
        /** Why the JSON could not be parsed, or null. */
        String malformed;
        final boolean verify;
        final PeerSession from;
        final boolean pulled;
        final CompletableFuture<SignedRecord> future;
        final EventsMessage message;

        Inbound(SignedRecord record, String id, byte[] src, int start, int end, boolean verify, PeerSession from, boolean pulled,
                CompletableFuture<SignedRecord> future, EventsMessage message) {
            this.record = record;
            this.id = id;
            this.src = src;
            this.start = start;
            this.end = end;
            this.verify = verify;
            this.from = from;
            this.pulled = pulled;
            this.future = future;
            this.message = message;
        }

        /** Parses the JSON if it is still unparsed; returns false when it is malformed. */
        boolean parse() {
            if (record != null) {
                return true;
            }
            if (malformed != null) {
                return false;
            }
            try {
                SignedRecord r = SignedRecord.fromJson(EventCodec.utf8(src, start, end));
                if (!r.id().equals(id)) {
                    throw new IllegalArgumentException("event id " + r.id() + " differs from its leading id " + id);
                }
                record = r;
                return true;
            } catch (IllegalArgumentException e) {
                malformed = e.getMessage();
                return false;
            }
        }
    }

    /** Batches at least this large have their signatures checked on every core before the pipeline runs. */
    private static final int PARALLEL_VERIFY_MIN = 8;

    /** Records per verification task: small, so that the cores finish a batch together. */
    private static final int VERIFY_CHUNK = 16;

    /**
     * A batch being parsed and verified on every core: the rejection reason per index
     * (null = valid, {@link #NOT_CHECKED} = not verified there, e.g. the batch was too
     * small to be worth it or the record is a known duplicate).
     */
    private final class VerifyJob {
        final List<Inbound> batch;
        final String[] errors;
        private final java.util.concurrent.CountDownLatch done;

        VerifyJob(List<Inbound> batch, boolean parallel) {
            this.batch = batch;
            this.errors = new String[batch.size()];
            java.util.Arrays.fill(errors, NOT_CHECKED);
            int chunks = parallel ? (batch.size() + VERIFY_CHUNK - 1) / VERIFY_CHUNK : 0;
            this.done = new java.util.concurrent.CountDownLatch(chunks);
            for (int c = 0; c < chunks; c++) {
                int from = c * VERIFY_CHUNK;
                int to = Math.min(batch.size(), from + VERIFY_CHUNK);
                try {
                    verifiers.execute(() -> {
                        try {
                            verifyRange(from, to);
                        } finally {
                            done.countDown();
                        }
                    });
                } catch (RejectedExecutionException e) {
                    done.countDown(); // left NOT_CHECKED: verified one by one
                }
            }
        }

        private void verifyRange(int from, int to) {
            for (int i = from; i < to; i++) {
                Inbound in = batch.get(i);
                if (!in.parse() || !in.verify || seen.getIfPresent(in.id) != null || bans.isAuthorBanned(in.record.pubkey())) {
                    continue;
                }
                String error;
                try {
                    SignatureCache.verify(in.record, config.signatureCache());
                    error = null;
                } catch (InvalidRecordException e) {
                    error = e.getMessage();
                } catch (RuntimeException e) {
                    error = "could not verify: " + e;
                }
                errors[i] = error;
            }
        }

        /** Waits for every chunk; the ingest thread then reads what the verifiers wrote. */
        String[] await() {
            boolean interrupted = false;
            while (true) {
                try {
                    done.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return errors;
        }
    }

    /** Starts parsing and verifying the batch on every core (one by one later when it is small). */
    private VerifyJob startVerify(List<Inbound> batch) {
        return new VerifyJob(batch, batch.size() >= PARALLEL_VERIFY_MIN && Runtime.getRuntime().availableProcessors() >= 2);
    }

    private static final String NOT_CHECKED = new String("not checked");

    /** The pipeline; runs on the ingest thread. */
    private void process(List<Inbound> batch) {
        process(batch, startVerify(batch).await());
    }

    /**
     * The pipeline for a batch whose signatures {@link #startVerify} checked
     * ({@code verified}: {@link #NOT_CHECKED} where each record is still to be verified here).
     */
    private void process(List<Inbound> batch, String[] verified) {
        long now = config.clock().instant().getEpochSecond();
        Admission a = new Admission(batch.size(), now, now + config.maxFutureSkew().getSeconds(),
            now - config.retention().getSeconds());
        for (int i = 0; i < batch.size(); i++) {
            Inbound in = batch.get(i);
            if (admit(in, verified == null ? NOT_CHECKED : verified[i], a)) {
                a.accepted.add(in);
                if (!in.record.isEphemeral()) {
                    a.acceptedByAuthor.computeIfAbsent(in.record.pubkey(), k -> new ArrayList<>()).add(in.record);
                }
            }
        }
        storeAccepted(a.accepted);
    }

    /*
     * JIT note: process() is called once per batch of up to 2 000 records, admit() once per
     * record. As one method, C2 compiled the whole loop with every check inlined, by on-stack
     * replacement and again normally, and once more after each deoptimisation (a check first
     * taking a new branch): 0.3-0.9 s of compiler CPU each time during a sync on 2 cores
     * (notes/rtcperf.md). Split, each part compiles on its own and a new branch in one check
     * recompiles only admit(). The batch's one store write is storeAccepted().
     */

    /** The accepted records of a batch so far; moderation sees them per author. */
    private static final class Admission {
        final List<Inbound> accepted;
        final Map<String, List<SignedRecord>> acceptedByAuthor = new java.util.HashMap<>();
        final Set<String> inBatch = new HashSet<>();
        final long now;
        final long newest;
        final long oldest;

        Admission(int size, long now, long newest, long oldest) {
            this.accepted = new ArrayList<>(size);
            this.now = now;
            this.newest = newest;
            this.oldest = oldest;
        }
    }

    /**
     * The sequential checks of one record (duplicates, earlier refusals, bans, signature,
     * time window, moderation); true when it is to be stored, else it is settled here.
     * {@code verifyError}: what the verifiers found, or {@link #NOT_CHECKED}.
     */
    private boolean admit(Inbound in, String verifyError, Admission a) {
        String id = in.id;
        if (!in.parse()) {
            queued.remove(id);
            in.message.malformed(in.malformed);
            in.message.settled();
            return false;
        }
        if (in.message != null) {
            in.message.settled();
        }
        SignedRecord r = in.record;
        try {
            if (closed) {
                reject(in, "node is closed", 0, false);
                return false;
            }
            int jsonSize = EventCodec.jsonSize(r);
            if (jsonSize > SignedRecord.MAX_JSON_BYTES) {
                reject(in, "record is " + jsonSize + " bytes of JSON; at most " + SignedRecord.MAX_JSON_BYTES + " are accepted",
                    Protocol.STRIKE_MALFORMED, false);
                return false;
            }
            if (!a.inBatch.add(id) || seen.getIfPresent(id) != null || store.contains(id)) {
                if (in.future != null) {
                    localDuplicate(in, verifyError);
                } else {
                    duplicate(in);
                }
                return false;
            }
            String earlier = rejected.getIfPresent(id);
            if (earlier != null) {
                reject(in, earlier, 0, false);
                return false;
            }
            if (bans.isAuthorBanned(r.pubkey())) {
                reject(in, "author " + r.pubkey() + " is banned on this node", 0, false);
                return false;
            }
            if (in.verify) {
                String error = verifyError;
                if (error == NOT_CHECKED) {
                    try {
                        SignatureCache.verify(r, config.signatureCache());
                        error = null;
                    } catch (InvalidRecordException e) {
                        error = e.getMessage();
                    }
                }
                if (error != null) {
                    reject(in, error, Protocol.STRIKE_FORGED, false);
                    return false;
                }
            }
            if (r.createdAt() > a.newest) {
                reject(in, "created_at " + r.createdAt() + " is " + (r.createdAt() - a.now) + " s in the future; at most "
                    + config.maxFutureSkew().getSeconds() + " s are tolerated", Protocol.STRIKE_FUTURE, false);
                return false;
            }
            if (r.createdAt() < a.oldest) {
                reject(in, "created_at " + r.createdAt() + " is older than the retention of " + config.retention().toDays()
                    + " days", 0, true);
                return false;
            }
            Verdict v = config.moderation().check(r, new Context(in, a.acceptedByAuthor));
            if (!v.accepted()) {
                String reason = "refused by moderation" + (v.filter().isEmpty() ? "" : " (" + v.filter() + ")") + ": " + v.reason();
                reject(in, reason, Protocol.STRIKE_MODERATION, true);
                if (in.from != null) {
                    strikeAuthor(r.pubkey(), reason);
                }
                return false;
            }
            return true;
        } catch (RuntimeException e) {
            log.error("ingest of {} failed", id, e);
            reject(in, "internal error: " + e, 0, false);
            return false;
        }
    }

    /** Stores the accepted records of a batch in one write, then settles, notifies and forwards them. */
    private void storeAccepted(List<Inbound> accepted) {
        if (accepted.isEmpty()) {
            return;
        }
        List<SignedRecord> toStore = new ArrayList<>(accepted.size());
        accepted.forEach(in -> toStore.add(in.record));
        List<PutOutcome> outcomes;
        storeGate.writeLock().lock();
        try {
            outcomes = store.putAll(toStore);
        } catch (RuntimeException e) {
            log.error("store failed to write {} record(s)", toStore.size(), e);
            accepted.forEach(in -> fail(in, new IllegalStateException("the store failed to write the record: " + e.getMessage(), e)));
            return;
        } finally {
            storeGate.writeLock().unlock();
        }
        List<SignedRecord> fresh = new ArrayList<>();
        List<Inbound> forward = new ArrayList<>();
        for (int i = 0; i < accepted.size(); i++) {
            Inbound in = accepted.get(i);
            PutOutcome o = outcomes.get(i);
            seen.put(in.id, Boolean.TRUE);
            queued.remove(in.id);
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

    /**
     * A record submitted through {@code Room.publish} whose id is already held: it is still verified, so a
     * forgery carrying a stored id fails instead of being answered as accepted, and the future completes
     * with the stored record (not the submitted bytes).
     */
    private void localDuplicate(Inbound in, String verifyError) {
        if (in.verify) {
            String error = verifyError;
            if (error == NOT_CHECKED) {
                try {
                    SignatureCache.verify(in.record, config.signatureCache());
                    error = null;
                } catch (InvalidRecordException e) {
                    error = e.getMessage();
                }
            }
            if (error != null) {
                reject(in, "an event with id " + in.id + " is already stored, and the submitted one is not it: " + error, 0, false);
                return;
            }
        }
        queued.remove(in.id);
        in.future.complete(store.get(in.id).orElse(in.record));
    }

    private void duplicate(Inbound in) {
        queued.remove(in.id);
        complete(in);
    }

    private void complete(Inbound in) {
        if (in.future != null) {
            in.future.complete(in.record);
        }
    }

    private void fail(Inbound in, RuntimeException e) {
        queued.remove(in.id);
        if (in.future != null) {
            in.future.completeExceptionally(e);
        }
    }

    private void reject(Inbound in, String reason, int strikes, boolean remember) {
        queued.remove(in.id);
        if (remember) {
            rejected.put(in.id, reason);
        }
        if (in.future != null) {
            in.future.completeExceptionally(new InvalidRecordException(reason));
        } else if (in.from != null) {
            if (strikes > 0) {
                PeerSession s = in.from;
                String msg = "record " + in.id + " rejected: " + reason;
                s.room().execute(() -> s.strike(new io.peerset.core.ProtocolViolation(msg, strikes)));
            } else {
                log.debug("record {} from {} dropped: {}", in.id, in.from.peerId(), reason);
            }
        }
    }

    /** One moderation strike for an author, node-wide; at the threshold the author is banned in every room. */
    private void strikeAuthor(String pubkey, String reason) {
        authorStrikes.strike(pubkey, reason);
    }

    /** Moderation strikes an author has now (after decay), for tests and diagnostics. */
    int authorStrikes(String pubkey) {
        return authorStrikes.current(pubkey);
    }

    private void notifySubscribers(List<SignedRecord> fresh) {
        RoomImpl target = currentRoom();
        if (target == null) {
            return;
        }
        try {
            notifier.execute(() -> target.deliver(fresh));
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    private void pushToPeers(List<Inbound> forward) {
        if (forward.isEmpty()) {
            return;
        }
        // group by sender so each group skips the peer it came from
        Map<PeerSession, List<SignedRecord>> bySender = new java.util.LinkedHashMap<>();
        for (Inbound in : forward) {
            bySender.computeIfAbsent(in.from, k -> new ArrayList<>()).add(in.record);
        }
        RoomImpl target = currentRoom();
        if (target == null) {
            return;
        }
        for (Map.Entry<PeerSession, List<SignedRecord>> e : bySender.entrySet()) {
            target.broadcast(EventCodec.encode(e.getValue()), e.getKey());
        }
    }

    private void prune() {
        try {
            long cutoff = config.clock().instant().minus(config.retention()).getEpochSecond();
            long n;
            storeGate.writeLock().lock();
            try {
                n = store.pruneOlderThan(cutoff);
            } finally {
                storeGate.writeLock().unlock();
            }
            if (n > 0) {
                log.info("pruned {} record(s) older than the retention of {}", n, config.retention());
            }
        } catch (RuntimeException e) {
            log.warn("retention pruning failed: {}", e.toString());
        }
    }

    /**
     * What moderation sees. Records accepted earlier in the same batch count as stored
     * (they are written together at the end), so a burst in one message cannot slip
     * past per-author quotas or duplicate checks.
     */
    private final class Context implements ModerationContext {
        private final Inbound in;
        private final Map<String, List<SignedRecord>> pendingByAuthor;

        Context(Inbound in, Map<String, List<SignedRecord>> pendingByAuthor) {
            this.in = in;
            this.pendingByAuthor = pendingByAuthor;
        }

        @Override public Instant now() { return config.clock().instant(); }
        @Override public boolean local() { return in.from == null; }
        @Override public Optional<String> senderPeerId() { return in.from == null ? Optional.empty() : Optional.of(in.from.peerId()); }
        @Override public Optional<String> senderNpub() {
            String pk = in.from == null ? null : in.from.provenPubkey();
            return pk == null ? Optional.empty() : Optional.of(io.peerset.api.Nip19.encodeNpub(pk));
        }
        @Override public long storedByAuthor(String pubkey) {
            List<SignedRecord> pending = pendingByAuthor.get(pubkey);
            return store.countByAuthor(pubkey) + (pending == null ? 0 : pending.size());
        }
        @Override public List<SignedRecord> recentByAuthor(String pubkey, int limit) {
            int n = Math.max(1, Math.min(limit, Query.MAX_LIMIT));
            List<SignedRecord> stored = store.query(Query.builder().author(pubkey).limit(n).build());
            List<SignedRecord> pending = pendingByAuthor.get(pubkey);
            if (pending == null || pending.isEmpty()) {
                return stored;
            }
            List<SignedRecord> all = new ArrayList<>(pending);
            all.addAll(stored);
            all.sort(java.util.Comparator.comparingLong(SignedRecord::createdAt).reversed().thenComparing(SignedRecord::id));
            return all.size() > n ? all.subList(0, n) : all;
        }
        @Override public Duration retention() { return config.retention(); }
        @Override public Duration maxFutureSkew() { return config.maxFutureSkew(); }
    }

    // ------------------------------------------------------------ the room

    Identity identity() { return config.identity(); }
    PeersetConfig config() { return config; }

    /** The room's handle from its join until its close completes, else null. */
    synchronized RoomImpl currentRoom() {
        return room;
    }

    /**
     * Joins the room (again, after it was left): a new {@link RoomImpl} over this engine's store.
     *
     * @throws IllegalStateException if the room is joined now or the engine is closed
     */
    RoomImpl open(String appId, String roomId, String password) {
        if (password == null) {
            throw new IllegalArgumentException("password must not be null; use \"\" for none");
        }
        RoomImpl r;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("node is closed");
            }
            if (room != null) {
                throw new IllegalStateException("room " + appId + "/" + roomId + " is already joined on this node; close it first");
            }
            r = new RoomImpl(this, appId, roomId, password);
            room = r;
        }
        try {
            r.start(discoveryFactory.open(appId, roomId, password, selfId));
        } catch (RuntimeException e) {
            r.close();
            throw e;
        }
        return r;
    }

    synchronized void roomClosed(RoomImpl closedRoom) {
        if (room == closedRoom) {
            room = null;
        }
    }

    void close() {
        RoomImpl r;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            r = room;
        }
        if (r != null) {
            r.close();
        }
        pruning.cancel(false);
        shutdown(ingest);
        shutdown(notifier);
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
        return "RoomEngine[" + selfId + ", " + config.identity().npub() + (currentRoom() == null ? ", left" : "") + "]";
    }
}
