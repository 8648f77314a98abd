package io.peerset.signal.torrent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerset.core.link.Link;
import io.peerset.core.link.LinkFactory;
import io.peerset.core.link.PeerDiscovery;
import io.peerset.core.link.PendingLink;
import io.peerset.core.trystero.SdpCrypto;
import io.peerset.core.trystero.SdpCryptoException;
import io.peerset.core.trystero.TrysteroIds;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.handshake.ServerHandshake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trystero's torrent strategy: finds the peers of one room through WebTorrent trackers
 * (WebSocket, JSON) and hands over an open {@link Link} to each.
 *
 * <p>Wire, as Trystero 0.25.x: {@code info_hash} is {@link TrysteroIds#infoHash} of the
 * room, {@code peer_id} our 20-character Trystero id. We announce
 * {@code {"action":"announce","info_hash","peer_id","numwant","offers":[{"offer_id",
 * "offer":{"type":"offer","sdp":ENC}}…]}} carrying a small pool of pre-made offers; the
 * tracker hands each offer to another peer of the swarm, which answers with
 * {@code {"action":"announce","info_hash","peer_id","answer":{"type":"answer","sdp":ENC},
 * "offer_id","to_peer_id"}}; the tracker relays the answer to us and the pooled offer's
 * connection opens. ENC is {@link SdpCrypto} of the full SDP: there is no channel for
 * trickled candidates, so the {@link LinkFactory} must gather every candidate into the
 * description (non-trickle mode).
 *
 * <p>Who answers: a Trystero peer always has offers out, so it answers an offer only when
 * its id is greater than the offerer's. We do the same while we have offers out; with an
 * empty pool (room satisfied) we answer anyone.
 *
 * <p>Announcements: at once when a tracker socket opens, a warm-up burst (233, 533,
 * 1333 ms), then every tracker {@code interval} clamped to [{@code minAnnounceInterval},
 * {@code announceInterval}] (10–20 s). Once the room reports it is
 * {@linkplain #satisfied(boolean) satisfied} the pool is released and announcements
 * carry no offers and slow to the tracker interval or {@code satisfiedAnnounceInterval}
 * (120 s), whichever is longer; they speed up again, with a fresh pool, as soon as the
 * room is short of peers. A {@code failure reason} backs that tracker's announcements off
 * exponentially.
 *
 * <p>Several trackers at once, one socket each, each reconnecting with exponential backoff
 * and jitter after a close or error. Every inbound message is hostile: frames and messages
 * are size-bounded, garbage, wrong {@code info_hash}, undecryptable offers and answers to
 * unknown offers are ignored with a rate-limited debug line, and nothing is ever thrown
 * into a WebSocket thread. All state lives on one thread per discovery; {@link Callbacks}
 * are called there and must not block.
 */
public final class TorrentDiscovery implements PeerDiscovery {
    private static final Logger LOG = LoggerFactory.getLogger(TorrentDiscovery.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger SEQ = new AtomicInteger();

    /** Longest tracker message accepted: an encrypted SDP plus the JSON around it. */
    public static final int MAX_MESSAGE_CHARS = SdpCrypto.MAX_WIRE_CHARS + 4096;
    /** Largest WebSocket frame (or reassembled message) read from a tracker; larger closes the socket. */
    static final int MAX_FRAME_BYTES = 4 * MAX_MESSAGE_CHARS;
    /** Length of our offer ids (Trystero: 20). */
    static final int OFFER_ID_LENGTH = 20;
    private static final int MAX_OFFER_ID_CHARS = 64;
    private static final long[] WARMUP_MILLIS = {233, 533, 1333};
    /** Shortest gap between an announcement and one brought forward for a newcomer ({@link Tracker#invite}). */
    private static final long INVITE_GAP_MILLIS = 1000;
    private static final int MAX_INBOUND_QUEUED = 1024;
    private static final String ACTION = "announce";

    private final LinkFactory links;
    private final String selfId;
    private final String roomId;
    private final String infoHash;
    private final SdpCrypto crypto;
    private final Options opt;
    private final ScheduledThreadPoolExecutor scheduler;
    private final Executor serial;
    private final String threadName;
    private final RateLimitedLog drops;
    private final AtomicInteger inboundQueued = new AtomicInteger();
    private final List<Tracker> trackers = new ArrayList<>();

    // scheduler thread only
    private final Map<String, PooledOffer> pool = new LinkedHashMap<>();
    private final Map<String, PeerState> peers = new LinkedHashMap<>();
    private Callbacks callbacks;
    private boolean started;
    private volatile boolean closed;
    private boolean satisfied;
    private long announcements;
    private long invitations;
    private long undecryptable;
    private long answersSent;

    private TorrentDiscovery(Builder b) {
        this.links = b.links;
        this.selfId = b.selfId;
        this.roomId = b.roomId;
        this.infoHash = TrysteroIds.infoHash(b.appId, b.roomId);
        this.crypto = new SdpCrypto(b.password, b.appId, b.roomId);
        this.opt = new Options(b);
        this.threadName = "peerset-torrent-" + SEQ.incrementAndGet();
        this.scheduler = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        this.serial = r -> {
            try {
                scheduler.execute(r);
            } catch (RejectedExecutionException e) {
                // closed: late completions are dropped
            }
        };
        this.drops = new RateLimitedLog(LOG, "room " + roomId + " torrent signalling");
        for (URI uri : b.trackers) {
            trackers.add(new Tracker(uri));
        }
    }

    /** @param links makes the WebRTC links; must be in non-trickle mode; not closed by this class */
    public static Builder builder(LinkFactory links) {
        return new Builder(links);
    }

    public String selfId() {
        return selfId;
    }

    /** The room's tracker {@code info_hash} (20 characters). */
    public String infoHash() {
        return infoHash;
    }

    /** Inbound messages ignored so far (malformed, oversized, foreign, undecryptable, unexpected, flood). */
    public long droppedMessages() {
        return drops.total();
    }

    /** Offers and answers that did not decrypt with our password. */
    public long undecryptableSignals() {
        return call(() -> undecryptable);
    }

    /** Announcements sent so far, over all trackers. */
    public long announcementsSent() {
        return call(() -> announcements);
    }

    /** Announcements brought forward for a newcomer with a larger id (see {@code Tracker.invite}). */
    long announcementsBroughtForward() {
        return call(() -> invitations);
    }

    /** Answers sent so far. */
    public long answersSent() {
        return call(() -> answersSent);
    }

    /** Tracker sockets currently open. */
    public int connectedTrackers() {
        return call(() -> (int) trackers.stream().filter(t -> t.open).count());
    }

    /** Pooled offers currently held (being gathered, announced, or answered and connecting). */
    public int pooledOffers() {
        return call(pool::size);
    }

    /** For tests and diagnostics: milliseconds until the next announcement on tracker {@code i}, or -1. */
    long nextAnnounceInMillis(int i) {
        return call(() -> {
            ScheduledFuture<?> f = trackers.get(i).announceTimer;
            return f == null || f.isDone() ? -1L : f.getDelay(TimeUnit.MILLISECONDS);
        });
    }

    @Override
    public void start(Callbacks cb) {
        Objects.requireNonNull(cb, "callbacks");
        if (closed) {
            throw new IllegalStateException("TorrentDiscovery is closed; build a new one");
        }
        boolean ok = call(() -> {
            if (started) {
                return false;
            }
            started = true;
            callbacks = cb;
            LOG.debug("room {}: torrent signalling as {} (info_hash {}) on {} tracker(s)", roomId, selfId, infoHash,
                    trackers.size());
            refreshPool();
            trackers.forEach(Tracker::connect);
            return true;
        });
        if (!ok) {
            throw new IllegalStateException("TorrentDiscovery can be started once");
        }
    }

    @Override
    public void satisfied(boolean isSatisfied) {
        post(() -> {
            if (satisfied == isSatisfied) {
                return;
            }
            satisfied = isSatisfied;
            if (!started) {
                return;
            }
            if (isSatisfied) {
                releaseUnansweredOffers();
                trackers.forEach(Tracker::scheduleNextAnnounce);
            } else {
                refreshPool();
                for (Tracker t : trackers) {
                    t.announceStep = 0;
                    t.announce(); // short of peers: speak up now and keep the fast pace
                }
            }
        });
    }

    /** Closes the tracker sockets and cancels pending negotiations; established links stay open. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            scheduler.execute(() -> {
                for (Tracker t : trackers) {
                    t.shutdown();
                }
                for (PooledOffer o : pool.values()) {
                    o.cancel();
                }
                pool.clear();
                for (PeerState st : peers.values()) {
                    st.resetAnswer();
                }
                peers.clear();
            });
        } catch (RejectedExecutionException e) {
            // already shut down
        }
        scheduler.shutdown();
        if (!Thread.currentThread().getName().equals(threadName)) {
            try {
                scheduler.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ------------------------------------------------------------------ offer pool

    /** Drops expired offers and tops the pool up to {@code poolSize} fresh ones (unless satisfied). */
    private void refreshPool() {
        long now = System.nanoTime();
        for (Iterator<PooledOffer> it = pool.values().iterator(); it.hasNext(); ) {
            PooledOffer o = it.next();
            if (o.answeredBy == null && now - o.createdNanos > opt.offerRetention.toNanos()) {
                o.cancel();
                it.remove();
            }
        }
        if (satisfied || closed || callbacks == null) {
            return;
        }
        int fresh = 0;
        for (PooledOffer o : pool.values()) {
            if (o.isFresh(now, opt.offerTtl.toNanos())) {
                fresh++;
            }
        }
        while (fresh < opt.poolSize && pool.size() < opt.poolSize * 3) {
            if (!createOffer()) {
                break;
            }
            fresh++;
        }
    }

    private boolean createOffer() {
        String offerId = TrysteroIds.randomId(OFFER_ID_LENGTH);
        PendingLink pending;
        try {
            pending = links.offer("offer-" + offerId, null);
        } catch (RuntimeException e) {
            drops.warn("cannot create offers", e.toString());
            return false;
        }
        PooledOffer o = new PooledOffer(offerId, pending);
        pool.put(offerId, o);
        pending.localDescription().whenCompleteAsync((sdp, err) -> guarded(() -> {
            if (pool.get(offerId) != o || closed) {
                return;
            }
            if (err != null) {
                LOG.debug("room {}: pooled offer {} failed: {}", roomId, offerId, err.toString());
                pool.remove(offerId);
                o.cancel();
                return;
            }
            o.encryptedSdp = crypto.encrypt(sdp);
            for (Tracker t : trackers) {
                if (t.open && t.lastAnnouncedOffers == 0) {
                    t.announce(); // our first offers are ready: no need to wait for the next tick
                }
            }
        }), serial);
        pending.opened().whenCompleteAsync((link, err) -> guarded(() -> {
            boolean current = pool.get(offerId) == o;
            if (current) {
                pool.remove(offerId);
                cancel(o.answerTimer);
            }
            if (err != null) {
                return;
            }
            if (!current || o.answeredBy == null) {
                link.close();
                return;
            }
            handOver(o.answeredBy, new PeerLink(link, o.answeredBy));
        }), serial);
        return true;
    }

    private void releaseUnansweredOffers() {
        for (Iterator<PooledOffer> it = pool.values().iterator(); it.hasNext(); ) {
            PooledOffer o = it.next();
            if (o.answeredBy == null) {
                o.cancel();
                it.remove();
            }
        }
    }

    /** Whether an offer of ours is out (or being made) that the tracker may hand to anyone. */
    private boolean hasOffersOut() {
        for (PooledOffer o : pool.values()) {
            if (o.answeredBy == null) {
                return true;
            }
        }
        return false;
    }

    private ArrayNode readyOffers() {
        ArrayNode arr = JSON.createArrayNode();
        if (satisfied) {
            return arr;
        }
        long now = System.nanoTime();
        for (PooledOffer o : pool.values()) {
            if (arr.size() >= opt.poolSize) {
                break;
            }
            if (o.encryptedSdp != null && o.isFresh(now, opt.offerTtl.toNanos())) {
                ObjectNode e = arr.addObject();
                e.put("offer_id", o.offerId);
                e.putObject("offer").put("type", "offer").put("sdp", o.encryptedSdp);
            }
        }
        return arr;
    }

    // ------------------------------------------------------------------ inbound

    /** On a WebSocket thread: bound, then hand to the scheduler. Never throws. */
    private void inbound(Tracker tracker, int generation, String message) {
        if (closed) {
            return;
        }
        if (message == null || message.length() > MAX_MESSAGE_CHARS) {
            drops.drop("oversized message", (message == null ? "null" : message.length() + " characters")
                    + " from " + tracker.name + "; at most " + MAX_MESSAGE_CHARS);
            return;
        }
        if (inboundQueued.incrementAndGet() > MAX_INBOUND_QUEUED) {
            inboundQueued.decrementAndGet();
            drops.drop("flood", "more than " + MAX_INBOUND_QUEUED + " tracker messages waiting");
            return;
        }
        try {
            scheduler.execute(() -> {
                inboundQueued.decrementAndGet();
                guarded(() -> handle(tracker, generation, message));
            });
        } catch (RejectedExecutionException e) {
            inboundQueued.decrementAndGet();
        }
    }

    private void handle(Tracker tracker, int generation, String message) {
        if (closed || callbacks == null || generation != tracker.generation) {
            return;
        }
        JsonNode n;
        try {
            n = JSON.readTree(message);
        } catch (Exception e) {
            drops.drop("non-JSON message", "from " + tracker.name + ": " + abbreviate(message));
            return;
        }
        if (n == null || !n.isObject()) {
            drops.drop("non-object message", "from " + tracker.name + ": " + abbreviate(message));
            return;
        }
        JsonNode failure = n.get("failure reason");
        if (failure != null) {
            tracker.onFailureReason(failure.isTextual() ? failure.asText() : failure.toString());
            return;
        }
        JsonNode warning = n.get("warning message");
        if (warning != null) {
            LOG.debug("room {}: tracker {} warns: {}", roomId, tracker.name, abbreviate(warning.asText()));
        }
        JsonNode action = n.get("action");
        if (action != null && !ACTION.equals(action.asText())) {
            drops.drop("unexpected action", "from " + tracker.name + ": " + abbreviate(action.toString()));
            return;
        }
        JsonNode ih = n.get("info_hash");
        if (ih == null || !ih.isTextual() || !infoHash.equals(ih.asText())) {
            drops.drop("wrong info_hash", "from " + tracker.name + ": expected " + infoHash + ", got "
                    + (ih == null ? "none" : abbreviate(ih.toString())));
            return;
        }
        tracker.healthy();
        JsonNode interval = n.get("interval");
        if (interval != null && interval.isNumber() && interval.asDouble() > 0) {
            tracker.intervalMillis = (long) Math.min(3_600_000d, interval.asDouble() * 1000d);
        }
        boolean hasOffer = n.has("offer");
        boolean hasAnswer = n.has("answer");
        if (!hasOffer && !hasAnswer) {
            tracker.failureStreak = 0; // the tracker's reply to an announcement: accepted
            return;
        }
        JsonNode peerNode = n.get("peer_id");
        if (peerNode == null || !peerNode.isTextual() || !TrysteroIds.isValidPeerId(peerNode.asText())) {
            drops.drop("bad peer_id", "expected 1-64 letters and digits from " + tracker.name + ": "
                    + abbreviate(message));
            return;
        }
        String peerId = peerNode.asText();
        if (peerId.equals(selfId)) {
            return; // our own offer relayed back
        }
        String offerId = offerId(n.get("offer_id"));
        if (offerId == null) {
            drops.drop("bad offer_id", "expected 1-" + MAX_OFFER_ID_CHARS + " printable ASCII characters from "
                    + peerId + " via " + tracker.name);
            return;
        }
        String kind = hasOffer ? "offer" : "answer";
        String sdp = signal(n.get(kind), kind);
        if (sdp == null) {
            drops.drop("bad " + kind, "expected {\"type\":\"" + kind + "\",\"sdp\":\"…\"} from " + peerId + " via "
                    + tracker.name);
            return;
        }
        if (hasOffer) {
            onOffer(tracker, peerId, offerId, sdp);
        } else {
            onAnswer(peerId, offerId, sdp);
        }
    }

    private static String offerId(JsonNode n) {
        if (n == null || !n.isTextual()) {
            return null;
        }
        String s = n.asText();
        if (s.isEmpty() || s.length() > MAX_OFFER_ID_CHARS) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return null;
            }
        }
        return s;
    }

    private static String signal(JsonNode n, String type) {
        if (n == null || !n.isObject()) {
            return null;
        }
        JsonNode t = n.get("type");
        if (t != null && !(t.isTextual() && type.equals(t.asText()))) {
            return null;
        }
        JsonNode sdp = n.get("sdp");
        return sdp != null && sdp.isTextual() && !sdp.asText().isEmpty() ? sdp.asText() : null;
    }

    private void onOffer(Tracker via, String peerId, String offerId, String encOffer) {
        PeerState st = peers.get(peerId);
        if (st != null && (st.linked() || st.answering != null)) {
            return; // connected, or already answering one of its offers
        }
        for (PooledOffer o : pool.values()) {
            if (peerId.equals(o.answeredBy)) {
                return; // it answered one of our offers: that negotiation is under way
            }
        }
        if (selfId.compareTo(peerId) < 0 && hasOffersOut()) {
            // The larger id answers; ours are out for it to answer. But a newcomer that joined after
            // our last announcement has never been handed them (a tracker passes offers on only when
            // they are announced): announce again soon, so this one does not wait a whole interval.
            if (wants(peerId)) {
                via.invite();
            }
            return;
        }
        if (!wants(peerId)) {
            return;
        }
        long answering = peers.values().stream().filter(p -> p.answering != null).count();
        if (answering >= opt.maxConcurrentAnswers) {
            drops.drop("too many negotiations", "already answering " + answering + " offers; ignoring " + peerId);
            return;
        }
        String sdp;
        try {
            sdp = crypto.decrypt(encOffer);
        } catch (SdpCryptoException e) {
            undecryptable++;
            drops.drop("undecryptable offer", "from " + peerId + " via " + via.name + ": " + e.getMessage());
            return;
        }
        st = state(peerId);
        if (st == null) {
            return;
        }
        PendingLink pending;
        try {
            pending = links.answer(peerId, sdp, null);
        } catch (RuntimeException e) {
            LOG.debug("room {}: cannot answer {}: {}", roomId, peerId, e.toString());
            return;
        }
        PeerState state = st;
        state.answering = pending;
        state.answerTimer = scheduler.schedule(() -> guarded(() -> {
            if (state.answering == pending) {
                LOG.debug("room {}: answer to {} did not connect in time", roomId, peerId);
                state.resetAnswer();
                dropIfIdle(state);
            }
        }), opt.answerTimeout.toMillis(), TimeUnit.MILLISECONDS);
        pending.localDescription().whenCompleteAsync((answerSdp, err) -> guarded(() -> {
            if (state.answering != pending || closed) {
                return;
            }
            if (err != null) {
                LOG.debug("room {}: answer for {} failed: {}", roomId, peerId, err.toString());
                state.resetAnswer();
                dropIfIdle(state);
                return;
            }
            ObjectNode msg = envelope();
            msg.putObject("answer").put("type", "answer").put("sdp", crypto.encrypt(answerSdp));
            msg.put("offer_id", offerId).put("to_peer_id", peerId);
            String text = msg.toString();
            if (via.open) {
                via.send(text);
            } else {
                trackers.stream().filter(t -> t.open).forEach(t -> t.send(text));
            }
            answersSent++;
        }), serial);
        pending.opened().whenCompleteAsync((link, err) -> guarded(() -> {
            boolean current = state.answering == pending;
            if (err != null) {
                if (current) {
                    state.resetAnswer();
                    dropIfIdle(state);
                }
                return;
            }
            if (!current) {
                link.close();
                return;
            }
            state.answering = null; // hand over without cancelling
            state.resetAnswer();
            handOver(peerId, link);
        }), serial);
    }

    private void onAnswer(String peerId, String offerId, String encAnswer) {
        PooledOffer o = pool.get(offerId);
        if (o == null) {
            drops.drop("answer to unknown offer", "from " + peerId + " for offer " + abbreviate(offerId));
            return;
        }
        if (o.answeredBy != null) {
            if (!o.answeredBy.equals(peerId)) {
                drops.drop("second answer", "from " + peerId + " for offer already answered by " + o.answeredBy);
            }
            return;
        }
        PeerState st = peers.get(peerId);
        if (st != null && st.linked()) {
            return;
        }
        if (!wants(peerId)) {
            return;
        }
        String sdp;
        try {
            sdp = crypto.decrypt(encAnswer);
        } catch (SdpCryptoException e) {
            undecryptable++;
            drops.drop("undecryptable answer", "from " + peerId + ": " + e.getMessage());
            return;
        }
        o.answeredBy = peerId;
        o.answerTimer = scheduler.schedule(() -> guarded(() -> {
            if (pool.get(offerId) == o) {
                LOG.debug("room {}: offer {} answered by {} did not connect in time", roomId, offerId, peerId);
                pool.remove(offerId);
                o.cancel();
            }
        }), opt.answerTimeout.toMillis(), TimeUnit.MILLISECONDS);
        o.pending.setRemoteDescription(sdp);
        refreshPool(); // replace the claimed offer
    }

    private void handOver(String peerId, Link link) {
        if (closed) {
            link.close();
            return;
        }
        PeerState st = state(peerId);
        if (st == null || st.linked() || !wants(peerId)) {
            link.close(); // already connected (both directions raced), unwanted, or no room
            return;
        }
        st.link = link;
        LOG.debug("room {}: link to {} open", roomId, peerId);
        try {
            callbacks.onLink(peerId, link);
        } catch (RuntimeException e) {
            LOG.warn("room {}: onLink for {} failed: {}", roomId, peerId, e.toString());
            link.close();
        }
    }

    // ------------------------------------------------------------------ helpers

    private ObjectNode envelope() {
        ObjectNode o = JSON.createObjectNode();
        o.put("action", ACTION).put("info_hash", infoHash).put("peer_id", selfId);
        return o;
    }

    private boolean wants(String peerId) {
        try {
            return callbacks.wants(peerId);
        } catch (RuntimeException e) {
            LOG.warn("room {}: wants({}) failed: {}", roomId, peerId, e.toString());
            return false;
        }
    }

    private PeerState state(String peerId) {
        PeerState st = peers.get(peerId);
        if (st != null) {
            return st;
        }
        if (peers.size() >= opt.maxTrackedPeers) {
            sweepPeers();
            if (peers.size() >= opt.maxTrackedPeers) {
                drops.drop("too many peers", "already tracking " + peers.size());
                return null;
            }
        }
        st = new PeerState();
        peers.put(peerId, st);
        return st;
    }

    /** Forgets peers with nothing under way and no open link, so they can be reconnected. */
    private void sweepPeers() {
        peers.values().removeIf(PeerState::idle);
    }

    private void dropIfIdle(PeerState st) {
        if (st.idle()) {
            peers.values().remove(st);
        }
    }

    private void post(Runnable r) {
        if (closed) {
            return;
        }
        try {
            scheduler.execute(() -> guarded(r));
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    private <T> T call(Callable<T> c) {
        try {
            if (Thread.currentThread().getName().equals(threadName)) {
                return c.call();
            }
            return scheduler.submit(c).get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("torrent signalling step failed: " + e.getCause(), e.getCause());
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("TorrentDiscovery is closed", e);
        } catch (Exception e) {
            throw new IllegalStateException("torrent signalling thread did not answer: " + e, e);
        }
    }

    private void guarded(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("room {}: torrent signalling step failed: {}", roomId, e.toString(), e);
        }
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "null";
        }
        return s.length() > 80 ? s.substring(0, 80) + "…(" + s.length() + " chars)" : s;
    }

    private long backoffMillis(int attempt) {
        long base = opt.reconnectMin.toMillis();
        long max = opt.reconnectMax.toMillis();
        long d = base << Math.min(Math.max(attempt - 1, 0), 20);
        d = Math.min(max, d);
        double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
        return Math.max(1, (long) (d * jitter));
    }

    // ------------------------------------------------------------------ state

    /** One of our pre-made offers (scheduler thread only). */
    private static final class PooledOffer {
        final String offerId;
        final PendingLink pending;
        final long createdNanos = System.nanoTime();
        String encryptedSdp;
        String answeredBy;
        ScheduledFuture<?> answerTimer;

        PooledOffer(String offerId, PendingLink pending) {
            this.offerId = offerId;
            this.pending = pending;
        }

        boolean isFresh(long now, long ttlNanos) {
            return answeredBy == null && now - createdNanos < ttlNanos;
        }

        void cancel() {
            TorrentDiscovery.cancel(answerTimer);
            pending.cancel();
        }
    }

    /** What we know about one remote peer (scheduler thread only). */
    private static final class PeerState {
        PendingLink answering;
        ScheduledFuture<?> answerTimer;
        Link link;

        boolean linked() {
            if (link != null && !link.isOpen()) {
                link = null;
            }
            return link != null;
        }

        void resetAnswer() {
            TorrentDiscovery.cancel(answerTimer);
            answerTimer = null;
            if (answering != null) {
                answering.cancel();
            }
            answering = null;
        }

        boolean idle() {
            return answering == null && !linked();
        }
    }

    /** One tracker: its socket, reconnect backoff and announcement timer (scheduler thread only). */
    private final class Tracker {
        final URI uri;
        final String name;
        TrackerClient client;
        int generation;
        boolean open;
        int connectFailures;
        ScheduledFuture<?> reconnectTimer;
        ScheduledFuture<?> announceTimer;
        int announceStep;
        long lastAnnounceNanos;
        int lastAnnouncedOffers;
        long intervalMillis = -1;
        int failureStreak;

        Tracker(URI uri) {
            this.uri = uri;
            this.name = uri.toString();
        }

        void connect() {
            if (closed) {
                return;
            }
            int gen = ++generation;
            TrackerClient c = new TrackerClient(this, gen);
            client = c;
            try {
                c.setDaemon(true);
                c.setConnectionLostTimeout((int) Math.max(1, opt.pingInterval.toSeconds()));
                c.connect();
            } catch (RuntimeException e) {
                closed(gen, "cannot start the connection: " + e);
            }
        }

        void opened(int gen) {
            if (gen != generation || closed) {
                return;
            }
            open = true;
            announceStep = 0;
            failureStreak = 0;
            LOG.debug("room {}: tracker {} connected", roomId, name);
            announce();
        }

        void closed(int gen, String reason) {
            if (gen != generation || closed) {
                return;
            }
            boolean wasOpen = open;
            open = false;
            client = null;
            TorrentDiscovery.cancel(announceTimer);
            TorrentDiscovery.cancel(reconnectTimer);
            connectFailures++;
            long delay = backoffMillis(connectFailures);
            if (wasOpen || connectFailures == 1) {
                LOG.info("room {}: tracker {} {} ({}); reconnecting in {} ms", roomId, name,
                        wasOpen ? "connection lost" : "unreachable", reason, delay);
            } else {
                LOG.debug("room {}: tracker {} still unreachable ({}, attempt {}); next try in {} ms", roomId, name,
                        reason, connectFailures, delay);
            }
            reconnectTimer = scheduler.schedule(() -> guarded(this::connect), delay, TimeUnit.MILLISECONDS);
        }

        /** A well-formed message for our room arrived: the tracker works, reset the connect backoff. */
        void healthy() {
            connectFailures = 0;
        }

        void onFailureReason(String reason) {
            failureStreak++;
            scheduleNextAnnounce();
            drops.warn("tracker failure from " + name, "\"" + abbreviate(reason) + "\"; next announcement in "
                    + (announceTimer == null ? "?" : announceTimer.getDelay(TimeUnit.MILLISECONDS)) + " ms");
        }

        void announce() {
            if (closed || !open) {
                return;
            }
            TorrentDiscovery.cancel(announceTimer);
            sweepPeers();
            refreshPool();
            ArrayNode offers = readyOffers();
            ObjectNode msg = envelope();
            msg.put("numwant", opt.poolSize);
            msg.set("offers", offers);
            if (send(msg.toString())) {
                announcements++;
                lastAnnouncedOffers = offers.size();
            }
            lastAnnounceNanos = System.nanoTime();
            scheduleNextAnnounce();
        }

        /**
         * Brings the next announcement forward to at most {@link #INVITE_GAP_MILLIS} after the last
         * one, so that the tracker hands our offers to a peer that joined since.
         */
        void invite() {
            if (closed || !open) {
                return;
            }
            long since = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastAnnounceNanos);
            long delay = Math.max(0, INVITE_GAP_MILLIS - since);
            ScheduledFuture<?> next = announceTimer;
            if (next != null && !next.isDone() && next.getDelay(TimeUnit.MILLISECONDS) <= delay) {
                return;
            }
            invitations++;
            TorrentDiscovery.cancel(announceTimer);
            announceTimer = scheduler.schedule(() -> guarded(this::announce), delay, TimeUnit.MILLISECONDS);
        }

        void scheduleNextAnnounce() {
            TorrentDiscovery.cancel(announceTimer);
            if (closed || !open) {
                return;
            }
            long steady;
            if (satisfied) {
                steady = Math.max(intervalMillis, opt.satisfiedAnnounceInterval.toMillis());
            } else {
                long tracker = intervalMillis > 0 ? intervalMillis : opt.minAnnounceInterval.toMillis();
                steady = Math.min(opt.announceInterval.toMillis(), Math.max(opt.minAnnounceInterval.toMillis(), tracker));
            }
            long delay;
            if (failureStreak > 0) {
                // the tracker refused: double the gap per refusal, up to the satisfied pace
                long ceiling = Math.max(steady, opt.satisfiedAnnounceInterval.toMillis());
                long doubled = steady << Math.min(failureStreak, 20);
                delay = (long) (Math.min(ceiling, doubled) * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble()));
            } else if (!satisfied && announceStep < WARMUP_MILLIS.length) {
                delay = Math.min(steady, WARMUP_MILLIS[announceStep++]);
            } else {
                long since = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastAnnounceNanos);
                delay = Math.max(0, steady - since);
            }
            announceTimer = scheduler.schedule(() -> guarded(this::announce), delay, TimeUnit.MILLISECONDS);
        }

        boolean send(String text) {
            TrackerClient c = client;
            if (c == null || !open) {
                return false;
            }
            try {
                c.send(text);
                return true;
            } catch (RuntimeException e) {
                drops.drop("send failure", "to " + name + ": " + e);
                return false;
            }
        }

        void shutdown() {
            TorrentDiscovery.cancel(announceTimer);
            TorrentDiscovery.cancel(reconnectTimer);
            generation++;
            open = false;
            TrackerClient c = client;
            client = null;
            if (c != null) {
                try {
                    c.close();
                } catch (RuntimeException e) {
                    LOG.debug("closing tracker {}: {}", name, e.toString());
                }
            }
        }
    }

    /** One WebSocket connection attempt. Callbacks run on its threads: they only hand work over. */
    private final class TrackerClient extends WebSocketClient {
        private final Tracker tracker;
        private final int gen;

        TrackerClient(Tracker tracker, int gen) {
            super(tracker.uri, new Draft_6455(List.of(), MAX_FRAME_BYTES), Map.of(),
                    (int) opt.connectTimeout.toMillis());
            this.tracker = tracker;
            this.gen = gen;
        }

        @Override
        public void onOpen(ServerHandshake handshake) {
            post(() -> tracker.opened(gen));
        }

        @Override
        public void onMessage(String message) {
            try {
                inbound(tracker, gen, message);
            } catch (Throwable t) {
                LOG.debug("room {}: tracker message handling failed: {}", roomId, t.toString());
            }
        }

        @Override
        public void onMessage(ByteBuffer bytes) {
            drops.drop("binary message", bytes.remaining() + " bytes from " + tracker.name
                    + "; trackers speak JSON text");
        }

        @Override
        public void onClose(int code, String reason, boolean remote) {
            String why = "code " + code + (reason == null || reason.isEmpty() ? "" : ", " + abbreviate(reason));
            post(() -> tracker.closed(gen, why));
        }

        @Override
        public void onError(Exception ex) {
            // onClose follows every error that ends the connection
            LOG.debug("room {}: tracker {} error: {}", roomId, tracker.name, String.valueOf(ex));
        }
    }

    /** Timings and limits, fixed at build time. */
    private static final class Options {
        final int poolSize;
        final Duration announceInterval;
        final Duration minAnnounceInterval;
        final Duration satisfiedAnnounceInterval;
        final Duration offerTtl;
        final Duration offerRetention;
        final Duration answerTimeout;
        final Duration reconnectMin;
        final Duration reconnectMax;
        final Duration connectTimeout;
        final Duration pingInterval;
        final int maxTrackedPeers;
        final int maxConcurrentAnswers;

        Options(Builder b) {
            poolSize = b.poolSize;
            announceInterval = b.announceInterval;
            minAnnounceInterval = b.minAnnounceInterval.compareTo(b.announceInterval) > 0
                    ? b.announceInterval : b.minAnnounceInterval;
            satisfiedAnnounceInterval = b.satisfiedAnnounceInterval;
            offerTtl = b.offerTtl;
            offerRetention = b.offerRetention.compareTo(b.offerTtl) < 0 ? b.offerTtl : b.offerRetention;
            answerTimeout = b.answerTimeout;
            reconnectMin = b.reconnectMin;
            reconnectMax = b.reconnectMax;
            connectTimeout = b.connectTimeout;
            pingInterval = b.pingInterval;
            maxTrackedPeers = b.maxTrackedPeers;
            maxConcurrentAnswers = b.maxConcurrentAnswers;
        }
    }

    /** Builds a {@link TorrentDiscovery}; appId, roomId and at least one tracker are required. */
    public static final class Builder {
        private final LinkFactory links;
        private String appId;
        private String roomId;
        private String password = "";
        private String selfId = TrysteroIds.randomPeerId();
        private final List<URI> trackers = new ArrayList<>();
        private int poolSize = 3;
        private Duration announceInterval = Duration.ofSeconds(20);
        private Duration minAnnounceInterval = Duration.ofSeconds(10);
        private Duration satisfiedAnnounceInterval = Duration.ofSeconds(120);
        private Duration offerTtl = Duration.ofSeconds(40);
        private Duration offerRetention = Duration.ofSeconds(50);
        private Duration answerTimeout = Duration.ofMillis(23_333);
        private Duration reconnectMin = Duration.ofSeconds(1);
        private Duration reconnectMax = Duration.ofSeconds(60);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration pingInterval = Duration.ofSeconds(30);
        private int maxTrackedPeers = 1024;
        private int maxConcurrentAnswers = 16;

        private Builder(LinkFactory links) {
            this.links = Objects.requireNonNull(links, "links");
        }

        public Builder appId(String appId) {
            this.appId = appId;
            return this;
        }

        public Builder roomId(String roomId) {
            this.roomId = roomId;
            return this;
        }

        /** Room password (Trystero's default is the empty string). */
        public Builder password(String password) {
            this.password = Objects.requireNonNull(password, "password (use \"\" for none)");
            return this;
        }

        /** Our Trystero peer id: exactly 20 letters and digits, as trackers require (default: a fresh random id). */
        public Builder selfId(String selfId) {
            if (selfId == null || selfId.length() != TrysteroIds.PEER_ID_LENGTH || !TrysteroIds.isValidPeerId(selfId)) {
                throw new IllegalArgumentException("selfId must be exactly 20 ASCII letters and digits (a Trystero "
                        + "peer id; trackers reject other lengths); got " + selfId);
            }
            this.selfId = selfId;
            return this;
        }

        /** Adds a tracker, {@code wss://host[:port][/path]} (or {@code ws://} for local trackers). */
        public Builder tracker(URI uri) {
            Objects.requireNonNull(uri, "tracker uri");
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!scheme.equals("ws") && !scheme.equals("wss")) {
                throw new IllegalArgumentException("tracker URL must start with wss:// (or ws:// for a local tracker); got "
                        + uri);
            }
            if (uri.getHost() == null || uri.getHost().isEmpty()) {
                throw new IllegalArgumentException("tracker URL must name a host, like wss://tracker.example.org; got "
                        + uri);
            }
            if (!trackers.contains(uri)) {
                trackers.add(uri);
            }
            return this;
        }

        public Builder trackers(List<URI> uris) {
            uris.forEach(this::tracker);
            return this;
        }

        /** Offers kept out for the tracker to hand to other peers (Trystero: 3). */
        public Builder poolSize(int n) {
            if (n < 1 || n > 10) {
                throw new IllegalArgumentException("poolSize must be between 1 and 10; got " + n);
            }
            this.poolSize = n;
            return this;
        }

        /** Longest gap between announcements while the room wants peers (default 20 s); caps the tracker's interval. */
        public Builder announceInterval(Duration d) {
            this.announceInterval = positive(d, "announceInterval");
            return this;
        }

        /** Shortest steady gap between announcements (default 10 s), whatever interval the tracker asks for. */
        public Builder minAnnounceInterval(Duration d) {
            this.minAnnounceInterval = positive(d, "minAnnounceInterval");
            return this;
        }

        /** Announcement period once the room is satisfied, unless the tracker asks for longer (default 120 s). */
        public Builder satisfiedAnnounceInterval(Duration d) {
            this.satisfiedAnnounceInterval = positive(d, "satisfiedAnnounceInterval");
            return this;
        }

        /**
         * How long a pooled offer is announced (default 40 s) and how long it waits for an
         * answer in all (default 50 s). Keep both below the link factory's connect timeout.
         */
        public Builder offerLifetime(Duration announcedFor, Duration retainedFor) {
            this.offerTtl = positive(announcedFor, "offer announce time");
            this.offerRetention = positive(retainedFor, "offer retention");
            return this;
        }

        /** How long a negotiation may take to open once offer and answer are exchanged (Trystero: 23 333 ms). */
        public Builder answerTimeout(Duration d) {
            this.answerTimeout = positive(d, "answerTimeout");
            return this;
        }

        /** Reconnect backoff: first delay and ceiling (defaults 1 s and 60 s, doubling, ±20 % jitter). */
        public Builder reconnectBackoff(Duration first, Duration max) {
            this.reconnectMin = positive(first, "first reconnect delay");
            this.reconnectMax = positive(max, "longest reconnect delay");
            if (max.compareTo(first) < 0) {
                throw new IllegalArgumentException("longest reconnect delay must be at least the first; got "
                        + max + " < " + first);
            }
            return this;
        }

        /** Longest wait for a tracker's WebSocket handshake (default 10 s). */
        public Builder connectTimeout(Duration d) {
            this.connectTimeout = positive(d, "connectTimeout");
            return this;
        }

        /** WebSocket ping interval; a tracker silent for about that long is treated as lost (default 30 s). */
        public Builder pingInterval(Duration d) {
            this.pingInterval = positive(d, "pingInterval");
            return this;
        }

        /** Most peers with negotiation state at once. */
        public Builder maxTrackedPeers(int n) {
            if (n < 1 || n > 100_000) {
                throw new IllegalArgumentException("maxTrackedPeers must be between 1 and 100000; got " + n);
            }
            this.maxTrackedPeers = n;
            return this;
        }

        /** Most offers answered at once; further offers wait for the next announcement. */
        public Builder maxConcurrentAnswers(int n) {
            if (n < 1 || n > 1000) {
                throw new IllegalArgumentException("maxConcurrentAnswers must be between 1 and 1000; got " + n);
            }
            this.maxConcurrentAnswers = n;
            return this;
        }

        public TorrentDiscovery build() {
            if (appId == null || appId.isEmpty()) {
                throw new IllegalArgumentException("appId is required: the application's Trystero app id");
            }
            if (roomId == null || roomId.isEmpty()) {
                throw new IllegalArgumentException("roomId is required: the Trystero room id");
            }
            if (trackers.isEmpty()) {
                throw new IllegalArgumentException("at least one tracker is required, like wss://tracker.webtorrent.dev; "
                        + "TorrentSignalingProvider.defaultUrls() lists Trystero's");
            }
            return new TorrentDiscovery(this);
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be a positive duration; got " + d);
            }
            return d;
        }
    }
}
