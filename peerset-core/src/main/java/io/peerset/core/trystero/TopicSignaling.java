package io.peerset.core.trystero;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerset.api.Ticker;
import io.peerset.api.spi.SignalingStrategy;
import io.peerset.core.link.Link;
import io.peerset.core.link.LinkFactory;
import io.peerset.core.link.PeerDiscovery;
import io.peerset.core.link.PendingLink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trystero's topic strategy (the shared core of its MQTT and Nostr strategies) over
 * any {@link SignalingStrategy} transport and any {@link LinkFactory}.
 *
 * <p>Wire, as Trystero 0.25.x: subscribe to the room's {@code rootTopic} and our
 * {@code selfTopic}; announce {@code {"peerId":S}} on the root topic. On an
 * announcement from P: if {@code S < P} we send P an offer
 * {@code {"peerId","offerId","offer":ENC}} on P's self topic, otherwise we answer with a
 * direct announcement {@code {"peerId":S}} on P's self topic so that P offers. Answers
 * are {@code {"peerId","answer":ENC,"offerId"}}, trickled candidates
 * {@code {"peerId","offerId","candidate":ENC}}. ENC is {@link SdpCrypto} of the plain
 * SDP (or candidate JSON). Glare: an incoming offer is ignored while we have an offer
 * out to that peer and {@code S < P}; the larger id drops its own offer and answers.
 *
 * <p>Announcements: a warm-up burst (0, 233, 533, 1333 ms), then every ~5.3 s while the
 * room wants peers, and only every 60 s once the room reports it is
 * {@linkplain #satisfied(boolean) satisfied} (Trystero issue #192), with a fresh burst
 * as soon as it reports it is not.
 *
 * <p>Every inbound message is hostile: size-bounded, validated, and ignored with a
 * rate-limited debug line when wrong; undecryptable signals (another password) are
 * ignored. All state lives on one scheduler thread; {@link Callbacks} are called there
 * and must not block.
 */
public final class TopicSignaling implements PeerDiscovery {
    private static final Logger LOG = LoggerFactory.getLogger(TopicSignaling.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger SEQ = new AtomicInteger();

    /** Longest signalling message accepted (an encrypted SDP plus JSON). */
    public static final int MAX_MESSAGE_CHARS = SdpCrypto.MAX_WIRE_CHARS + 1024;
    /** Trystero's offer id length. */
    static final int OFFER_ID_LENGTH = 12;
    private static final int MAX_OFFER_ID_CHARS = 64;
    private static final long[] WARMUP_MILLIS = {233, 533, 1333};
    private static final int MAX_INBOUND_QUEUED = 2048;
    private static final int MAX_BUFFERED_CANDIDATES = 64;
    private static final int MAX_CANDIDATE_CHARS = 4096;
    private static final int MAX_EARLY_CANDIDATES_PER_PEER = 16;
    private static final int MAX_EARLY_CANDIDATES_TOTAL = 2048;
    private static final long DIRECT_ANNOUNCE_MIN_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final SignalingStrategy strategy;
    private final LinkFactory links;
    private final String selfId;
    private final String appId;
    private final String roomId;
    private final String rootTopicPath;
    private final String rootTopic;
    private final String selfTopic;
    private final SdpCrypto crypto;
    private final Options opt;
    private final ScheduledThreadPoolExecutor scheduler;
    private final String threadName;
    private final DropLog drops;
    private final AtomicInteger inboundQueued = new AtomicInteger();

    // scheduler thread only
    private final Map<String, PeerState> peers = new LinkedHashMap<>();
    private final Map<String, String> peerTopics = new HashMap<>();
    private Callbacks callbacks;
    private boolean started;
    private volatile boolean closed;
    private boolean satisfied;
    private int warmupStep;
    private ScheduledFuture<?> announceTimer;
    private long lastAnnounceNanos;
    private long announcements;
    private long undecryptable;

    private TopicSignaling(Builder b) {
        this.strategy = b.strategy;
        this.links = b.links;
        this.selfId = b.selfId;
        this.appId = b.appId;
        this.roomId = b.roomId;
        this.rootTopicPath = TrysteroIds.rootTopicPath(appId, roomId);
        this.rootTopic = TrysteroIds.rootTopic(appId, roomId);
        this.selfTopic = TrysteroIds.selfTopic(appId, roomId, selfId);
        this.crypto = new SdpCrypto(b.password, appId, roomId);
        this.opt = new Options(b);
        this.threadName = "peerset-signal-" + SEQ.incrementAndGet();
        this.scheduler = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        this.drops = new DropLog(LOG, "room " + roomId + " signalling");
    }

    /** @param strategy the transport; not closed by this class. @param links not closed by this class. */
    public static Builder builder(SignalingStrategy strategy, LinkFactory links) {
        return new Builder(strategy, links);
    }

    public String selfId() {
        return selfId;
    }

    public String rootTopic() {
        return rootTopic;
    }

    public String selfTopic() {
        return selfTopic;
    }

    /** Inbound messages ignored so far (malformed, oversized, foreign, undecryptable, flood). */
    public long droppedMessages() {
        return drops.total();
    }

    /** Offers, answers and candidates that did not decrypt with our password. */
    public long undecryptableSignals() {
        return call(() -> undecryptable);
    }

    /** Announcements published on the root topic so far. */
    public long announcementsSent() {
        return call(() -> announcements);
    }

    /** For tests and diagnostics: milliseconds until the next scheduled announcement, or -1. */
    long nextAnnounceInMillis() {
        return call(() -> announceTimer == null || announceTimer.isDone() ? -1L
                : announceTimer.getDelay(TimeUnit.MILLISECONDS));
    }

    /**
     * For tests and diagnostics: what is going on with a peer, one of {@code "none"},
     * {@code "offering"}, {@code "answering"}, {@code "connected"}.
     */
    String negotiation(String peerId) {
        return call(() -> {
            PeerState st = peers.get(peerId);
            if (st == null) {
                return "none";
            }
            if (st.link != null && st.link.isOpen()) {
                return "connected";
            }
            return st.answering != null ? "answering" : st.offering != null ? "offering" : "none";
        });
    }

    @Override
    public void start(Callbacks cb) {
        Objects.requireNonNull(cb, "callbacks");
        if (closed) {
            throw new IllegalStateException("TopicSignaling is closed; build a new one");
        }
        // synchronous, so that messages published after start() returns are heard
        boolean ok = call(() -> {
            if (started) {
                return false;
            }
            started = true;
            callbacks = cb;
            strategy.subscribe(rootTopic, this::inbound);
            strategy.subscribe(selfTopic, this::inbound);
            LOG.debug("room {}: signalling as {} (root topic {}, self topic {})", roomId, selfId, rootTopic, selfTopic);
            announceNow();
            return true;
        });
        if (!ok) {
            throw new IllegalStateException("TopicSignaling can be started once");
        }
    }

    @Override
    public void satisfied(boolean isSatisfied) {
        run(() -> {
            if (satisfied == isSatisfied) {
                return;
            }
            satisfied = isSatisfied;
            if (!started) {
                return;
            }
            if (!isSatisfied) {
                announceNow(); // short of peers: speak up now and keep the fast pace
            } else {
                scheduleNextAnnounce();
            }
        });
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            scheduler.execute(() -> {
                cancel(announceTimer);
                if (started) {
                    safely(() -> strategy.unsubscribe(rootTopic));
                    safely(() -> strategy.unsubscribe(selfTopic));
                }
                for (PeerState st : peers.values()) {
                    st.resetOffer();
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

    // ------------------------------------------------------------------ announcements

    private void announceNow() {
        warmupStep = 0;
        cancel(announceTimer);
        announce();
    }

    private void announce() {
        if (closed) {
            return;
        }
        sweepClosedLinks();
        publish(rootTopic, json(o -> o.put("peerId", selfId)));
        announcements++;
        lastAnnounceNanos = opt.ticker.read();
        scheduleNextAnnounce();
    }

    private void scheduleNextAnnounce() {
        cancel(announceTimer);
        if (closed) {
            return;
        }
        long steady = (satisfied ? opt.satisfiedAnnounceInterval : opt.announceInterval).toMillis();
        long delay;
        if (warmupStep < WARMUP_MILLIS.length) {
            delay = Math.min(steady, WARMUP_MILLIS[warmupStep++]);
        } else {
            long since = TimeUnit.NANOSECONDS.toMillis(opt.ticker.read() - lastAnnounceNanos);
            delay = Math.max(0, steady - since);
        }
        announceTimer = scheduler.schedule(() -> guarded(this::announce), delay, TimeUnit.MILLISECONDS);
    }

    /** Forgets links the room has closed, and idle peers, so they can be reconnected. */
    private void sweepClosedLinks() {
        for (Iterator<PeerState> it = peers.values().iterator(); it.hasNext(); ) {
            PeerState st = it.next();
            if (st.link != null && !st.link.isOpen()) {
                st.link = null;
            }
            boolean stale = opt.ticker.read() - st.touchedNanos > opt.answerTimeout.toNanos();
            if (st.idle() && (st.bufferedRemote.isEmpty() || stale)) {
                it.remove();
            }
        }
    }

    // ------------------------------------------------------------------ inbound

    /** Called on the strategy's threads: bound, then hand to the scheduler. */
    private void inbound(String topic, String message) {
        if (closed) {
            return;
        }
        if (message == null || message.length() > MAX_MESSAGE_CHARS) {
            drops.drop("oversized message", (message == null ? "null" : message.length() + " characters")
                    + "; at most " + MAX_MESSAGE_CHARS);
            return;
        }
        if (inboundQueued.incrementAndGet() > MAX_INBOUND_QUEUED) {
            inboundQueued.decrementAndGet();
            drops.drop("flood", "more than " + MAX_INBOUND_QUEUED + " signalling messages waiting");
            return;
        }
        try {
            scheduler.execute(() -> {
                inboundQueued.decrementAndGet();
                guarded(() -> handle(topic, message));
            });
        } catch (RejectedExecutionException e) {
            inboundQueued.decrementAndGet();
        }
    }

    private void handle(String topic, String message) {
        if (closed || callbacks == null) {
            return;
        }
        if (!rootTopic.equals(topic) && !selfTopic.equals(topic)) {
            drops.drop("foreign topic", "message on " + abbreviate(topic));
            return;
        }
        JsonNode n;
        try {
            n = JSON.readTree(message);
        } catch (Exception e) {
            drops.drop("non-JSON message", abbreviate(message));
            return;
        }
        if (n == null || !n.isObject()) {
            drops.drop("non-object message", abbreviate(message));
            return;
        }
        JsonNode peerNode = n.get("peerId");
        if (peerNode == null || !peerNode.isTextual() || !TrysteroIds.isValidPeerId(peerNode.asText())) {
            drops.drop("bad peerId", "expected 1-64 letters and digits in \"peerId\": " + abbreviate(message));
            return;
        }
        String peerId = peerNode.asText();
        if (peerId.equals(selfId)) {
            return; // our own announcement echoed back
        }
        String offer = signalField(n, "offer");
        String answer = signalField(n, "answer");
        String candidate = signalField(n, "candidate");
        if (offer == INVALID || answer == INVALID || candidate == INVALID) {
            drops.drop("bad signal field", "offer/answer/candidate must be non-empty strings: " + abbreviate(message));
            return;
        }
        String offerId = null;
        JsonNode oid = n.get("offerId");
        if (oid != null && !oid.isNull()) {
            if (!oid.isTextual() || oid.asText().isEmpty() || oid.asText().length() > MAX_OFFER_ID_CHARS) {
                drops.drop("bad offerId", "expected a string of 1-" + MAX_OFFER_ID_CHARS + " characters");
                return;
            }
            offerId = oid.asText();
        }
        PeerState st = peers.get(peerId);
        if (st != null) {
            st.touchedNanos = opt.ticker.read();
        }
        if (st != null && st.link != null) {
            if (st.link.isOpen()) {
                return; // already connected: nothing to negotiate
            }
            st.link = null;
        }
        if (offer != null) {
            onOffer(peerId, offer, offerId, n.path("hasOutgoingOffer").asBoolean(false));
        } else if (candidate != null) {
            onCandidate(peerId, candidate, offerId);
        } else if (answer != null) {
            onAnswer(peerId, answer, offerId);
        } else {
            onAnnouncement(peerId);
        }
    }

    private static final String INVALID = new String("invalid");

    private static String signalField(JsonNode n, String name) {
        if (!n.has(name)) {
            return null;
        }
        JsonNode v = n.get(name);
        return v.isTextual() && !v.asText().isEmpty() ? v.asText() : INVALID;
    }

    private void onAnnouncement(String peerId) {
        if (!wants(peerId)) {
            return;
        }
        PeerState st = state(peerId);
        if (st == null || st.answering != null || st.offerAnswered) {
            return;
        }
        boolean weLead = selfId.compareTo(peerId) < 0;
        if (!weLead && st.offering == null) {
            long now = opt.ticker.read();
            if (!st.directAnnounced || now - st.lastDirectAnnounceNanos >= DIRECT_ANNOUNCE_MIN_GAP_NANOS) {
                st.directAnnounced = true;
                st.lastDirectAnnounceNanos = now;
                publish(peerTopic(peerId), json(o -> o.put("peerId", selfId)));
            }
            return;
        }
        if (st.offering == null) {
            startOffer(st);
        } else if (st.offerMessage != null
                && opt.ticker.read() - st.offerSentNanos >= opt.offerResendAfter.toNanos()) {
            // signalling is lossy: repeat the same offer and its candidates, as Trystero does
            sendOffer(st);
        }
    }

    private void startOffer(PeerState st) {
        String peerId = st.peerId;
        String offerId = TrysteroIds.randomId(OFFER_ID_LENGTH);
        PendingLink pending;
        try {
            pending = links.offer(peerId, c -> run(() -> localCandidate(peerId, offerId, c)));
        } catch (RuntimeException e) {
            LOG.debug("room {}: cannot create an offer for {}: {}", roomId, peerId, e.toString());
            return;
        }
        st.offering = pending;
        st.offerId = offerId;
        st.offerTimer = scheduler.schedule(() -> guarded(() -> expireOffer(peerId, pending, "no answer")),
                opt.offerTimeout.toMillis(), TimeUnit.MILLISECONDS);
        pending.localDescription().whenCompleteAsync((sdp, err) -> guarded(() -> {
            if (st.offering != pending || closed) {
                return;
            }
            if (err != null) {
                LOG.debug("room {}: offer for {} failed: {}", roomId, peerId, err.toString());
                st.resetOffer();
                return;
            }
            String enc = crypto.encrypt(sdp);
            st.offerMessage = json(o -> o.put("peerId", selfId).put("offerId", offerId).put("offer", enc));
            sendOffer(st);
        }), scheduler);
        watchOpen(st, pending);
    }

    private void sendOffer(PeerState st) {
        String topic = peerTopic(st.peerId);
        publish(topic, st.offerMessage);
        st.offerSentNanos = opt.ticker.read();
        for (String c : st.offerCandidates) {
            publish(topic, c);
        }
    }

    private void localCandidate(String peerId, String offerId, String candidateJson) {
        PeerState st = peers.get(peerId);
        if (st == null || closed) {
            return;
        }
        String enc;
        try {
            enc = crypto.encrypt(candidateJson);
        } catch (RuntimeException e) {
            return;
        }
        if (st.offering != null && offerId.equals(st.offerId)) {
            String msg = json(o -> o.put("peerId", selfId).put("offerId", offerId).put("candidate", enc));
            if (st.offerCandidates.size() < MAX_BUFFERED_CANDIDATES) {
                st.offerCandidates.add(msg);
            }
            if (st.offerMessage != null) {
                publish(peerTopic(peerId), msg);
            }
        }
    }

    private void onOffer(String peerId, String encOffer, String offerId, boolean remoteHasOutgoingOffer) {
        if (!wants(peerId)) {
            return;
        }
        PeerState st = state(peerId);
        if (st == null || st.offerAnswered) {
            return;
        }
        if (st.answering != null) {
            if (st.answerMessage != null && Objects.equals(offerId, st.answeringOfferId)) {
                // the offerer repeats its offer: our answer was probably lost, repeat it
                publish(peerTopic(peerId), st.answerMessage);
                st.answerCandidatesSent.forEach(c -> publish(peerTopic(peerId), c));
            }
            return;
        }
        boolean haveOutgoing = st.offering != null;
        if ((haveOutgoing || remoteHasOutgoingOffer) && selfId.compareTo(peerId) < 0) {
            return; // glare: the smaller id keeps its own offer
        }
        String sdp;
        try {
            sdp = crypto.decrypt(encOffer);
        } catch (SdpCryptoException e) {
            undecryptable++;
            drops.drop("undecryptable offer", "from " + peerId + ": " + e.getMessage());
            return;
        }
        if (haveOutgoing) {
            st.resetOffer(); // glare, and we are the larger id: answer theirs instead
        }
        PendingLink pending;
        try {
            pending = links.answer(peerId, sdp, c -> run(() -> answerCandidate(peerId, offerId, c)));
        } catch (RuntimeException e) {
            LOG.debug("room {}: cannot answer {}: {}", roomId, peerId, e.toString());
            return;
        }
        st.answering = pending;
        st.answeringOfferId = offerId;
        st.answerSent = false;
        st.answerTimer = scheduler.schedule(() -> guarded(() -> expireAnswer(peerId, pending)),
                opt.answerTimeout.toMillis(), TimeUnit.MILLISECONDS);
        pending.localDescription().whenCompleteAsync((answerSdp, err) -> guarded(() -> {
            if (st.answering != pending || closed) {
                return;
            }
            if (err != null) {
                LOG.debug("room {}: answer for {} failed: {}", roomId, peerId, err.toString());
                st.resetAnswer();
                return;
            }
            String enc = crypto.encrypt(answerSdp);
            st.answerMessage = json(o -> {
                o.put("peerId", selfId).put("answer", enc);
                if (offerId != null) {
                    o.put("offerId", offerId);
                }
            });
            publish(peerTopic(peerId), st.answerMessage);
            st.answerSent = true;
            for (String c : st.answerCandidatesSent) {
                publish(peerTopic(peerId), c);
            }
        }), scheduler);
        // candidates that arrived before the offer
        List<String> early = st.bufferedRemote.remove(offerId == null ? "" : offerId);
        if (early != null) {
            early.forEach(pending::addRemoteCandidate);
        }
        watchOpen(st, pending);
    }

    private void answerCandidate(String peerId, String offerId, String candidateJson) {
        PeerState st = peers.get(peerId);
        if (st == null || closed || st.answering == null || !Objects.equals(st.answeringOfferId, offerId)) {
            return;
        }
        String enc = crypto.encrypt(candidateJson);
        String msg = json(o -> {
            o.put("peerId", selfId).put("candidate", enc);
            if (offerId != null) {
                o.put("offerId", offerId);
            }
        });
        if (st.answerCandidatesSent.size() < MAX_BUFFERED_CANDIDATES) {
            st.answerCandidatesSent.add(msg);
        }
        if (st.answerSent) {
            publish(peerTopic(peerId), msg);
        }
    }

    private void onCandidate(String peerId, String encCandidate, String offerId) {
        String plain;
        try {
            plain = crypto.decrypt(encCandidate);
        } catch (SdpCryptoException e) {
            undecryptable++;
            drops.drop("undecryptable candidate", "from " + peerId + ": " + e.getMessage());
            return;
        }
        if (plain.length() > MAX_CANDIDATE_CHARS) {
            drops.drop("oversized candidate", plain.length() + " characters from " + peerId);
            return;
        }
        PeerState st = peers.get(peerId);
        if (st == null) {
            if (!wants(peerId) || (st = state(peerId)) == null) {
                return;
            }
        }
        PendingLink target = null;
        if (offerId != null && st.offering != null && offerId.equals(st.offerId)) {
            target = st.offering;
        } else if (st.answering != null) {
            target = st.answering;
        } else if (offerId == null && st.offering != null) {
            target = st.offering;
        }
        if (target != null) {
            target.addRemoteCandidate(plain);
            return;
        }
        // a candidate ahead of its offer (relays may reorder): keep a few, bounded per peer and overall
        String key = offerId == null ? "" : offerId;
        int perPeer = st.bufferedRemote.values().stream().mapToInt(List::size).sum();
        if (perPeer >= MAX_EARLY_CANDIDATES_PER_PEER
                || (!st.bufferedRemote.containsKey(key) && st.bufferedRemote.size() >= 2)
                || totalEarlyCandidates() >= MAX_EARLY_CANDIDATES_TOTAL) {
            drops.drop("unexpected candidate", "from " + peerId + " for no known negotiation");
            return;
        }
        st.bufferedRemote.computeIfAbsent(key, k -> new ArrayList<>()).add(plain);
    }

    private void onAnswer(String peerId, String encAnswer, String offerId) {
        PeerState st = peers.get(peerId);
        if (st == null || st.offering == null || st.offerAnswered
                || (offerId != null && !offerId.equals(st.offerId))) {
            drops.drop("unexpected answer", "from " + peerId + " with no matching offer out");
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
        st.offerAnswered = true;
        cancel(st.offerTimer);
        PendingLink pending = st.offering;
        st.offerTimer = scheduler.schedule(() -> guarded(() -> expireOffer(peerId, pending, "no connection after answer")),
                opt.answerTimeout.toMillis(), TimeUnit.MILLISECONDS);
        pending.setRemoteDescription(sdp);
    }

    // ------------------------------------------------------------------ open / expiry

    private void watchOpen(PeerState st, PendingLink pending) {
        pending.opened().whenCompleteAsync((link, err) -> guarded(() -> {
            boolean current = st.offering == pending || st.answering == pending;
            if (err != null) {
                if (current) {
                    if (st.offering == pending) {
                        st.resetOffer();
                    } else {
                        st.resetAnswer();
                    }
                    dropIfIdle(st);
                }
                return;
            }
            if (closed || !current || (st.link != null && st.link.isOpen()) || peers.get(st.peerId) != st) {
                link.close(); // superseded (glare, timeout, close) or already connected
                return;
            }
            if (st.offering == pending) {
                st.offering = null; // hand over without cancelling
                st.resetOffer();
                st.resetAnswer();
            } else {
                st.answering = null;
                st.resetAnswer();
                st.resetOffer();
            }
            st.link = link;
            if (!wants(st.peerId)) {
                link.close();
                st.link = null;
                return;
            }
            LOG.debug("room {}: link to {} open", roomId, st.peerId);
            try {
                callbacks.onLink(st.peerId, link);
            } catch (RuntimeException e) {
                LOG.warn("room {}: onLink for {} failed: {}", roomId, st.peerId, e.toString());
                link.close();
            }
        }), scheduler);
    }

    private void expireOffer(String peerId, PendingLink pending, String why) {
        PeerState st = peers.get(peerId);
        if (st != null && st.offering == pending) {
            LOG.debug("room {}: offer to {} expired: {}", roomId, peerId, why);
            st.resetOffer();
            dropIfIdle(st);
        }
    }

    private void expireAnswer(String peerId, PendingLink pending) {
        PeerState st = peers.get(peerId);
        if (st != null && st.answering == pending) {
            LOG.debug("room {}: answer to {} did not connect in time", roomId, peerId);
            st.resetAnswer();
            dropIfIdle(st);
        }
    }

    // ------------------------------------------------------------------ helpers

    private boolean wants(String peerId) {
        try {
            return callbacks.wants(peerId);
        } catch (RuntimeException e) {
            LOG.warn("room {}: wants({}) failed: {}", roomId, peerId, e.toString());
            return false;
        }
    }

    /** The state for a peer, created if there is room; null when too many peers are being tracked. */
    private PeerState state(String peerId) {
        PeerState st = peers.get(peerId);
        if (st != null) {
            return st;
        }
        if (peers.size() >= opt.maxTrackedPeers) {
            sweepClosedLinks();
            if (peers.size() >= opt.maxTrackedPeers) {
                drops.drop("too many peers", "already tracking " + peers.size());
                return null;
            }
        }
        st = new PeerState(peerId);
        st.touchedNanos = opt.ticker.read();
        peers.put(peerId, st);
        return st;
    }

    private int totalEarlyCandidates() {
        int n = 0;
        for (PeerState p : peers.values()) {
            for (List<String> l : p.bufferedRemote.values()) {
                n += l.size();
            }
        }
        return n;
    }

    private void dropIfIdle(PeerState st) {
        if (st.idle() && peers.get(st.peerId) == st) {
            peers.remove(st.peerId);
        }
    }

    private String peerTopic(String peerId) {
        String t = peerTopics.get(peerId);
        if (t == null) {
            if (peerTopics.size() >= opt.maxTrackedPeers) {
                peerTopics.clear();
            }
            t = TrysteroIds.sha1(rootTopicPath + "@" + peerId);
            peerTopics.put(peerId, t);
        }
        return t;
    }

    private void publish(String topic, String message) {
        try {
            strategy.publish(topic, message);
        } catch (RuntimeException e) {
            drops.drop("publish failure", e.toString());
        }
    }

    private static String json(java.util.function.Consumer<ObjectNode> fill) {
        ObjectNode o = JSON.createObjectNode();
        fill.accept(o);
        return o.toString();
    }

    private void run(Runnable r) {
        if (closed) {
            return;
        }
        try {
            scheduler.execute(() -> guarded(r));
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    private <T> T call(java.util.concurrent.Callable<T> c) {
        try {
            if (Thread.currentThread().getName().equals(threadName)) {
                return c.call();
            }
            return scheduler.submit(c).get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("signalling step failed: " + e.getCause(), e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException("signalling thread did not answer: " + e, e);
        }
    }

    private void guarded(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("room {}: signalling step failed: {}", roomId, e.toString(), e);
        }
    }

    private static void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.debug("ignored: {}", e.toString());
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

    /** Negotiation state with one remote peer (scheduler thread only). */
    private static final class PeerState {
        final String peerId;
        PendingLink offering;
        String offerId;
        String offerMessage;
        long offerSentNanos;
        boolean offerAnswered;
        final List<String> offerCandidates = new ArrayList<>();
        ScheduledFuture<?> offerTimer;

        PendingLink answering;
        String answeringOfferId;
        boolean answerSent;
        String answerMessage;
        /** Our candidates for the answer: held until the answer is out, kept to repeat with it. */
        final List<String> answerCandidatesSent = new ArrayList<>();
        ScheduledFuture<?> answerTimer;

        final Map<String, List<String>> bufferedRemote = new HashMap<>();
        long touchedNanos;
        boolean directAnnounced;
        long lastDirectAnnounceNanos;
        Link link;

        PeerState(String peerId) {
            this.peerId = peerId;
        }

        void resetOffer() {
            cancel(offerTimer);
            offerTimer = null;
            if (offering != null) {
                offering.cancel();
            }
            offering = null;
            offerId = null;
            offerMessage = null;
            offerAnswered = false;
            offerCandidates.clear();
        }

        void resetAnswer() {
            cancel(answerTimer);
            answerTimer = null;
            if (answering != null) {
                answering.cancel();
            }
            answering = null;
            answeringOfferId = null;
            answerSent = false;
            answerMessage = null;
            answerCandidatesSent.clear();
        }

        boolean idle() {
            return offering == null && answering == null && (link == null || !link.isOpen());
        }
    }

    /** Timings and limits, fixed at build time. */
    private static final class Options {
        final Duration announceInterval;
        final Duration satisfiedAnnounceInterval;
        final Duration offerTimeout;
        final Duration answerTimeout;
        final Duration offerResendAfter;
        final int maxTrackedPeers;
        final Ticker ticker;

        Options(Builder b) {
            ticker = b.ticker;
            announceInterval = b.announceInterval;
            satisfiedAnnounceInterval = b.satisfiedAnnounceInterval;
            offerTimeout = b.offerTimeout;
            answerTimeout = b.answerTimeout;
            offerResendAfter = Duration.ofMillis(announceInterval.toMillis() * 9 / 10);
            maxTrackedPeers = b.maxTrackedPeers;
        }
    }

    /** Builds a {@link TopicSignaling}; appId and roomId are required. */
    public static final class Builder {
        private final SignalingStrategy strategy;
        private final LinkFactory links;
        private String appId;
        private String roomId;
        private String password = "";
        private String selfId = TrysteroIds.randomPeerId();
        private Duration announceInterval = Duration.ofMillis(5333);
        private Duration satisfiedAnnounceInterval = Duration.ofSeconds(60);
        private Duration offerTimeout = Duration.ofSeconds(30);
        private Duration answerTimeout = Duration.ofMillis(23333);
        private int maxTrackedPeers = 1024;
        private Ticker ticker = Ticker.system();

        private Builder(SignalingStrategy strategy, LinkFactory links) {
            this.strategy = Objects.requireNonNull(strategy, "strategy");
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

        /** Our Trystero peer id, shared by all rooms of a node (default: a fresh random id). */
        public Builder selfId(String selfId) {
            if (!TrysteroIds.isValidPeerId(selfId)) {
                throw new IllegalArgumentException("selfId must be 1-64 ASCII letters and digits "
                        + "(Trystero uses 20); got " + selfId);
            }
            this.selfId = selfId;
            return this;
        }

        /** Announcement period while the room wants peers (Trystero: 5333 ms). */
        public Builder announceInterval(Duration d) {
            this.announceInterval = positive(d, "announceInterval");
            return this;
        }

        /** Announcement period once the room is satisfied (default 60 s). */
        public Builder satisfiedAnnounceInterval(Duration d) {
            this.satisfiedAnnounceInterval = positive(d, "satisfiedAnnounceInterval");
            return this;
        }

        /** How long an offer waits for an answer. */
        public Builder offerTimeout(Duration d) {
            this.offerTimeout = positive(d, "offerTimeout");
            return this;
        }

        /** How long a negotiation may take to open once offer and answer are exchanged (Trystero: 23 333 ms). */
        public Builder answerTimeout(Duration d) {
            this.answerTimeout = positive(d, "answerTimeout");
            return this;
        }

        /** Most peers with negotiation state at once; messages from further peers are ignored. */
        /** The monotonic time source for offer, answer and announce ages (default {@link Ticker#system()}). */
        public Builder ticker(Ticker ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        public Builder maxTrackedPeers(int n) {
            if (n < 1 || n > 100_000) {
                throw new IllegalArgumentException("maxTrackedPeers must be between 1 and 100000; got " + n);
            }
            this.maxTrackedPeers = n;
            return this;
        }

        public TopicSignaling build() {
            if (appId == null || appId.isEmpty()) {
                throw new IllegalArgumentException("appId is required: the application's Trystero app id");
            }
            if (roomId == null || roomId.isEmpty()) {
                throw new IllegalArgumentException("roomId is required: the Trystero room id");
            }
            return new TopicSignaling(this);
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be a positive duration; got " + d);
            }
            return d;
        }
    }
}
