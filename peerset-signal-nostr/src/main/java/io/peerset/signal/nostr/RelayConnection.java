package io.peerset.signal.nostr;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ServerHandshake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One relay: a WebSocket that reconnects with backoff, one batched subscription for all
 * topics (re-sent on reconnect and when the topic set changes), an outbound token bucket,
 * and the handling of NOTICE, OK false and CLOSED. All state is guarded by {@code this};
 * nothing thrown here reaches Java-WebSocket's threads.
 */
final class RelayConnection {
    private static final Logger LOG = LoggerFactory.getLogger(RelayConnection.class);
    private static final String ID_CHARS = "0123456789AaBbCcDdEeFfGgHhIiJjKkLlMmNnOoPpQqRrSsTtUuVvWwXxYyZz";
    private static final int OLD_SUB_IDS = 16;

    enum State { IDLE, CONNECTING, OPEN, CLOSED }

    private final URI url;
    private final NostrSignaling owner;
    private final NostrSignaling.Options options;
    private final ScheduledExecutorService scheduler;

    private State state = State.IDLE;
    private Socket socket;
    private int generation;
    private long openedAtNanos;

    private final Backoff reconnectBackoff;
    private final Backoff resubscribeBackoff;
    private final Backoff pauseBackoff;
    private ScheduledFuture<?> reconnectTimer;
    private ScheduledFuture<?> resubscribeTimer;
    private ScheduledFuture<?> drainTimer;

    private Set<String> topics = Set.of();
    private List<String> subIds = List.of();
    private final ArrayDeque<String> oldSubIds = new ArrayDeque<>();

    private final TokenBucket bucket;
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private long pausedUntilNanos;
    private boolean paused;
    private int consecutiveRejections;

    private long sent;
    private long droppedAnnouncements;
    private long droppedOther;
    private long received;
    private long rejected;
    private long ignoredFrames;
    private long connects;

    private final LogLimiter connectLog;
    private final LogLimiter noticeLog;
    private final LogLimiter garbageLog;
    private final LogLimiter rejectLog;
    private final LogLimiter closedLog;
    private final LogLimiter dropLog;

    RelayConnection(URI url, NostrSignaling owner, NostrSignaling.Options options, ScheduledExecutorService scheduler) {
        this.url = url;
        this.owner = owner;
        this.options = options;
        this.scheduler = scheduler;
        this.reconnectBackoff = new Backoff(options.reconnectMin(), options.reconnectMax());
        this.resubscribeBackoff = new Backoff(options.resubscribeMin(), options.resubscribeMax());
        this.pauseBackoff = new Backoff(options.rateLimitPauseMin(), options.rateLimitPauseMax());
        this.bucket = new TokenBucket(options.eventsPerSecond(), options.burst(), options.ticker());
        long logMs = options.logInterval().toMillis();
        this.connectLog = new LogLimiter(logMs, options.ticker());
        this.noticeLog = new LogLimiter(logMs, options.ticker());
        this.garbageLog = new LogLimiter(logMs, options.ticker());
        this.rejectLog = new LogLimiter(logMs, options.ticker());
        this.closedLog = new LogLimiter(logMs, options.ticker());
        this.dropLog = new LogLimiter(logMs, options.ticker());
    }

    URI url() {
        return url;
    }

    synchronized boolean isOpen() {
        return state == State.OPEN;
    }

    synchronized boolean knowsSubscription(String subId) {
        return subIds.contains(subId) || oldSubIds.contains(subId);
    }

    synchronized RelayStatus status() {
        return new RelayStatus(url, state == State.OPEN, connects, sent, droppedAnnouncements, droppedOther,
                queue.size(), received, rejected, ignoredFrames, isPaused());
    }

    // ---- connection ---------------------------------------------------------------------------------

    synchronized void start() {
        if (state == State.IDLE && socket == null) {
            connect();
        }
    }

    private void connect() {
        reconnectTimer = null;
        if (state == State.CLOSED) {
            return;
        }
        state = State.CONNECTING;
        int gen = ++generation;
        Socket s = new Socket(gen);
        s.setDaemon(true);
        s.setConnectionLostTimeout((int) Math.max(1, options.pingInterval().toSeconds()));
        socket = s;
        try {
            s.connect();
        } catch (RuntimeException e) {
            LOG.warn("relay {}: cannot start connecting ({}); retrying later", url, e.toString());
            socket = null;
            state = State.IDLE;
            scheduleReconnect();
        }
    }

