package io.peerset.signal.nostr;

import com.fasterxml.jackson.databind.JsonNode;
import io.peerset.api.Draft;
import io.peerset.api.Identity;
import io.peerset.api.InvalidRecordException;
import io.peerset.api.SignedRecord;
import io.peerset.api.spi.SignalingStrategy;
import io.peerset.core.trystero.TrysteroIds;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trystero's topic transport over Nostr relays, wire-compatible with
 * {@code @trystero-p2p/nostr} 0.25: a message on topic {@code t} is an ephemeral
 * NIP-01 event of kind {@code (sum of t's UTF-16 code units) % 10000 + 20000} with the
 * single tag {@code ["x", t]} and the message as content, signed by a key made for this
 * instance. Each relay gets one subscription
 * {@code {"kinds":[…],"since":…,"#x":[topics…]}} for all topics (split in chunks of
 * {@link Options#maxTopicsPerSubscription()}), sent again when the topic set changes
 * and after every reconnect.
 *
 * <p>Inbound events are parsed strictly, must carry a subscribed {@code x} tag with the
 * matching kind, are verified (id and signature) and delivered once even when several
 * relays carry them. Our own events are not delivered back. Relays are hostile by
 * default: oversized frames close the connection (then it reconnects with backoff),
 * garbage is ignored with a rate-limited log line, {@code OK false "rate-limited:"} and
 * rate-limit NOTICEs pause publishing to that relay, {@code CLOSED} subscriptions are
 * re-requested with backoff.
 *
 * <p>Outbound events go through a token bucket per relay; announcements (messages with
 * no {@code offerId}) are dropped first, offers, answers and candidates wait in a bounded
 * queue.
 */
public final class NostrSignaling implements SignalingStrategy {
    private static final Logger LOG = LoggerFactory.getLogger(NostrSignaling.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    /** Longest topic accepted (relays commonly limit tag values to 1024 characters). */
    public static final int MAX_TOPIC_LENGTH = 1024;

    private final Identity identity = Identity.generate();
    private final Options options;
    private final Map<String, TopicListener> topics = new ConcurrentHashMap<>();
    private final List<RelayConnection> relays;
    private final ScheduledThreadPoolExecutor scheduler;
    private final SeenEvents seen;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean flushPending = new AtomicBoolean();
    private final LogLimiter eventLog;

    /** Connects (in the background) to the given relays with default {@link Options}. */
    public NostrSignaling(List<URI> relayUrls) {
        this(relayUrls, Options.builder().build());
    }

    /**
     * Connects (in the background) to the given relays.
     *
     * @throws IllegalArgumentException naming a URL that is not {@code ws://} or {@code wss://} with a host
     */
    public NostrSignaling(List<URI> relayUrls, Options options) {
        Objects.requireNonNull(relayUrls, "relayUrls");
        this.options = Objects.requireNonNull(options, "options");
        Set<URI> unique = new LinkedHashSet<>();
        for (URI u : relayUrls) {
            unique.add(checkUrl(u));
        }
        if (unique.isEmpty()) {
            throw new IllegalArgumentException("nostr signalling needs at least one relay URL (ws:// or wss://); got none");
        }
        int n = INSTANCES.incrementAndGet();
        this.scheduler = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "peerset-nostr-" + n);
            t.setDaemon(true);
            return t;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.seen = new SeenEvents(options.dedupeCapacity());
        this.eventLog = new LogLimiter(options.logInterval().toMillis(), options.ticker());
        List<RelayConnection> list = new ArrayList<>();
        for (URI u : unique) {
            list.add(new RelayConnection(u, this, options, scheduler));
        }
        this.relays = List.copyOf(list);
        relays.forEach(RelayConnection::start);
    }

    /**
     * Checks that a URL is a WebSocket URL a relay can have.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    static URI checkUrl(URI u) {
        if (u == null) {
            throw new IllegalArgumentException("relay URL must not be null; expected ws://host[:port][/path] or wss://…");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss")) {
            throw new IllegalArgumentException("nostr relay URL must start with ws:// or wss://; got " + u);
        }
        if (u.getHost() == null || u.getHost().isEmpty()) {
            throw new IllegalArgumentException("nostr relay URL must name a host, like wss://relay.example.org; got " + u);
        }
        return u;
    }

    /** The Nostr event kind Trystero uses for a topic. */
    public static int kindOf(String topic) {
        return TrysteroIds.nostrKind(topic);
    }

    /** The ephemeral public key this instance signs with (hex). */
    public String publicKeyHex() {
        return identity.publicKeyHex();
    }

    @Override
    public void subscribe(String topic, TopicListener listener) {
        checkTopic(topic);
        Objects.requireNonNull(listener, "listener");
        if (closed.get()) {
            throw new IllegalStateException("this nostr signalling is closed; open a new one to subscribe");
        }
        topics.put(topic, listener);
        scheduleTopicFlush();
    }

    @Override
    public void unsubscribe(String topic) {
        if (topic != null && topics.remove(topic) != null) {
            scheduleTopicFlush();
        }
    }

    /** Batches topic changes made in quick succession into one REQ per relay, as Trystero does. */
    private void scheduleTopicFlush() {
        if (flushPending.compareAndSet(false, true)) {
            try {
                scheduler.schedule(() -> {
                    flushPending.set(false);
                    if (closed.get()) {
                        return;
                    }
                    Set<String> snapshot = Set.copyOf(topics.keySet());
                    for (RelayConnection r : relays) {
                        try {
                            r.setTopics(snapshot);
                        } catch (RuntimeException e) {
                            LOG.error("relay {}: internal error while subscribing", r.url(), e);
                        }
                    }
                }, options.subscribeDebounce().toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                flushPending.set(false); // closed meanwhile
            }
        }
    }

    /**
     * Signs the message as an event on the topic and sends it to every connected relay.
     *
     * @throws IllegalArgumentException if the topic is empty or too long, or the event would be over
     *                                  {@link SignedRecord#MAX_JSON_BYTES}
     */
    @Override
    public void publish(String topic, String message) {
        checkTopic(topic);
        Objects.requireNonNull(message, "message");
        if (closed.get()) {
            return;
        }
        SignedRecord event = eventFor(topic, message);
        String frame = "[\"EVENT\"," + event.toJson() + "]";
        int bytes = frame.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > SignedRecord.MAX_JSON_BYTES) {
            throw new IllegalArgumentException("signalling message too large: the event would be " + bytes
                    + " bytes, relays take at most " + SignedRecord.MAX_JSON_BYTES + "; send less (e.g. fewer ICE candidates)");
        }
        boolean announcement = isAnnouncement(message);
        for (RelayConnection r : relays) {
            try {
                r.publish(frame, announcement);
            } catch (RuntimeException e) {
                LOG.error("relay {}: internal error while publishing", r.url(), e);
            }
        }
    }

    /** The event Trystero would send: the topic's kind, one {@code x} tag, no other tags, signed by our ephemeral key. */
    SignedRecord eventFor(String topic, String message) {
        return identity.sign(Draft.text(message).kind(kindOf(topic)).tag("x", topic).createdAt(nowSeconds()));
    }

    /** Trystero's announcements are {@code {"peerId":…}}; offers, answers and candidates carry an offerId. */
    static boolean isAnnouncement(String message) {
        return !message.contains("\"offerId\"");
    }

    @Override
    public int connectedServers() {
        int n = 0;
        for (RelayConnection r : relays) {
            if (r.isOpen()) {
                n++;
            }
        }
        return n;
    }

    /** A snapshot of every relay's state and counters. */
    public List<RelayStatus> relayStatus() {
        List<RelayStatus> out = new ArrayList<>(relays.size());
        for (RelayConnection r : relays) {
            out.add(r.status());
        }
        return out;
    }

    /** Sends CLOSE for every subscription, closes the sockets and stops the timer thread. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        topics.clear();
        for (RelayConnection r : relays) {
            r.close();
        }
        scheduler.shutdownNow();
    }

    // ---- inbound ------------------------------------------------------------------------------------

    /**
     * One event from a relay, on a subscription of ours. Delivers it if it is valid, on a
     * subscribed topic, and new. Returns true if the event was valid for a subscribed topic
     * (delivered now or earlier through another relay).
     */
    boolean onEvent(RelayConnection relay, JsonNode node) {
        if (closed.get()) {
            return false;
        }
        SignedRecord event;
        try {
            event = SignedRecord.fromJson(node.toString());
        } catch (InvalidRecordException e) {
            relay.ignored("malformed event: " + e.getMessage());
            return false;
        }
        if (event.pubkey().equals(identity.publicKeyHex())) {
            return true; // our own event echoed back
        }
        Optional<String> x = event.tag("x");
        if (x.isEmpty()) {
            relay.ignored("event " + event.id() + " has no x tag; Trystero events carry [\"x\", topic]");
            return false;
        }
        String topic = x.get();
        TopicListener listener = topics.get(topic);
        if (listener == null) {
            relay.ignored("event " + event.id() + " is for topic " + RelayFrame.quote(topic) + " we are not subscribed to");
            return false;
        }
        int expectedKind = kindOf(topic);
        if (event.kind() != expectedKind) {
            relay.ignored("event " + event.id() + " has kind " + event.kind() + "; topic " + RelayFrame.quote(topic)
                    + " uses kind " + expectedKind);
            return false;
        }
        long age = nowSeconds() - event.createdAt();
        if (age > options.maxEventAge().toSeconds()) {
            relay.ignored("event " + event.id() + " is " + age + " s old; signalling events older than "
                    + options.maxEventAge().toSeconds() + " s are stale");
            return false;
        }
        if (seen.contains(event.id())) {
            return true;
        }
        try {
            event.verify();
        } catch (InvalidRecordException e) {
            relay.ignored("forged event: " + e.getMessage());
            return false;
        }
        if (!seen.add(event.id())) {
            return true; // another relay delivered it meanwhile
        }
        try {
            listener.onMessage(topic, event.content());
        } catch (RuntimeException e) {
            long s = eventLog.tryAcquire();
            if (s >= 0) {
                LOG.error("topic listener failed on a message from relay {}{}", relay.url(), LogLimiter.suffix(s), e);
            }
        }
        return true;
    }

    long nowSeconds() {
        return System.currentTimeMillis() / 1000;
    }

    private static void checkTopic(String topic) {
        if (topic == null || topic.isEmpty() || topic.length() > MAX_TOPIC_LENGTH) {
            throw new IllegalArgumentException("topic must be 1 to " + MAX_TOPIC_LENGTH + " characters; got "
                    + (topic == null ? "null" : topic.length() + " characters"));
        }
    }

    /** Tuning of a {@link NostrSignaling}; every value has a default fit for public relays. */
    public static final class Options {
        private final double eventsPerSecond;
        private final int burst;
        private final double inboundEventsPerSecond;
        private final int inboundBurst;
        private final int maxQueuedPerRelay;
        private final int maxFrameBytes;
        private final int maxTopicsPerSubscription;
        private final int dedupeCapacity;
        private final Duration sinceSlack;
        private final Duration maxEventAge;
        private final Duration reconnectMin;
        private final Duration reconnectMax;
        private final Duration stableAfter;
        private final Duration resubscribeMin;
        private final Duration resubscribeMax;
        private final Duration rateLimitPauseMin;
        private final Duration rateLimitPauseMax;
        private final Duration connectTimeout;
        private final Duration pingInterval;
        private final Duration subscribeDebounce;
        private final Duration logInterval;
        private final LongSupplier ticker;

        private Options(Builder b) {
            this.eventsPerSecond = b.eventsPerSecond;
            this.burst = b.burst;
            this.inboundEventsPerSecond = b.inboundEventsPerSecond;
            this.inboundBurst = b.inboundBurst;
            this.maxQueuedPerRelay = b.maxQueuedPerRelay;
            this.maxFrameBytes = b.maxFrameBytes;
            this.maxTopicsPerSubscription = b.maxTopicsPerSubscription;
            this.dedupeCapacity = b.dedupeCapacity;
            this.sinceSlack = b.sinceSlack;
            this.maxEventAge = b.maxEventAge;
            this.reconnectMin = b.reconnectMin;
            this.reconnectMax = b.reconnectMax;
            this.stableAfter = b.stableAfter;
            this.resubscribeMin = b.resubscribeMin;
            this.resubscribeMax = b.resubscribeMax;
            this.rateLimitPauseMin = b.rateLimitPauseMin;
            this.rateLimitPauseMax = b.rateLimitPauseMax;
            this.connectTimeout = b.connectTimeout;
            this.pingInterval = b.pingInterval;
            this.subscribeDebounce = b.subscribeDebounce;
            this.logInterval = b.logInterval;
            this.ticker = b.ticker;
        }

        public static Builder builder() {
            return new Builder();
        }

        public double eventsPerSecond() { return eventsPerSecond; }
        public int burst() { return burst; }
        public double inboundEventsPerSecond() { return inboundEventsPerSecond; }
        public int inboundBurst() { return inboundBurst; }
        public int maxQueuedPerRelay() { return maxQueuedPerRelay; }
        public int maxFrameBytes() { return maxFrameBytes; }
        public int maxTopicsPerSubscription() { return maxTopicsPerSubscription; }
        public int dedupeCapacity() { return dedupeCapacity; }
        public Duration sinceSlack() { return sinceSlack; }
        public Duration maxEventAge() { return maxEventAge; }
        public Duration reconnectMin() { return reconnectMin; }
        public Duration reconnectMax() { return reconnectMax; }
        public Duration stableAfter() { return stableAfter; }
        public Duration resubscribeMin() { return resubscribeMin; }
        public Duration resubscribeMax() { return resubscribeMax; }
        public Duration rateLimitPauseMin() { return rateLimitPauseMin; }
        public Duration rateLimitPauseMax() { return rateLimitPauseMax; }
        public Duration connectTimeout() { return connectTimeout; }
        public Duration pingInterval() { return pingInterval; }
        public Duration subscribeDebounce() { return subscribeDebounce; }
        public Duration logInterval() { return logInterval; }
        LongSupplier ticker() { return ticker; }

        /** Builds {@link Options}; {@link #build()} checks every value and names the bad one. */
        public static final class Builder {
            private double eventsPerSecond = 10;
            private int burst = 20;
            private double inboundEventsPerSecond = 200;
            private int inboundBurst = 400;
            private int maxQueuedPerRelay = 256;
            private int maxFrameBytes = 128 * 1024;
            private int maxTopicsPerSubscription = 20;
            private int dedupeCapacity = 4096;
            private Duration sinceSlack = Duration.ofSeconds(10);
            private Duration maxEventAge = Duration.ofMinutes(10);
            private Duration reconnectMin = Duration.ofSeconds(1);
            private Duration reconnectMax = Duration.ofSeconds(60);
            private Duration stableAfter = Duration.ofSeconds(30);
            private Duration resubscribeMin = Duration.ofSeconds(5);
            private Duration resubscribeMax = Duration.ofMinutes(5);
            private Duration rateLimitPauseMin = Duration.ofSeconds(5);
            private Duration rateLimitPauseMax = Duration.ofMinutes(5);
            private Duration connectTimeout = Duration.ofSeconds(10);
            private Duration pingInterval = Duration.ofSeconds(30);
            private Duration subscribeDebounce = Duration.ofMillis(20);
            private Duration logInterval = Duration.ofSeconds(10);
            private LongSupplier ticker = System::nanoTime;

            private Builder() {}

            /** Outbound events per second to one relay (default 10) and how many may go at once (default 20). */
            public Builder rateLimit(double eventsPerSecond, int burst) {
                this.eventsPerSecond = eventsPerSecond;
                this.burst = burst;
                return this;
            }

            /**
             * Events checked per second from one relay (default 200, burst 400): a relay flooding us
             * with events to verify cannot take more CPU than this; the rest are dropped.
             */
            public Builder inboundRateLimit(double eventsPerSecond, int burst) {
                this.inboundEventsPerSecond = eventsPerSecond;
                this.inboundBurst = burst;
                return this;
            }

            /** Offers/answers/candidates waiting for the rate limit, per relay (default 256). */
            public Builder maxQueuedPerRelay(int n) { this.maxQueuedPerRelay = n; return this; }

            /** Largest message accepted from a relay (default 128 KiB); a larger frame closes the connection. */
            public Builder maxFrameBytes(int n) { this.maxFrameBytes = n; return this; }

            /** Topics per REQ filter (default 20, within common relay limits on kinds per filter). */
            public Builder maxTopicsPerSubscription(int n) { this.maxTopicsPerSubscription = n; return this; }

            /** Event ids remembered to drop copies from other relays (default 4096). */
            public Builder dedupeCapacity(int n) { this.dedupeCapacity = n; return this; }

            /** How far before now a subscription's {@code since} reaches (default 10 s). */
            public Builder sinceSlack(Duration d) { this.sinceSlack = d; return this; }

            /** Events older than this are ignored (default 10 min). */
            public Builder maxEventAge(Duration d) { this.maxEventAge = d; return this; }

            /** Reconnect delay bounds (default 1 s doubling to 60 s, with jitter). */
            public Builder reconnect(Duration min, Duration max) { this.reconnectMin = min; this.reconnectMax = max; return this; }

            /** A connection open this long resets the reconnect backoff when it drops (default 30 s). */
            public Builder stableAfter(Duration d) { this.stableAfter = d; return this; }

            /** Delay bounds before asking again for a subscription the relay CLOSED (default 5 s to 5 min). */
            public Builder resubscribe(Duration min, Duration max) { this.resubscribeMin = min; this.resubscribeMax = max; return this; }

            /** Pause bounds after a relay says we are rate-limited (default 5 s to 5 min). */
            public Builder rateLimitPause(Duration min, Duration max) { this.rateLimitPauseMin = min; this.rateLimitPauseMax = max; return this; }

            /** WebSocket connect timeout (default 10 s). */
            public Builder connectTimeout(Duration d) { this.connectTimeout = d; return this; }

            /** WebSocket ping interval; a relay that does not answer for this long is reconnected (default 30 s). */
            public Builder pingInterval(Duration d) { this.pingInterval = d; return this; }

            /** Topic changes within this window go out in one REQ (default 20 ms). */
            public Builder subscribeDebounce(Duration d) { this.subscribeDebounce = d; return this; }

            /** At most one log line per relay and kind of trouble per interval (default 10 s). */
            public Builder logInterval(Duration d) { this.logInterval = d; return this; }

            /** Source of monotonic nanoseconds for rate limits and pauses (tests freeze it). */
            Builder ticker(LongSupplier nanoTime) { this.ticker = nanoTime; return this; }

            public Options build() {
                if (!(eventsPerSecond > 0) || eventsPerSecond > 1e6) {
                    throw new IllegalArgumentException("rateLimit eventsPerSecond must be above 0 and at most 1e6; got " + eventsPerSecond);
                }
                positive("rateLimit burst", burst);
                if (!(inboundEventsPerSecond > 0) || inboundEventsPerSecond > 1e6) {
                    throw new IllegalArgumentException("inboundRateLimit eventsPerSecond must be above 0 and at most 1e6; got "
                            + inboundEventsPerSecond);
                }
                positive("inboundRateLimit burst", inboundBurst);
                positive("maxQueuedPerRelay", maxQueuedPerRelay);
                if (maxFrameBytes < 4096) {
                    throw new IllegalArgumentException("maxFrameBytes must be at least 4096 to hold one event; got " + maxFrameBytes);
                }
                positive("maxTopicsPerSubscription", maxTopicsPerSubscription);
                positive("dedupeCapacity", dedupeCapacity);
                notNegative("sinceSlack", sinceSlack);
                positive("maxEventAge", maxEventAge);
                range("reconnect", reconnectMin, reconnectMax);
                notNegative("stableAfter", stableAfter);
                range("resubscribe", resubscribeMin, resubscribeMax);
                range("rateLimitPause", rateLimitPauseMin, rateLimitPauseMax);
                positive("connectTimeout", connectTimeout);
                if (pingInterval == null || pingInterval.toSeconds() < 1) {
                    throw new IllegalArgumentException("pingInterval must be at least 1 s; got " + pingInterval);
                }
                notNegative("subscribeDebounce", subscribeDebounce);
                notNegative("logInterval", logInterval);
                Objects.requireNonNull(ticker, "ticker");
                return new Options(this);
            }

            private static void positive(String name, int v) {
                if (v < 1) {
                    throw new IllegalArgumentException(name + " must be at least 1; got " + v);
                }
            }

            private static void positive(String name, Duration d) {
                if (d == null || d.isNegative() || d.isZero()) {
                    throw new IllegalArgumentException(name + " must be a positive duration; got " + d);
                }
            }

            private static void notNegative(String name, Duration d) {
                if (d == null || d.isNegative()) {
                    throw new IllegalArgumentException(name + " must not be negative; got " + d);
                }
            }

            private static void range(String name, Duration min, Duration max) {
                positive(name + " min", min);
                positive(name + " max", max);
                if (max.compareTo(min) < 0) {
                    throw new IllegalArgumentException(name + " max must not be below its min; got min " + min + ", max " + max);
                }
            }
        }
    }
}
