package io.peerset.api;

import io.peerset.api.spi.EngineProvider;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * Everything a node is built with. Immutable; made by {@link Builder}, which
 * validates at {@link Builder#build()} and names the bad field.
 */
public final class PeersetConfig {
    /**
     * Signalling by name with its server URLs (empty list = the strategy's defaults).
     *
     * @param name the signalling strategy's name
     * @param urls its server URLs; empty for the strategy's defaults
     */
    public record SignalingChoice(String name, List<URI> urls) {
        /**
         * Checks the name and copies the URLs.
         *
         * @param name the signalling strategy's name, not null
         * @param urls its server URLs; empty for the strategy's defaults
         */
        public SignalingChoice {
            Objects.requireNonNull(name, "signaling name");
            urls = List.copyOf(urls);
        }
    }

    private final Identity identity;
    private final String storeName;
    private final String storeLocation;
    private final Map<String, String> storeOptions;
    private final List<SignalingChoice> signaling;
    private final Moderation moderation;
    private final Duration retention;
    /** The default of {@link #maxFutureSkew()}: 10 minutes (clocks drift; a record from next week would outlive the rest). */
    public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofMinutes(10);
    private final Duration maxFutureSkew;
    private final Duration signalingTimeout;
    private final Duration handshakeTimeout;
    private final Duration challengeTimeout;
    private final Duration idleTimeout;
    private final Duration maxSessionLength;
    private final Duration syncInterval;
    private final int maxPeers;
    private final int strikeThreshold;
    private final Duration banDuration;
    private final int authorStrikeThreshold;
    private final Duration strikeDecay;
    private final int maxMessagesPerSecond;
    private final long maxBytesPerSecond;
    private final Clock clock;
    private final Ticker ticker;
    private final boolean ribltSync;
    private final boolean signatureCache;

    private PeersetConfig(Builder b) {
        this.identity = b.identity != null ? b.identity : Identity.generate();
        this.storeName = b.storeName;
        this.storeLocation = b.storeLocation;
        this.storeOptions = Map.copyOf(b.storeOptions);
        this.signaling = b.signaling.isEmpty() ? List.of(new SignalingChoice("memory", List.of())) : List.copyOf(b.signaling);
        this.moderation = b.moderation;
        this.retention = b.retention;
        this.maxFutureSkew = b.maxFutureSkew;
        this.signalingTimeout = b.signalingTimeout;
        this.handshakeTimeout = b.handshakeTimeout;
        this.challengeTimeout = b.challengeTimeout;
        this.idleTimeout = b.idleTimeout;
        this.maxSessionLength = b.maxSessionLength;
        this.syncInterval = b.syncInterval;
        this.maxPeers = b.maxPeers;
        this.strikeThreshold = b.strikeThreshold;
        this.banDuration = b.banDuration;
        this.authorStrikeThreshold = b.authorStrikeThreshold;
        this.strikeDecay = b.strikeDecay;
        this.maxMessagesPerSecond = b.maxMessagesPerSecond;
        this.maxBytesPerSecond = b.maxBytesPerSecond;
        this.clock = b.clock;
        this.ticker = b.ticker;
        this.ribltSync = b.ribltSync;
        this.signatureCache = b.signatureCache;
    }

    static Builder builder() { return new Builder(); }

    /** {@return the node's identity (generated if none was set)} */
    public Identity identity() { return identity; }
    /** {@return the store provider name ({@code memory}, {@code xodus}, …)} */
    public String storeName() { return storeName; }
    /** {@return the store location (a directory for durable stores)} */
    public String storeLocation() { return storeLocation; }
    /** {@return the store provider's extra options, immutable} */
    public Map<String, String> storeOptions() { return storeOptions; }
    /** {@return the signalling strategies, all used at once (peers found on any)} */
    public List<SignalingChoice> signaling() { return signaling; }
    /** {@return the moderation policy applied to incoming records} */
    public Moderation moderation() { return moderation; }
    /** {@return the age beyond which records are pruned and refused (default 90 days)} */
    public Duration retention() { return retention; }
    /**
     * {@return how far in the future a record may be dated before it is refused (default
     * {@link #DEFAULT_MAX_FUTURE_SKEW}, 10 minutes)} The engine's time window is the one timestamp
     * rule; the {@code timestamp-bounds} moderation filter can only narrow it.
     */
    public Duration maxFutureSkew() { return maxFutureSkew; }
    /** {@return how long an offer may wait for its answer and the channel to open (default 30 s)} */
    public Duration signalingTimeout() { return signalingTimeout; }
    /** {@return how long the Trystero handshake may take once the channel is open (default 10 s)} */
    public Duration handshakeTimeout() { return handshakeTimeout; }
    /** {@return how long a peer has to answer the key challenge (default 10 s)} */
    public Duration challengeTimeout() { return challengeTimeout; }
    /** {@return how long a peer may stay silent (no pong either) before it is dropped (default 60 s)} */
    public Duration idleTimeout() { return idleTimeout; }
    /** {@return the longest a session may last before it is recycled (default 6 h)} */
    public Duration maxSessionLength() { return maxSessionLength; }
    /** {@return how often connected peers reconcile even without news (default 30 s)} */
    public Duration syncInterval() { return syncInterval; }
    /** {@return the most connections one room keeps (default 32)} */
    public int maxPeers() { return maxPeers; }
    /** {@return the number of strikes after which a peer is dropped and banned (default 10)} */
    public int strikeThreshold() { return strikeThreshold; }
    /** {@return how long a ban lasts (default 1 h)} */
    public Duration banDuration() { return banDuration; }
    /**
     * Records of one author refused by moderation after which the author is banned for
     * {@link #banDuration()}: their records are then refused from anyone (default 10).
     *
     * @return the author strike threshold
     */
    public int authorStrikeThreshold() { return authorStrikeThreshold; }
    /** {@return the interval per which one strike (of a peer or author) is forgiven (default 1 minute)} */
    public Duration strikeDecay() { return strikeDecay; }
    /**
     * Messages per second one peer may send on average (default 500; bursts of a
     * second's worth pass at once). Faster peers are slowed down, then struck, then banned.
     *
     * @return the per-peer message rate limit
     */
    public int maxMessagesPerSecond() { return maxMessagesPerSecond; }
    /** {@return the bytes per second one peer may send on average (default 8 MiB)}; enforced like {@link #maxMessagesPerSecond()}. */
    public long maxBytesPerSecond() { return maxBytesPerSecond; }
    /**
     * The wall clock: record timestamps (drafts without a creation time are dated by it when a room
     * signs them), the future and retention bounds, moderation's {@code now()}, bans and pruning
     * (default {@link Clock#systemUTC()}).
     *
     * @return the wall clock
     */
    public Clock clock() { return clock; }
    /**
     * The monotonic time source for every elapsed time the engine judges: session timeouts, flood
     * control, peer and author strikes, replacements in a full room (default {@link Ticker#system()}).
     *
     * @return the ticker
     */
    public Ticker ticker() { return ticker; }
    /**
     * Whether this node offers the rateless-IBLT sync {@code riblt1} in its hello (default on);
     * off, every sync with every peer uses Negentropy {@code neg1}.
     *
     * @return true if {@code riblt1} is offered
     */
    public boolean ribltSync() { return ribltSync; }
    /**
     * Whether this node consults the JVM-wide cache of (id, sig) pairs whose signature already
     * verified (default on). Off, the node checks every signature itself, as a node alone in its
     * process would: for benchmarks of several nodes in one JVM.
     *
     * @return true if the shared signature cache is used
     */
    public boolean signatureCache() { return signatureCache; }

    /** Builds a {@link Peerset}; every setter checks its argument and the message names the field. */
    public static final class Builder {
        private Identity identity;
        private String storeName = "memory";
        private String storeLocation = "";
        private final Map<String, String> storeOptions = new LinkedHashMap<>();
        private final List<SignalingChoice> signaling = new ArrayList<>();
        private Moderation moderation = Moderation.open();
        private Duration retention = Duration.ofDays(90);
        private Duration maxFutureSkew = DEFAULT_MAX_FUTURE_SKEW;
        private Duration signalingTimeout = Duration.ofSeconds(30);
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private Duration challengeTimeout = Duration.ofSeconds(10);
        private Duration idleTimeout = Duration.ofSeconds(60);
        private Duration maxSessionLength = Duration.ofHours(6);
        private Duration syncInterval = Duration.ofSeconds(30);
        private int maxPeers = 32;
        private int strikeThreshold = 10;
        private Duration banDuration = Duration.ofHours(1);
        private int authorStrikeThreshold = 10;
        private Duration strikeDecay = Duration.ofMinutes(1);
        private int maxMessagesPerSecond = 500;
        private long maxBytesPerSecond = 8L << 20;
        private Clock clock = Clock.systemUTC();
        private Ticker ticker = Ticker.system();
        private boolean ribltSync = true;
        private boolean signatureCache = true;

        private Builder() {}

        /**
         * Sets the node's identity; if never called, a fresh one is generated.
         *
         * @param identity the identity to sign with
         * @return this builder
         */
        public Builder identity(Identity identity) {
            this.identity = Objects.requireNonNull(identity, "identity");
            return this;
        }

        /**
         * The store by provider name, e.g. {@code store("xodus", "data")}.
         *
         * @param name the store provider name, not blank
         * @param location the store location (a directory for durable stores), not null
         * @return this builder
         */
        public Builder store(String name, String location) {
            this.storeName = requireText("store name", name);
            this.storeLocation = Objects.requireNonNull(location, "store location");
            return this;
        }

        /**
         * Adds an option passed to the store provider.
         *
         * @param key the option name, not blank
         * @param value the option value, not null
         * @return this builder
         */
        public Builder storeOption(String key, String value) {
            storeOptions.put(requireText("store option key", key), Objects.requireNonNull(value, "store option value"));
            return this;
        }

        /**
         * Adds a signalling strategy by name; no URLs = its public defaults. May be called several times.
         *
         * @param name the signalling strategy's name, not blank
         * @param urls its server URLs; none for its defaults
         * @return this builder
         */
        public Builder signaling(String name, URI... urls) {
            signaling.add(new SignalingChoice(requireText("signaling name", name), List.of(urls)));
            return this;
        }

        /**
         * Adds a signalling strategy by name with these URLs.
         *
         * @param name the signalling strategy's name, not blank
         * @param urls its server URLs; empty for its defaults
         * @return this builder
         */
        public Builder signaling(String name, List<URI> urls) {
            signaling.add(new SignalingChoice(requireText("signaling name", name), urls));
            return this;
        }

        /**
         * Sets the moderation policy (default {@link Moderation#open()}).
         *
         * @param moderation the policy, not null
         * @return this builder
         */
        public Builder moderation(Moderation moderation) {
            this.moderation = Objects.requireNonNull(moderation, "moderation");
            return this;
        }

        /**
         * Sets {@link PeersetConfig#retention()}.
         *
         * @param d a positive duration
         * @return this builder
         */
        public Builder retention(Duration d) { this.retention = positive("retention", d); return this; }
        /**
         * Sets {@link PeersetConfig#maxFutureSkew()}.
         *
         * @param d a positive duration
         * @return this builder
         */
        public Builder maxFutureSkew(Duration d) { this.maxFutureSkew = positive("maxFutureSkew", d); return this; }
        /**
         * Sets {@link PeersetConfig#signalingTimeout()}.
         *
         * @param d a positive duration
         * @return this builder
         */
        public Builder signalingTimeout(Duration d) { this.signalingTimeout = positive("signalingTimeout", d); return this; }
        /**
         * Sets {@link PeersetConfig#handshakeTimeout()}; must be shorter than the maximum session length.
         *
         * @param d a positive duration
         * @return this builder
         */
        public Builder handshakeTimeout(Duration d) { this.handshakeTimeout = positive("handshakeTimeout", d); return this; }
        /**
         * Sets {@link PeersetConfig#challengeTimeout()}.
         *
         * @param d a positive duration
         * @return this builder
         */
        public Builder challengeTimeout(Duration d) { this.challengeTimeout = positive("challengeTimeout", d); return this; }
        /**
         * Sets {@link PeersetConfig#idleTimeout()}.
         *
         * @param d a positive duration
         * @return this builder
         */
        public Builder idleTimeout(Duration d) { this.idleTimeout = positive("idleTimeout", d); return this; }
        /**
         * Sets {@link PeersetConfig#maxSessionLength()}.
         *
         * @param d a positive duration
         * @return this builder
         */
        public Builder maxSessionLength(Duration d) { this.maxSessionLength = positive("maxSessionLength", d); return this; }
        /**
         * Sets {@link PeersetConfig#syncInterval()}.
         *
         * @param d a positive duration
         * @return this builder
         */
        public Builder syncInterval(Duration d) { this.syncInterval = positive("syncInterval", d); return this; }
        /**
         * Sets {@link PeersetConfig#banDuration()}.
         *
         * @param d a positive duration
         * @return this builder
         */
        public Builder banDuration(Duration d) { this.banDuration = positive("banDuration", d); return this; }
        /**
         * One strike of a peer or author is forgiven per this interval; see {@link PeersetConfig#strikeDecay()}.
         *
         * @param d a positive duration
         * @return this builder
         */
        public Builder strikeDecay(Duration d) { this.strikeDecay = positive("strikeDecay", d); return this; }

        /**
         * Moderation refusals after which an author is banned; see {@link PeersetConfig#authorStrikeThreshold()}.
         *
         * @param n the threshold, at least 1
         * @return this builder
         */
        public Builder authorStrikeThreshold(int n) {
            if (n < 1) throw new IllegalArgumentException("authorStrikeThreshold must be at least 1; got " + n);
            this.authorStrikeThreshold = n;
            return this;
        }

        /**
         * Per-peer message rate limit; see {@link PeersetConfig#maxMessagesPerSecond()}.
         *
         * @param n messages per second, at least 1
         * @return this builder
         */
        public Builder maxMessagesPerSecond(int n) {
            if (n < 1) throw new IllegalArgumentException("maxMessagesPerSecond must be at least 1; got " + n);
            this.maxMessagesPerSecond = n;
            return this;
        }

        /**
         * Per-peer byte rate limit; see {@link PeersetConfig#maxBytesPerSecond()}. At least 64 KiB/s (one whole message).
         *
         * @param n bytes per second, at least 65536
         * @return this builder
         */
        public Builder maxBytesPerSecond(long n) {
            if (n < 65_536) throw new IllegalArgumentException("maxBytesPerSecond must be at least 65536 (one 64 KiB message per second); got " + n);
            this.maxBytesPerSecond = n;
            return this;
        }

        /**
         * Sets {@link PeersetConfig#maxPeers()}.
         *
         * @param n the connection limit per room, between 1 and 10000
         * @return this builder
         */
        public Builder maxPeers(int n) {
            if (n < 1 || n > 10_000) throw new IllegalArgumentException("maxPeers must be between 1 and 10000; got " + n);
            this.maxPeers = n;
            return this;
        }

        /**
         * Sets {@link PeersetConfig#strikeThreshold()}.
         *
         * @param n the number of strikes, at least 1
         * @return this builder
         */
        public Builder strikeThreshold(int n) {
            if (n < 1) throw new IllegalArgumentException("strikeThreshold must be at least 1; got " + n);
            this.strikeThreshold = n;
            return this;
        }

        /**
         * Sets the wall clock (default {@link Clock#systemUTC()}); see {@link PeersetConfig#clock()}. Useful in tests.
         *
         * @param clock the clock, not null
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets the ticker (default {@link Ticker#system()}); see {@link PeersetConfig#ticker()}. Useful in tests.
         *
         * @param ticker the ticker, not null
         * @return this builder
         */
        public Builder ticker(Ticker ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /**
         * Sets {@link PeersetConfig#ribltSync()}: whether the hello offers {@code riblt1} (default true).
         *
         * @param on false to reconcile with Negentropy only
         * @return this builder
         */
        public Builder ribltSync(boolean on) {
            this.ribltSync = on;
            return this;
        }

        /**
         * Sets {@link PeersetConfig#signatureCache()}: whether the JVM-wide cache of verified
         * signatures is used (default true).
         *
         * @param on false to verify every signature as a node alone in its JVM would
         * @return this builder
         */
        public Builder signatureCache(boolean on) {
            this.signatureCache = on;
            return this;
        }

        /**
         * The validated configuration, without starting anything.
         *
         * @return the configuration
         * @throws IllegalArgumentException if the handshake timeout is not shorter than the maximum session length
         */
        public PeersetConfig buildConfig() {
            if (handshakeTimeout.compareTo(maxSessionLength) >= 0) {
                throw new IllegalArgumentException("handshakeTimeout (" + handshakeTimeout + ") must be shorter than maxSessionLength (" + maxSessionLength + ")");
            }
            return new PeersetConfig(this);
        }

        /**
         * Starts the node.
         *
         * @return the started node
         * @throws IllegalStateException if no engine (peerset-core) or a named store/signalling module is missing
         */
        public Peerset build() {
            PeersetConfig config = buildConfig();
            for (EngineProvider p : ServiceLoader.load(EngineProvider.class, PeersetConfig.class.getClassLoader())) {
                return p.start(config);
            }
            throw new IllegalStateException("no peerset engine on the classpath: add the peerset-core module to your dependencies");
        }

        private static String requireText(String field, String v) {
            if (v == null || v.isBlank()) throw new IllegalArgumentException(field + " must not be empty");
            return v;
        }

        private static Duration positive(String field, Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(field + " must be a positive duration; got " + d);
            }
            return d;
        }
    }
}