    private synchronized void onOpen(int gen) {
        if (gen != generation || state != State.CONNECTING) {
            return;
        }
        state = State.OPEN;
        openedAtNanos = options.ticker().getAsLong();
        connects++;
        LOG.info("relay {}: connected", url);
        subIds = List.of();
        sendSubscriptions();
    }

    private synchronized void onClose(int gen, int code, String reason) {
        if (gen != generation || state == State.CLOSED) {
            return;
        }
        boolean wasOpen = state == State.OPEN;
        state = State.IDLE;
        socket = null;
        retireSubIds();
        cancel(resubscribeTimer);
        resubscribeTimer = null;
        cancel(drainTimer);
        drainTimer = null;
        droppedOther += queue.size();
        queue.clear();
        if (wasOpen && options.ticker().getAsLong() - openedAtNanos > options.stableAfter().toNanos()) {
            reconnectBackoff.reset();
        }
        long delay = scheduleReconnect();
        long s = connectLog.tryAcquire();
        if (s >= 0) {
            String why = code == CloseFrame.TOOBIG
                    ? "it sent a message over " + options.maxFrameBytes() + " bytes"
                    : (wasOpen ? "connection closed" : "cannot connect") + " (" + code
                            + (reason == null || reason.isEmpty() ? "" : ", " + RelayFrame.abbreviate(reason, 120)) + ")";
            LOG.warn("relay {}: {}; reconnecting in {} ms{}", url, why, delay, LogLimiter.suffix(s));
        }
    }

    private long scheduleReconnect() {
        if (state == State.CLOSED || reconnectTimer != null) {
            return 0;
        }
        long delay = reconnectBackoff.nextMillis();
        reconnectTimer = schedule(this::reconnectNow, delay);
        return delay;
    }

    private synchronized void reconnectNow() {
        reconnectTimer = null;
        if (state == State.IDLE) {
            connect();
        }
    }

