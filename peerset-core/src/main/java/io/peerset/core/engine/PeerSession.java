package io.peerset.core.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerset.api.Hex;
import io.peerset.api.Nip19;
import io.peerset.api.PeerInfo;
import io.peerset.api.SignedRecord;
import io.peerset.core.ProtocolViolation;
import io.peerset.core.engine.SessionState.Event;
import io.peerset.core.link.Link;
import io.peerset.core.link.LinkClosedException;
import io.peerset.core.sync.Negentropy;
import io.peerset.core.sync.RibltSession;
import io.peerset.core.trystero.TrysteroIds;
import io.peerset.core.wire.ActionEncoder;
import io.peerset.core.wire.ActionMessage;
import io.peerset.core.wire.FrameAssembler;
import io.peerset.core.wire.Payload;
import io.peerset.core.wire.PayloadKind;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One peer in one room: its state machine ({@link SessionState}), handshake,
 * actions, strikes and timers. Every method runs on the room's thread except the
 * link listener, which only hands work to it. {@link #apply} is the one place a
 * state changes, and {@link #onTransition} the one place timers are armed and
 * cancelled.
 */
final class PeerSession {
    private static final Logger log = LoggerFactory.getLogger(PeerSession.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);
    private static final int MAX_REQUESTED = 100_000;
    private static final int PEER_HAS_CAPACITY = 50_000;

    private enum Timer { HANDSHAKE, CHALLENGE, PING, SYNC, MAX_SESSION, CLOSE }

    private final RoomImpl room;
    private final RoomEngine node;
    private final String peerId;
    private final Link link;
    private final ActionEncoder encoder;
    private final FrameAssembler assembler;
    private final boolean initiator;
    private final Map<Timer, ScheduledFuture<?>> timers = new EnumMap<>(Timer.class);

    private volatile SessionState state = SessionState.CONNECTED;
    private volatile String provenPubkey;
    private volatile long rttMs = -1;
    private final Strikes strikes;
    private volatile int strikesNow;
    private volatile String banReason;
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();
    private final AtomicLong inflight = new AtomicLong();

    // flood control: guarded by floodLock
    private final Object floodLock = new Object();
    private final String strategy;
    private final FloodGate floodGate;
    private final java.util.ArrayDeque<Delayed> delayed = new java.util.ArrayDeque<>();
    private boolean drainScheduled;
    private final AtomicLong slowedMessages = new AtomicLong();
    private final AtomicLong refusedMessages = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicBoolean floodStrikePending = new java.util.concurrent.atomic.AtomicBoolean();
    /** Refusals not yet struck (guarded by floodLock). */
    private long unstruckMessages;
    private long unstruckBytes;

    private record Delayed(long atNanos, byte[] message) {}

    /**
     * Our own pace for ps/event frames (bulk records), at {@link #SEND_PACE} of the flood
     * limits a peer with our configuration enforces (the defaults unless configured), so
     * that an honest bulk transfer — an initial sync pushing or answering for every
     * record at once — is never more than its grace period behind, refused and struck.
     * Room thread only.
     */
    private final FloodGate sendPace;
    /** {@code PeersetConfig.ticker()}: every elapsed time this session judges. */
    private final io.peerset.api.Ticker ticker;
    private final java.util.ArrayDeque<Delayed> paced = new java.util.ArrayDeque<>();
    private boolean pacedDrainScheduled;
    private static final double SEND_PACE = 0.9;

    // handshake progress
    private boolean pwDone;
    private String pwChallenge;
    private String ourChallenge;
    private boolean helloSent;
    private String claimedPubkey;
    private boolean answeredHello;
    private volatile boolean readySent;
    private boolean remoteReady;

    // liveness
    private long lastInboundNanos;
    private long pingSentNanos;
    private boolean warned;

    // reconciliation (initiator side)
    private Negentropy reconciliation;
    /** The peer's hello listed riblt1: our first sync with it uses the rateless sketch. */
    private boolean peerHasRiblt;
    /** Our running riblt1 session as initiator, or null. */
    private RibltSession ribltInitiator;
    /** The peer's running riblt1 session as responder, or null. */
    private RibltSession ribltResponder;
    /** riblt1 ended (reconciled or fell back): later syncs use Negentropy v1. */
    private boolean ribltTried;
    /** Syncs of this session settled by riblt1 (written by the room's thread; read by diagnostics and tests). */
    private volatile int ribltReconciled;
    private long reconciliationProgressNanos;
    private volatile long reconciliationsDone; // written by the room's thread only
    private final Set<String> requested = new HashSet<>();
    /** Ids this peer is known to hold (it sent them, or we did): not pushed to it again. Bounded, oldest dropped. */
    private final Map<String, Boolean> peerHas = new java.util.LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > PEER_HAS_CAPACITY;
        }
    };

    PeerSession(RoomImpl room, RoomEngine node, String peerId, Link link, String strategy) {
        this.strategy = strategy;
        this.room = room;
        this.node = node;
        this.peerId = peerId;
        this.link = link;
        this.encoder = new ActionEncoder(room.token());
        this.assembler = new FrameAssembler(Set.of(room.token()), Protocol.ASSEMBLER_LIMITS);
        this.initiator = room.selfId().compareTo(peerId) < 0;
        this.ticker = node.config().ticker();
        long now = ticker.read();
        this.lastInboundNanos = now;
        this.strikes = new Strikes(node.config().strikeDecay().toNanos(), now);
        this.floodGate = new FloodGate(node.config().maxMessagesPerSecond(), node.config().maxBytesPerSecond(), now);
        this.sendPace = new FloodGate((int) Math.max(1, node.config().maxMessagesPerSecond() * SEND_PACE),
            (long) Math.max(1, node.config().maxBytesPerSecond() * SEND_PACE), now);
    }

    String peerId() { return peerId; }

    RoomImpl room() { return room; }

    SessionState state() { return state; }

    /** Hex pubkey the peer proved, or null while anonymous. */
    String provenPubkey() { return provenPubkey; }

    /** Strikes now, after decay (as of the last strike or status read on the room thread). */
    int strikes() { return strikesNow; }

    /** Messages that waited because the peer sent faster than its rate limits. */
    long slowedMessages() { return slowedMessages.get(); }

    /** The signalling strategy whose link this session runs on ("" when unnamed). */
    String strategy() { return strategy; }

    /**
     * Whether this side has sent {@code @_hsready} on this link: it answered the peer's hello here, so
     * the peer may become ACTIVE on this link at any moment. From then on the link must not be replaced
     * by a duplicate (see {@link RoomImpl#onLink}).
     */
    boolean committed() { return readySent; }

    /** Messages refused (and struck) because the peer was too far over its rate limits. */
    long refusedMessages() { return refusedMessages.get(); }

    long reconciliationsDone() { return reconciliationsDone; }
    /** How many of this session's syncs riblt1 settled (at most one: the first). */
    int ribltReconciled() { return ribltReconciled; }

    PeerInfo info() {
        String pk = provenPubkey;
        return new PeerInfo(peerId, pk == null ? Optional.empty() : Optional.of(Nip19.encodeNpub(pk)), state.name(),
            rttMs, bytesIn.get(), bytesOut.get(), strikesNow);
    }

    /** The link listener: counts bytes and hands everything to the room thread. */
    Link.Listener listener() {
        return new Link.Listener() {
            @Override
            public void onMessage(byte[] message) {
                bytesIn.addAndGet(message.length);
                if (inflight.addAndGet(message.length) > Protocol.MAX_INFLIGHT_BYTES) {
                    inflight.addAndGet(-message.length);
                    room.execute(() -> {
                        strike(new ProtocolViolation("peer sent more than " + Protocol.MAX_INFLIGHT_BYTES
                            + " bytes faster than they could be processed", Protocol.STRIKE_MALFORMED));
                        apply(Event.CLOSE_REQUESTED, "flooding");
                    });
                    return;
                }
                admit(message);
            }

            @Override
            public void onClose(String reason) {
                room.execute(() -> apply(Event.LINK_CLOSED, "link closed: " + reason));
            }
        };
    }

    /**
     * Flood control (link thread): a message within the peer's rates goes to the room
     * thread now; one over them waits in order until it conforms (the peer is slowed);
     * one from a peer more than {@link FloodGate#GRACE_NANOS} behind is refused and
     * struck, so a peer that keeps flooding is banned.
     */
    private void admit(byte[] message) {
        long now = ticker.read();
        synchronized (floodLock) {
            long wait = floodGate.admit(message.length, now);
            if (wait == FloodGate.REFUSE) {
                inflight.addAndGet(-message.length);
                refusedMessages.incrementAndGet();
                unstruckMessages++;
                unstruckBytes += message.length;
                if (floodStrikePending.compareAndSet(false, true)) {
                    room.execute(this::strikeFlood);
                }
                return;
            }
            if (wait == 0 && delayed.isEmpty()) {
                room.execute(() -> {
                    inflight.addAndGet(-message.length);
                    onFrame(message);
                });
                return;
            }
            slowedMessages.incrementAndGet();
            long at = now + wait;
            Delayed last = delayed.peekLast();
            if (last != null && last.atNanos() > at) {
                at = last.atNanos();
            }
            delayed.addLast(new Delayed(at, message));
            if (!drainScheduled) {
                drainScheduled = true;
                scheduleDrain(at - now);
            }
        }
    }

    /**
     * Room thread: strikes the refusals since the last flood strike by their volume, one
     * strike per second's worth of the peer's allowance (messages or bytes, whichever is
     * more), at least one. Weighing by volume rather than by turns of the room thread
     * keeps the ban independent of scheduling: a busy room thread used to see a million
     * refused messages as a handful of strikes, and the flooder outlived its session.
     */
    private void strikeFlood() {
        long messages;
        long bytes;
        synchronized (floodLock) {
            floodStrikePending.set(false);
            messages = unstruckMessages;
            bytes = unstruckBytes;
            unstruckMessages = 0;
            unstruckBytes = 0;
        }
        long perSecond = Math.max(messages / node.config().maxMessagesPerSecond(), bytes / node.config().maxBytesPerSecond());
        int weight = (int) Math.min(room.strikeThreshold(), Math.max(1, perSecond) * Protocol.STRIKE_FLOOD);
        strike(new ProtocolViolation("peer sends faster than " + node.config().maxMessagesPerSecond()
            + " messages/s or " + node.config().maxBytesPerSecond() + " bytes/s and is more than "
            + FloodGate.GRACE_NANOS / 1_000_000_000L + " s behind; " + messages + " message(s) (" + bytes
            + " bytes) refused since the last strike, " + refusedMessages.get() + " in all", weight));
    }

    private void scheduleDrain(long delayNanos) {
        try {
            node.scheduler().schedule(() -> room.execute(this::drainDelayed), Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // node closing
        }
    }

    /** Room thread: processes the slowed messages now due, in order, and waits for the rest. */
    private void drainDelayed() {
        List<byte[]> due = new ArrayList<>();
        long now = ticker.read();
        synchronized (floodLock) {
            while (!delayed.isEmpty() && (delayed.peekFirst().atNanos() <= now || !state.isOpen())) {
                due.add(delayed.pollFirst().message());
            }
            if (delayed.isEmpty()) {
                drainScheduled = false;
            } else {
                scheduleDrain(delayed.peekFirst().atNanos() - now);
            }
        }
        for (byte[] m : due) {
            inflight.addAndGet(-m.length);
            onFrame(m);
        }
    }

    // ---------------------------------------------------------------- state machine

    /**
     * Applies an event: moves to the state the table allows, or refuses (logged with
     * peer, state and event) and returns false.
     */
    boolean apply(Event event, String why) {
        SessionState from = state;
        Optional<SessionState> next = from.next(event);
        if (next.isEmpty()) {
            log.info("peer {} in {}: refused event {} in state {} ({})", peerId, room.label(), event, from, why);
            return false;
        }
        SessionState to = next.get();
        state = to;
        log.debug("peer {} in {}: {} --{}--> {} ({})", peerId, room.label(), from, event, to, why);
        onTransition(from, event, to);
        return true;
    }

    /** Every timer is armed and cancelled here, and only here. */
    private void onTransition(SessionState from, Event event, SessionState to) {
        PeerConfigView c = room.timing();
        if (from == SessionState.CONNECTED && to == SessionState.HANDSHAKING) {
            arm(Timer.HANDSHAKE, c.handshakeTimeout(), () -> apply(Event.HANDSHAKE_TIMEOUT,
                "no handshake within " + c.handshakeTimeout().toMillis() + " ms"));
        }
        if (to == SessionState.AWAITING_PROOF) {
            arm(Timer.CHALLENGE, c.challengeTimeout(), () -> apply(Event.CHALLENGE_TIMEOUT,
                "key challenge not answered within " + c.challengeTimeout().toMillis() + " ms"));
        }
        if (from == SessionState.AWAITING_PROOF) {
            cancel(Timer.CHALLENGE);
        }
        if (to == SessionState.ACTIVE) {
            cancel(Timer.HANDSHAKE);
            Duration ping = c.pingInterval();
            armRepeating(Timer.PING, ping, ping, this::pingTick);
            armRepeating(Timer.SYNC, initiator ? Duration.ZERO : c.syncInterval(), c.syncInterval(), this::syncTick);
            arm(Timer.MAX_SESSION, c.maxSessionLength(), () -> apply(Event.SESSION_EXPIRED,
                "session reached its maximum length of " + c.maxSessionLength()));
            room.onActive(this);
        }
        if (to == SessionState.CLOSING) {
            cancelAll();
            if (event != Event.LEAVE_RECEIVED) {
                send(Protocol.LEAVE, Payload.EMPTY_STRING);
            }
            arm(Timer.CLOSE, CLOSE_GRACE, () -> apply(Event.LINK_CLOSED, "link did not report closing"));
            link.close();
        }
        if (to == SessionState.CLOSED) {
            cancelAll();
            synchronized (floodLock) {
                delayed.clear();
            }
            paced.clear();
            reconciliation = null;
            link.close();
            room.onSessionClosed(this);
        }
    }

    private void arm(Timer t, Duration delay, Runnable action) {
        cancel(t);
        ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
        self[0] = node.scheduler().schedule(() -> room.execute(() -> {
            if (timers.get(t) == self[0]) {
                timers.remove(t);
                action.run();
            }
        }), delay.toNanos(), TimeUnit.NANOSECONDS);
        timers.put(t, self[0]);
    }

    private void armRepeating(Timer t, Duration initialDelay, Duration period, Runnable action) {
        cancel(t);
        // the task hops to the room thread, which is running this method: self[0] is set before it looks
        ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
        self[0] = node.scheduler().scheduleWithFixedDelay(() -> room.execute(() -> {
            if (timers.get(t) == self[0]) {
                action.run();
            }
        }), initialDelay.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
        timers.put(t, self[0]);
    }

    private void cancel(Timer t) {
        ScheduledFuture<?> f = timers.remove(t);
        if (f != null) {
            f.cancel(false);
        }
    }

    private void cancelAll() {
        for (ScheduledFuture<?> f : timers.values()) {
            f.cancel(false);
        }
        timers.clear();
    }

    // ---------------------------------------------------------------- start and handshake

    /** Link is open: announce presence and begin the handshake. */
    void start() {
        if (!apply(Event.START, "link open")) {
            return;
        }
        send(encoder.presence(true));
        if (room.password().isEmpty()) {
            pwDone = true;
            sendHello();
        } else if (initiator) {
            pwChallenge = TrysteroIds.randomId(36);
            ObjectNode o = JSON.createObjectNode();
            o.put("__trystero_pw", "challenge");
            o.put("c", pwChallenge);
            send(Protocol.HS_DATA, Payload.ofJson(o.toString()));
        }
    }

    private void sendHello() {
        byte[] c = new byte[32];
        RANDOM.nextBytes(c);
        ourChallenge = Hex.encode(c);
        ObjectNode o = JSON.createObjectNode();
        o.put("ps", Protocol.VERSION);
        o.put("challenge", ourChallenge);
        o.put("pubkey", node.identity().publicKeyHex());
        if (node.config().ribltSync()) {
            o.putArray("sync").add(Protocol.SYNC_NEG).add(Protocol.SYNC_RIBLT);
        }
        send(Protocol.HS_DATA, Payload.ofJson(o.toString()));
        helloSent = true;
        maybeReady();
    }

    private boolean handshaking() {
        return state == SessionState.HANDSHAKING || state == SessionState.AWAITING_PROOF;
    }

    private void onHandshakeData(Payload p) {
        if (!handshaking()) {
            return; // Trystero ignores handshake data once active
        }
        JsonNode msg = null;
        if (p.kind() == PayloadKind.JSON) {
            try {
                msg = JSON.readTree(p.text());
            } catch (Exception e) {
                msg = null;
            }
        }
        if (!pwDone) {
            onPasswordMessage(msg);
            return;
        }
        if (msg == null || !msg.isObject() || !msg.has("ps")) {
            log.debug("peer {}: ignoring handshake data that is not peerset's", peerId);
            return;
        }
        JsonNode v = msg.get("ps");
        if (!v.isInt() || v.intValue() != Protocol.VERSION) {
            fail("peer speaks peerset protocol version " + v + "; this node speaks " + Protocol.VERSION, 0);
            return;
        }
        if (msg.has("challenge")) {
            onHello(msg);
        } else if (msg.has("response")) {
            onProof(msg);
        } else {
            fail("peerset handshake message has neither challenge nor response", Protocol.STRIKE_HANDSHAKE);
        }
    }

    private void onPasswordMessage(JsonNode msg) {
        String expectedKind = initiator ? "response" : "challenge";
        if (msg == null || !msg.isObject() || !expectedKind.equals(text(msg, "__trystero_pw"))) {
            fail("expected Trystero password " + expectedKind + " first; incorrect password for this room?", 0);
            return;
        }
        if (initiator) {
            String h = text(msg, "h");
            if (h == null || !h.equals(passwordHash(pwChallenge))) {
                fail("incorrect room password (Trystero password response did not match)", 0);
                return;
            }
        } else {
            String c = text(msg, "c");
            if (c == null || c.isEmpty() || c.length() > Protocol.MAX_PW_CHALLENGE_CHARS) {
                fail("Trystero password challenge must be 1–" + Protocol.MAX_PW_CHALLENGE_CHARS + " characters", Protocol.STRIKE_HANDSHAKE);
                return;
            }
            ObjectNode o = JSON.createObjectNode();
            o.put("__trystero_pw", "response");
            o.put("h", passwordHash(c));
            send(Protocol.HS_DATA, Payload.ofJson(o.toString()));
        }
        pwDone = true;
        sendHello();
    }

    private String passwordHash(String challenge) {
        String s = challenge + ":" + room.password() + ":" + room.appId() + ":" + room.roomId();
        return Hex.encode(SignatureCache.sha256(s.getBytes(StandardCharsets.UTF_8)));
    }

    private void onHello(JsonNode msg) {
        if (claimedPubkey != null) {
            fail("peer sent a second hello", Protocol.STRIKE_HANDSHAKE);
            return;
        }
        String challenge = text(msg, "challenge");
        String pubkey = text(msg, "pubkey");
        if (!isHex(challenge, 64) || !isHex(pubkey, 64)) {
            fail("hello must carry a 64-hex-character challenge and pubkey", Protocol.STRIKE_HANDSHAKE);
            return;
        }
        if (node.bans().isKeyBanned(pubkey)) {
            fail("key " + pubkey + " is banned", 0);
            return;
        }
        claimedPubkey = pubkey;
        JsonNode sync = msg.get("sync");
        if (sync != null && sync.isArray() && sync.size() <= 16) {
            for (JsonNode m : sync) {
                if (m.isTextual() && m.asText().equals(Protocol.SYNC_RIBLT) && node.config().ribltSync()) {
                    peerHasRiblt = true;
                }
            }
        }
        byte[] sig = node.identity().sign(challengeDigest(challenge, room.token(), peerId, room.selfId()));
        ObjectNode o = JSON.createObjectNode();
        o.put("ps", Protocol.VERSION);
        o.put("response", Hex.encode(sig));
        send(Protocol.HS_DATA, Payload.ofJson(o.toString()));
        answeredHello = true;
        if (apply(Event.HELLO_RECEIVED, "peer claims key " + pubkey.substring(0, 8) + "…")) {
            maybeReady();
        }
    }

    private void onProof(JsonNode msg) {
        if (claimedPubkey == null || state != SessionState.AWAITING_PROOF) {
            fail("key challenge response without a hello", 0); // a lost hello looks the same: no strike
            return;
        }
        String sig = text(msg, "response");
        byte[] digest = challengeDigest(ourChallenge, room.token(), room.selfId(), peerId);
        if (!isHex(sig, 128) || !node.verifyKey(Hex.decode(claimedPubkey), digest, Hex.decode(sig))) {
            fail("key challenge response does not verify against pubkey " + claimedPubkey, Protocol.STRIKE_FORGED);
            return;
        }
        provenPubkey = claimedPubkey;
        apply(Event.PROOF_ACCEPTED, "peer proved key " + claimedPubkey.substring(0, 8) + "…");
    }

    private void onHandshakeReady() {
        if (!handshaking() || remoteReady) {
            return;
        }
        remoteReady = true;
        if (!pwDone) {
            return; // maybeReady runs again once our password check passes
        }
        if (claimedPubkey != null && provenPubkey == null) {
            fail("peer sent @_hsready without answering the key challenge", 0);
            return;
        }
        if (claimedPubkey == null && room.requiresAuthenticatedPeers()) {
            fail("this room admits only peers that prove their key; the peer sent no hello", 0);
            return;
        }
        maybeReady();
    }

    private void maybeReady() {
        if (!readySent && pwDone && helloSent && (answeredHello || (remoteReady && claimedPubkey == null))) {
            if (claimedPubkey == null && room.requiresAuthenticatedPeers()) {
                return;
            }
            send(Protocol.HS_READY, Payload.EMPTY_STRING);
            readySent = true;
        }
        if (readySent && remoteReady && state == SessionState.HANDSHAKING
            && (claimedPubkey == null || provenPubkey != null)) {
            apply(Event.ACTIVATED, provenPubkey != null ? "key proven" : "anonymous peer");
        }
    }

    private void fail(String reason, int strikeCount) {
        if (strikeCount > 0) {
            strike(new ProtocolViolation(reason, strikeCount));
        }
        if (state.isOpen()) {
            log.debug("peer {} in {}: handshake failed: {}", peerId, room.label(), reason);
            apply(Event.HANDSHAKE_FAILED, reason);
        }
    }

    /**
     * The digest a peer signs to prove its key: SHA-256 of
     * {@code "peerset-challenge:1:" + challenge + ":" + roomToken + ":" + challengerId + ":" + responderId}.
     * Binding the room and both peer ids means an answer cannot be replayed to another peer or room.
     */
    static byte[] challengeDigest(String challengeHex, String roomToken, String challengerId, String responderId) {
        String s = Protocol.CHALLENGE_DOMAIN + ":" + challengeHex + ":" + roomToken + ":" + challengerId + ":" + responderId;
        return SignatureCache.sha256(s.getBytes(StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------- inbound

    private void onFrame(byte[] data) {
        if (!state.isOpen()) {
            return;
        }
        lastInboundNanos = ticker.read();
        Object r;
        try {
            r = assembler.accept(data);
        } catch (ProtocolViolation v) {
            strike(v);
            return;
        }
        if (r instanceof ActionMessage) {
            try {
                dispatch((ActionMessage) r);
            } catch (ProtocolViolation v) {
                strike(v);
            }
        }
    }

    private void dispatch(ActionMessage m) throws ProtocolViolation {
        String action = m.action();
        switch (action) {
            case Protocol.HS_DATA: onHandshakeData(m.payload()); return;
            case Protocol.HS_READY: onHandshakeReady(); return;
            case Protocol.LEAVE: apply(Event.LEAVE_RECEIVED, "peer left the room"); return;
            case Protocol.PING:
                if (state == SessionState.ACTIVE) {
                    send(Protocol.PONG, Payload.EMPTY_STRING);
                }
                return;
            case Protocol.PONG:
                if (pingSentNanos != 0) {
                    rttMs = TimeUnit.NANOSECONDS.toMillis(ticker.read() - pingSentNanos);
                    pingSentNanos = 0;
                }
                return;
            default:
                break;
        }
        if (action.startsWith(Protocol.INTERNAL_PREFIX)) {
            log.debug("peer {}: ignoring Trystero internal action {}", peerId, action);
            return;
        }
        if (state != SessionState.ACTIVE) {
            log.debug("peer {}: dropped {} before the handshake completed", peerId, action);
            return;
        }
        switch (action) {
            case Protocol.EVENT: onEvents(m.payload()); break;
            case Protocol.NEG: onNegentropy(m.payload()); break;
            case Protocol.RIBLT: onRiblt(m.payload()); break;
            case Protocol.REQ: onRequest(m.payload()); break;
            default:
                throw new ProtocolViolation("unknown action '" + action + "'", Protocol.STRIKE_UNKNOWN_ACTION);
        }
    }

    private static String jsonText(Payload p, String action) throws ProtocolViolation {
        if (p.kind() == PayloadKind.BINARY) {
            throw new ProtocolViolation(action + " must carry JSON text, not binary", Protocol.STRIKE_MALFORMED);
        }
        try {
            return p.text();
        } catch (IllegalArgumentException e) {
            throw new ProtocolViolation(action + " payload is not valid UTF-8", Protocol.STRIKE_MALFORMED);
        }
    }

    /**
     * ps/event: the array is split on its UTF-8 bytes here; elements starting with an
     * id we know are dropped unparsed, the others go to the node still as JSON bytes,
     * to be parsed beside their verification on every core (elements without a leading
     * id, which peerset never writes, are parsed here).
     */
    private void onEvents(Payload p) throws ProtocolViolation {
        if (p.kind() == PayloadKind.BINARY) {
            throw new ProtocolViolation(Protocol.EVENT + " must carry JSON text, not binary", Protocol.STRIKE_MALFORMED);
        }
        byte[] json = p.bytes();
        EventCodec.Elements elements;
        try {
            elements = EventCodec.splitEvents(json);
        } catch (ProtocolViolation v) {
            throw new ProtocolViolation(v.getMessage(), Protocol.STRIKE_MALFORMED);
        }
        RoomEngine.EventsMessage message = new RoomEngine.EventsMessage(this);
        for (int i = 0; i < elements.count(); i++) {
            int start = elements.start(i);
            int end = elements.end(i);
            String id = elements.id(i);
            if (id != null) {
                peerHas.put(id, Boolean.TRUE);
                if (!node.isKnown(id)) {
                    message.raw(json, start, end, id, requested.remove(id));
                    continue;
                }
                try {
                    EventCodec.utf8(json, start, end); // a known record is not parsed, but the text must still be UTF-8
                } catch (IllegalArgumentException e) {
                    message.malformed(e.getMessage());
                }
                continue;
            }
            try {
                SignedRecord r = SignedRecord.fromJson(EventCodec.utf8(json, start, end));
                message.parsed(r, requested.remove(r.id()));
            } catch (IllegalArgumentException ex) {
                message.malformed(ex.getMessage());
            }
        }
        node.submitRemote(message);
    }

    private void onRequest(Payload p) throws ProtocolViolation {
        List<String> ids;
        try {
            ids = EventCodec.parseIds(jsonText(p, Protocol.REQ));
        } catch (ProtocolViolation v) {
            throw new ProtocolViolation(v.getMessage(), Protocol.STRIKE_MALFORMED);
        }
        sendEvents(stored(ids));
    }

    /*
     * JIT note: the loops of the sync's rarely called steps (once per ps/req, per Negentropy
     * round) live in small methods of their own. Inside the callers, a loop made C2 compile
     * the whole caller (on-stack replacement, then again normally) with the send path inlined:
     * 0.4-0.8 s of compiler CPU each, during the sync, on a 2-core machine (notes/rtcperf.md).
     */

    /** The stored records among these ids, in order, each once (a ps/req repeating an id gets it once). */
    private List<SignedRecord> stored(List<String> ids) {
        List<SignedRecord> found = new ArrayList<>(ids.size());
        Set<String> seen = new HashSet<>();
        for (String id : ids) {
            if (seen.add(id)) {
                node.store().get(id).ifPresent(found::add);
            }
        }
        return found;
    }

    private void onNegentropy(Payload p) throws ProtocolViolation {
        if (p.kind() != PayloadKind.BINARY) {
            throw new ProtocolViolation("ps/neg must carry a binary Negentropy message", Protocol.STRIKE_MALFORMED);
        }
        if (!initiator) {
            Negentropy responder = newNegentropy();
            byte[] reply = node.withStableSet(() -> responder.reconcile(p.bytes()));
            send(Protocol.NEG, Payload.ofBytes(reply));
            return;
        }
        Negentropy n = reconciliation;
        if (n == null) {
            log.debug("peer {}: ignoring a ps/neg reply with no reconciliation running", peerId);
            return;
        }
        List<byte[]> have = new ArrayList<>();
        List<byte[]> need = new ArrayList<>();
        byte[] next;
        try {
            next = node.withStableSet(() -> n.reconcile(p.bytes(), have, need));
        } catch (ProtocolViolation v) {
            reconciliation = null;
            throw v;
        }
        reconciliationProgressNanos = ticker.read();
        pushHaves(have);
        requestNeeds(need);
        if (next == null) {
            reconciliation = null;
            reconciliationsDone++;
            log.debug("peer {}: reconciliation done (last round: {} have, {} need)", peerId, have.size(), need.size());
        } else {
            send(Protocol.NEG, Payload.ofBytes(next));
        }
    }

    /** riblt1 (see docs/PROTOCOL.md): responder answers each message; initiator finishes or falls back to Negentropy. */
    private void onRiblt(Payload p) throws ProtocolViolation {
        if (p.kind() != PayloadKind.BINARY) {
            throw new ProtocolViolation("ps/riblt must carry a binary riblt1 message", Protocol.STRIKE_MALFORMED);
        }
        byte[] bytes = p.bytes();
        if (!initiator) {
            boolean opening = bytes.length >= 2 && bytes[1] == 0x01;
            if (opening || ribltResponder == null) {
                ribltResponder = RibltSession.builder(node.store().syncView()).maxMessageBytes(Protocol.MAX_RIBLT_MESSAGE_BYTES).build();
            }
            RibltSession responder = ribltResponder;
            byte[] reply = node.withStableSet(() -> responder.reconcile(bytes));
            if (responder.outcome() != RibltSession.Outcome.RUNNING) {
                ribltResponder = null;
            }
            send(Protocol.RIBLT, Payload.ofBytes(reply));
            return;
        }
        RibltSession s = ribltInitiator;
        if (s == null) {
            log.debug("peer {}: ignoring a ps/riblt reply with no riblt session running", peerId);
            return;
        }
        List<byte[]> have = new ArrayList<>();
        List<byte[]> need = new ArrayList<>();
        byte[] next;
        try {
            next = node.withStableSet(() -> s.reconcile(bytes, have, need));
        } catch (ProtocolViolation v) {
            ribltInitiator = null;
            ribltTried = true;
            throw v;
        }
        reconciliationProgressNanos = ticker.read();
        if (next != null) {
            send(Protocol.RIBLT, Payload.ofBytes(next));
            return;
        }
        ribltInitiator = null;
        ribltTried = true;
        if (s.outcome() == RibltSession.Outcome.RECONCILED) {
            pushHaves(have);
            requestNeeds(need);
            reconciliationsDone++;
            ribltReconciled++;
            log.debug("peer {}: riblt1 reconciled ({} have, {} need)", peerId, have.size(), need.size());
        } else {
            log.debug("peer {}: riblt1 fell back ({}); reconciling with Negentropy", peerId, s.fallbackReason());
            startReconciliation();
        }
    }

    private Negentropy newNegentropy() {
        return Negentropy.builder(node.store().syncView())
            .frameSizeLimit(Protocol.NEG_FRAME_BYTES)
            .maxMessageBytes(Protocol.MAX_NEG_MESSAGE_BYTES)
            .build();
    }

    private void pushHaves(List<byte[]> have) {
        if (have.isEmpty()) {
            return;
        }
        sendEvents(stored(hexIds(have)));
    }

    private static List<String> hexIds(List<byte[]> ids) {
        List<String> hex = new ArrayList<>(ids.size());
        for (byte[] id : ids) {
            hex.add(Hex.encode(id));
        }
        return hex;
    }

    private void requestNeeds(List<byte[]> need) {
        if (need.isEmpty()) {
            return;
        }
        if (requested.size() > MAX_REQUESTED) {
            requested.clear();
        }
        sendAll(Protocol.REQ, EventCodec.encodeIdBatches(notYetRequested(need), Protocol.REQ_BATCH_IDS));
    }

    /** The ids not requested before (hex), now marked as requested. */
    private List<String> notYetRequested(List<byte[]> need) {
        List<String> ids = new ArrayList<>(need.size());
        for (byte[] id : need) {
            String hex = Hex.encode(id);
            if (requested.add(hex)) {
                ids.add(hex);
            }
        }
        return ids;
    }

    private void sendAll(String action, List<String> messages) {
        for (String m : messages) {
            send(action, Payload.ofString(m));
        }
    }

    // ---------------------------------------------------------------- timers' work

    private void pingTick() {
        refreshStrikes();
        long now = ticker.read();
        Duration idle = room.timing().idleTimeout();
        if (now - lastInboundNanos > idle.toNanos()) {
            apply(Event.IDLE_TIMEOUT, "nothing heard for " + idle.toMillis() + " ms");
            return;
        }
        if (pingSentNanos == 0) {
            pingSentNanos = now;
        }
        send(Protocol.PING, Payload.EMPTY_STRING);
    }

    private void syncTick() {
        if (!initiator || state != SessionState.ACTIVE) {
            return;
        }
        long now = ticker.read();
        long stall = Math.max(room.timing().syncInterval().toNanos(), TimeUnit.SECONDS.toNanos(2));
        boolean running = reconciliation != null || ribltInitiator != null;
        if (running && now - reconciliationProgressNanos < stall) {
            return;
        }
        if (running) {
            log.debug("peer {}: reconciliation stalled; restarting", peerId);
        }
        if (ribltInitiator != null) {
            ribltInitiator = null;
            ribltTried = true; // a lost riblt1 message: carry on with Negentropy
        }
        startReconciliation();
    }

    /** Starts a reconciliation now (initiator only). */
    void startReconciliation() {
        if (!initiator || state != SessionState.ACTIVE) {
            return;
        }
        if (peerHasRiblt && !ribltTried) {
            RibltSession r = RibltSession.builder(node.store().syncView()).maxMessageBytes(Protocol.MAX_RIBLT_MESSAGE_BYTES).build();
            byte[] open;
            try {
                open = node.withStableSet(r::initiate);
            } catch (ProtocolViolation impossible) {
                throw new IllegalStateException(impossible);
            }
            ribltInitiator = r;
            reconciliationProgressNanos = ticker.read();
            send(Protocol.RIBLT, Payload.ofBytes(open));
            return;
        }
        Negentropy n = newNegentropy();
        byte[] first;
        try {
            first = node.withStableSet(n::initiate);
        } catch (ProtocolViolation impossible) {
            throw new IllegalStateException(impossible);
        }
        reconciliation = n;
        reconciliationProgressNanos = ticker.read();
        send(Protocol.NEG, Payload.ofBytes(first));
    }

    // ---------------------------------------------------------------- outbound and strikes

    /** Sends records as ps/event batches (each record serialised once, straight into its batch). */
    void sendEvents(List<SignedRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        markHeld(records);
        sendEventBatches(EventCodec.encodeBatches(records, Protocol.EVENT_BATCH_BYTES));
    }

    private void markHeld(List<SignedRecord> records) {
        for (SignedRecord r : records) {
            peerHas.put(r.id(), Boolean.TRUE);
        }
    }

    /** ps/event goes out with Trystero's json flag, so a browser's makeAction('ps/event') receives the array itself. */
    private void sendEventBatches(List<byte[]> batches) {
        for (byte[] batch : batches) {
            send(Protocol.EVENT, Payload.of(PayloadKind.JSON, batch));
        }
    }

    /** Pushes new records (serialised once for all peers), leaving out those the peer is known to hold. */
    void push(List<EventCodec.Encoded> records) {
        if (state != SessionState.ACTIVE) {
            return;
        }
        List<EventCodec.Encoded> missing = new ArrayList<>(records.size());
        for (EventCodec.Encoded e : records) {
            if (peerHas.put(e.id(), Boolean.TRUE) == null) {
                missing.add(e);
            }
        }
        sendEventBatches(EventCodec.joinBatches(missing, Protocol.EVENT_BATCH_BYTES));
    }

    void send(String action, Payload payload) {
        if (!link.isOpen()) {
            return;
        }
        boolean pace = Protocol.EVENT.equals(action);
        for (byte[] frame : encoder.encode(action, payload)) {
            if (pace) {
                sendPaced(frame);
            } else if (!send(frame)) {
                return;
            }
        }
    }

    /** Sends a ps/event frame now if our pace allows and none is waiting, else queues it in order. */
    private void sendPaced(byte[] frame) {
        long now = ticker.read();
        long wait = sendPace.pace(frame.length, now);
        if (wait == 0 && paced.isEmpty()) {
            send(frame);
            return;
        }
        paced.addLast(new Delayed(now + wait, frame));
        if (!pacedDrainScheduled) {
            pacedDrainScheduled = true;
            schedulePacedDrain(wait);
        }
    }

    private void schedulePacedDrain(long delayNanos) {
        try {
            node.scheduler().schedule(() -> room.execute(this::drainPaced), Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // node closing
        }
    }

    /** Room thread: sends the paced frames now due; waits for the rest. */
    private void drainPaced() {
        pacedDrainScheduled = false;
        long now = ticker.read();
        while (!paced.isEmpty() && paced.peekFirst().atNanos() <= now) {
            if (!link.isOpen() || !send(paced.pollFirst().message())) {
                paced.clear();
                return;
            }
        }
        if (!paced.isEmpty()) {
            pacedDrainScheduled = true;
            schedulePacedDrain(paced.peekFirst().atNanos() - now);
        }
    }

    private boolean send(byte[] frame) {
        try {
            link.send(frame);
            bytesOut.addAndGet(frame.length);
            return true;
        } catch (LinkClosedException e) {
            log.debug("peer {}: send failed: {}", peerId, e.getMessage());
            return false;
        }
    }

    /** Counts a violation; at the room's threshold the peer is banned and dropped. */
    void strike(ProtocolViolation v) {
        int n = strikes.add(v.strikes(), ticker.read());
        strikesNow = n;
        if (!warned) {
            warned = true;
            log.warn("peer {} in {}: {} (+{} strike(s), now {})", peerId, room.label(), v.getMessage(), v.strikes(), n);
        } else {
            log.debug("peer {} in {}: {} (+{} strike(s), now {})", peerId, room.label(), v.getMessage(), v.strikes(), n);
        }
        if (n >= room.strikeThreshold() && state.isOpen()) {
            banReason = n + " strikes; last: " + v.getMessage();
            node.bans().ban(peerId, provenPubkey, banReason);
            log.warn("peer {} in {}: banned after {} strikes", peerId, room.label(), n);
            apply(Event.BANNED, n + " strikes");
        }
    }

    /** Refreshes the decayed strike count (room thread). */
    void refreshStrikes() {
        strikesNow = strikes.current(ticker.read());
    }

    /** Local close (room leaving). */
    void close(String why) {
        if (state.isOpen()) {
            apply(Event.CLOSE_REQUESTED, why);
        }
    }

    private static String text(JsonNode o, String field) {
        JsonNode n = o.get(field);
        return n != null && n.isTextual() ? n.textValue() : null;
    }

    private static boolean isHex(String s, int len) {
        if (s == null || s.length() != len) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    @Override public String toString() {
        return "PeerSession[" + peerId + ", " + state + "]";
    }

    /** The timing a session needs, from the node's configuration. */
    record PeerConfigView(Duration handshakeTimeout, Duration challengeTimeout, Duration idleTimeout,
                          Duration maxSessionLength, Duration syncInterval) {
        Duration pingInterval() {
            return Duration.ofMillis(Math.max(100, idleTimeout.toMillis() / 3));
        }
    }
}