    /** Sends CLOSE for our subscriptions and closes the socket; no more reconnects. */
    void close() {
        Socket s;
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            boolean open = state == State.OPEN;
            state = State.CLOSED;
            cancel(reconnectTimer);
            cancel(resubscribeTimer);
            cancel(drainTimer);
            queue.clear();
            s = socket;
            socket = null;
            if (open && s != null) {
                for (String id : subIds) {
                    sendRaw(s, RelayFrame.close(id));
                }
            }
            subIds = List.of();
        }
        if (s != null) {
            try {
                s.close(CloseFrame.NORMAL, "bye");
            } catch (RuntimeException e) {
                LOG.debug("relay {}: error while closing: {}", url, e.toString());
            }
        }
    }

    // ---- subscriptions ------------------------------------------------------------------------------

    /** The topics to subscribe to on this relay; re-sends the REQ(s) if the set changed. */
    synchronized void setTopics(Set<String> newTopics) {
        if (newTopics.equals(topics)) {
            return;
        }
        topics = Set.copyOf(newTopics);
        if (state == State.OPEN) {
            sendSubscriptions();
        }
    }

    /**
     * Sends one REQ per chunk of topics with fresh subscription ids, then CLOSE for the
     * previous ids (so no gap opens between the two), like Trystero's batched subscribe.
     */
    private void sendSubscriptions() {
        if (state != State.OPEN || socket == null) {
            return;
        }
        cancel(resubscribeTimer);
        resubscribeTimer = null;
        List<String> previous = subIds;
        List<String> next = new ArrayList<>();
        if (!topics.isEmpty()) {
            List<String> sorted = new ArrayList<>(new TreeSet<>(topics));
            long since = Math.max(0, owner.nowSeconds() - options.sinceSlack().toSeconds());
            for (int i = 0; i < sorted.size(); i += options.maxTopicsPerSubscription()) {
                List<String> chunk = sorted.subList(i, Math.min(sorted.size(), i + options.maxTopicsPerSubscription()));
                Set<Integer> kinds = new LinkedHashSet<>();
                for (String t : chunk) {
                    kinds.add(NostrSignaling.kindOf(t));
                }
                String id = newSubId();
                next.add(id);
                sendRaw(socket, RelayFrame.req(id, kinds, since, chunk));
            }
        }
        subIds = List.copyOf(next);
        for (String id : previous) {
            sendRaw(socket, RelayFrame.close(id));
            rememberOld(id);
        }
    }

    private void retireSubIds() {
        for (String id : subIds) {
            rememberOld(id);
        }
        subIds = List.of();
    }

    private void rememberOld(String id) {
        oldSubIds.addLast(id);
        while (oldSubIds.size() > OLD_SUB_IDS) {
            oldSubIds.removeFirst();
        }
    }

    private static String newSubId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        StringBuilder sb = new StringBuilder(24).append("ps");
        for (int i = 0; i < 22; i++) {
            sb.append(ID_CHARS.charAt(r.nextInt(ID_CHARS.length())));
        }
        return sb.toString();
    }

    // ---- publishing ---------------------------------------------------------------------------------

    /**
     * Sends an EVENT frame if the relay is connected and the rate allows. Announcements
     * are dropped when over the rate or while the relay asked us to slow down; other
     * messages wait in a bounded queue.
     */
    synchronized void publish(String frame, boolean announcement) {
        if (state != State.OPEN || socket == null) {
            return;
        }
        if (!isPaused() && queue.isEmpty() && bucket.tryTake()) {
            sendEvent(frame);
            return;
        }
        if (announcement) {
            droppedAnnouncements++;
            long s = dropLog.tryAcquire();
            if (s >= 0) {
                LOG.debug("relay {}: announcement dropped ({}){}", url,
                        isPaused() ? "relay asked us to slow down" : "over " + options.eventsPerSecond() + " events/s",
                        LogLimiter.suffix(s));
            }
            return;
        }
        if (queue.size() >= options.maxQueuedPerRelay()) {
            droppedOther++;
            long s = dropLog.tryAcquire();
            if (s >= 0) {
                LOG.warn("relay {}: outbound queue full ({} messages); message dropped{}", url, queue.size(),
                        LogLimiter.suffix(s));
            }
            return;
        }
        queue.addLast(frame);
        scheduleDrain();
    }

    private void scheduleDrain() {
        if (drainTimer != null || queue.isEmpty() || state != State.OPEN) {
            return;
        }
        long waitNanos = Math.max(bucket.nanosUntilToken(), paused ? pausedUntilNanos - options.ticker().getAsLong() : 0);
        long delayMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos) + 1);
        drainTimer = schedule(this::drain, delayMs);
    }

    private synchronized void drain() {
        drainTimer = null;
        if (state != State.OPEN || socket == null) {
            return;
        }
        while (!queue.isEmpty() && !isPaused() && bucket.tryTake()) {
            sendEvent(queue.pollFirst());
        }
        scheduleDrain();
    }

    private void sendEvent(String frame) {
        if (sendRaw(socket, frame)) {
            sent++;
        }
    }

    private boolean isPaused() {
        if (paused && options.ticker().getAsLong() - pausedUntilNanos >= 0) {
            paused = false;
        }
        return paused;
    }

    private void pause(String why) {
        long ms = pauseBackoff.nextMillis();
        paused = true;
        pausedUntilNanos = options.ticker().getAsLong() + TimeUnit.MILLISECONDS.toNanos(ms);
        LOG.warn("relay {}: {}; publishing to it paused for {} ms (announcements dropped meanwhile)", url, why, ms);
    }

    private boolean sendRaw(Socket s, String text) {
        try {
            s.send(text);
            return true;
        } catch (RuntimeException e) {
            // WebsocketNotConnectedException and friends: the close callback will follow
            LOG.debug("relay {}: send failed: {}", url, e.toString());
            return false;
        }
    }

    // ---- inbound ------------------------------------------------------------------------------------

    private void onText(int gen, String text) {
        synchronized (this) {
            if (gen != generation || state != State.OPEN) {
                return;
            }
            received++;
        }
        if (text.length() > options.maxFrameBytes()) {
            ignored("message of " + text.length() + " characters is over the " + options.maxFrameBytes() + "-byte limit");
            return;
        }
        RelayFrame frame;
        try {
            frame = RelayFrame.parse(text);
        } catch (RelayFrame.InvalidFrameException e) {
            ignored(e.getMessage() + ": " + RelayFrame.quote(text));
            return;
        }
        switch (frame.type()) {
            case EVENT:
                if (!knowsSubscription(frame.subId())) {
                    ignored("EVENT for subscription " + RelayFrame.quote(frame.subId()) + " that we never opened");
                    return;
                }
                if (owner.onEvent(this, frame.event())) {
                    synchronized (this) {
                        resubscribeBackoff.reset();
                    }
                }
                return;
            case EOSE:
                return;
            case OK:
                onOk(frame.accepted(), frame.message());
                return;
            case NOTICE:
                onNotice(frame.message());
                return;
            case CLOSED:
                onClosed(frame.subId(), frame.message());
                return;
            case AUTH:
                LOG.debug("relay {}: AUTH challenge ignored (NIP-42 is not supported)", url);
                return;
            default:
                ignored("unhandled message type " + frame.type());
        }
    }

    synchronized void ignored(String why) {
        ignoredFrames++;
        long s = garbageLog.tryAcquire();
        if (s >= 0) {
            LOG.warn("relay {}: ignored a message: {}{}", url, why, LogLimiter.suffix(s));
        }
    }

    private synchronized void onOk(boolean accepted, String reason) {
        if (accepted) {
            consecutiveRejections = 0;
            if (!paused) {
                pauseBackoff.reset();
            }
            return;
        }
        String r = reason == null ? "" : reason;
        if (r.startsWith("duplicate:")) {
            return;
        }
        rejected++;
        if (r.startsWith("rate-limited:")) {
            if (!isPaused()) {
                pause("rejected an event as rate-limited (" + RelayFrame.abbreviate(r, 120) + ")");
            }
            return;
        }
        consecutiveRejections++;
        long s = rejectLog.tryAcquire();
        if (s >= 0) {
            LOG.warn("relay {}: rejected an event: {}{}", url, RelayFrame.quote(r), LogLimiter.suffix(s));
        }
        if (consecutiveRejections >= 3 && !isPaused()) {
            pause(consecutiveRejections + " events in a row rejected");
        }
    }

    private synchronized void onNotice(String message) {
        String lower = message.toLowerCase(Locale.ROOT);
        boolean rateLimit = lower.contains("rate") && lower.contains("limit")
                || lower.contains("too many") || lower.contains("too fast") || lower.contains("slow down");
        if (rateLimit && !isPaused()) {
            pause("sent NOTICE " + RelayFrame.quote(message));
            return;
        }
        long s = noticeLog.tryAcquire();
        if (s >= 0) {
            LOG.info("relay {}: NOTICE {}{}", url, RelayFrame.quote(message), LogLimiter.suffix(s));
        }
    }

    private synchronized void onClosed(String subId, String reason) {
        if (!subIds.contains(subId)) {
            return; // one we closed ourselves, or not ours
        }
        if (resubscribeTimer != null || state != State.OPEN) {
            return;
        }
        long delay = resubscribeBackoff.nextMillis();
        long s = closedLog.tryAcquire();
        if (s >= 0) {
            LOG.warn("relay {}: closed our subscription ({}); subscribing again in {} ms{}", url,
                    RelayFrame.quote(reason), delay, LogLimiter.suffix(s));
        }
        resubscribeTimer = schedule(this::resubscribeNow, delay);
    }

    private synchronized void resubscribeNow() {
        resubscribeTimer = null;
        if (state == State.OPEN) {
            sendSubscriptions();
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private ScheduledFuture<?> schedule(Runnable task, long delayMs) {
        try {
            return scheduler.schedule(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("relay {}: internal error in a timer task", url, e);
                }
            }, delayMs, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return null; // shutting down
        }
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }

    /** One WebSocket attempt; callbacks from an older attempt are ignored by generation. */
    private final class Socket extends WebSocketClient {
        private final int gen;

        Socket(int gen) {
            super(url, new Draft_6455(Collections.emptyList(), options.maxFrameBytes()),
                    Map.of(), (int) options.connectTimeout().toMillis());
            this.gen = gen;
        }

        @Override
        public void onOpen(ServerHandshake handshake) {
            try {
                RelayConnection.this.onOpen(gen);
            } catch (RuntimeException e) {
                LOG.error("relay {}: internal error on open", url, e);
            }
        }

        @Override
        public void onMessage(String message) {
            try {
                onText(gen, message);
            } catch (RuntimeException e) {
                LOG.error("relay {}: internal error handling a message", url, e);
            }
        }

        @Override
        public void onMessage(ByteBuffer bytes) {
            try {
                ignored("binary message of " + bytes.remaining() + " bytes (relays send text)");
            } catch (RuntimeException e) {
                LOG.error("relay {}: internal error handling a message", url, e);
            }
        }

        @Override
        public void onClose(int code, String reason, boolean remote) {
            try {
                RelayConnection.this.onClose(gen, code, reason);
            } catch (RuntimeException e) {
                LOG.error("relay {}: internal error on close", url, e);
            }
        }

        @Override
        public void onError(Exception ex) {
            LOG.debug("relay {}: socket error: {}", url, ex.toString());
        }
    }
}
