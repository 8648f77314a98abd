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
    private final Retention retention;
    /** The default of {@link #maxFutureSkew()}: 10 minutes (clocks drift; a record from next week would outlive the rest). */
    public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofMinutes(10);
    private final Duration maxFutureSkew;
    private final Timeouts timeouts;
    private final int maxPeers;
    private final AbuseLimits abuseLimits;
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
        this.retention = b.retention.build();
        this.maxFutureSkew = b.maxFutureSkew;
        this.timeouts = b.timeouts.build();
        this.maxPeers = b.maxPeers;
        this.abuseLimits = b.abuseLimits.build();
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
    /** {@return which records are kept and how often the rest is pruned} */
    public Retention retentionPolicy() { return retention; }
    /** {@return how long each step of a connection may take} */
    public Timeouts timeouts() { return timeouts; }
    /** {@return what the node tolerates from peers and authors before it slows, strikes and bans them} */
    public AbuseLimits abuseLimits() { return abuseLimits; }
    /** {@return {@link Retention#maxAge()} of {@link #retentionPolicy()}: records older are pruned and refused (default 90 days)} */
    public Duration retention() { return retention.maxAge(); }
    /**
     * {@return how far in the future a record may be dated before it is refused (default
     * {@link #DEFAULT_MAX_FUTURE_SKEW}, 10 minutes)} The engine's time window is the one timestamp
     * rule; the {@code timestamp-bounds} moderation filter can only narrow it.
     */
    public Duration maxFutureSkew() { return maxFutureSkew; }
    /** {@return {@link Timeouts#signaling()} of {@link #timeouts()} (default 30 s)} */
    public Duration signalingTimeout() { return timeouts.signaling(); }
    /** {@return {@link Timeouts#handshake()} of {@link #timeouts()} (default 10 s)} */
    public Duration handshakeTimeout() { return timeouts.handshake(); }
    /** {@return {@link Timeouts#challenge()} of {@link #timeouts()} (default 10 s)} */
    public Duration challengeTimeout() { return timeouts.challenge(); }
    /** {@return {@link Timeouts#idle()} of {@link #timeouts()} (default 60 s)} */
    public Duration idleTimeout() { return timeouts.idle(); }
    /** {@return {@link Timeouts#maxSession()} of {@link #timeouts()} (default 6 h)} */
    public Duration maxSessionLength() { return timeouts.maxSession(); }
    /** {@return {@link Timeouts#syncInterval()} of {@link #timeouts()} (default 30 s)} */
    public Duration syncInterval() { return timeouts.syncInterval(); }
    /** {@return the most connections one room keeps (default 32)} */
    public int maxPeers() { return maxPeers; }
    /** {@return {@link AbuseLimits#strikeThreshold()} of {@link #abuseLimits()} (default 10)} */
    public int strikeThreshold() { return abuseLimits.strikeThreshold(); }
    /** {@return {@link AbuseLimits#banDuration()} of {@link #abuseLimits()} (default 1 h)} */
    public Duration banDuration() { return abuseLimits.banDuration(); }
    /**
     * Records of one author refused by moderation after which the author is banned for
     * {@link #banDuration()}: their records are then refused from anyone (default 10);
     * {@link AbuseLimits#authorStrikeThreshold()} of {@link #abuseLimits()}.
     *
     * @return the author strike threshold
     */
    public int authorStrikeThreshold() { return abuseLimits.authorStrikeThreshold(); }
    /** {@return {@link AbuseLimits#strikeDecay()} of {@link #abuseLimits()} (default 1 minute)} */
    public Duration strikeDecay() { return abuseLimits.strikeDecay(); }
    /**
     * Messages per second one peer may send on average (default 500; bursts of a
     * second's worth pass at once). Faster peers are slowed down, then struck, then banned;
     * {@link AbuseLimits#maxMessagesPerSecond()} of {@link #abuseLimits()}.
     *
     * @return the per-peer message rate limit
     */
    public int maxMessagesPerSecond() { return abuseLimits.maxMessagesPerSecond(); }
    /** {@return {@link AbuseLimits#maxBytesPerSecond()} of {@link #abuseLimits()} (default 8 MiB)}; enforced like {@link #maxMessagesPerSecond()}. */
    public long maxBytesPerSecond() { return abuseLimits.maxBytesPerSecond(); }
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
        private Retention.Builder retention = Retention.builder();
        private Duration maxFutureSkew = DEFAULT_MAX_FUTURE_SKEW;
        private Timeouts.Builder timeouts = Timeouts.builder();
        private int maxPeers = 32;
        private AbuseLimits.Builder abuseLimits = AbuseLimits.builder();
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
        public Builder retention(Duration d) { retention.maxAge(d); return this; }
        /**
         * Sets {@link PeersetConfig#maxFutureSkew()}.
         *
         * @param d a positive duration
         * @return this builder
         */
        public Builder maxFutureSkew(Duration d) { this.maxFutureSkew = Durations.positive("maxFutureSkew", d); return this; }
        /**
         * Sets {@link PeersetConfig#signalingTimeout()}.
         *
         * @param d a positive duration
         * @return this builder
         */
        public Builder signalingTimeout(Duration d) { timeouts.signaling(d); return this; }
        /**
         * Sets {@link PeersetConfig#handshakeTimeout()}; must be shorter than the maximum session length.
         *
         * @param d a positive duration
         * @return this builder
         */
        public Builder handshakeTimeout(Duration d) { timeouts.handshake(d); return this; }
        /**
         * Sets {@link PeersetConfig#challengeTimeout()}.
         *
         * @param d a positive duration
         * @return this builder
         */
        public Builder challengeTimeout(Duration d) { timeouts.challenge(d); return this; }
        /**
         * Sets {@link PeersetConfig#idleTimeout()}.
         *
         * @param d a positive duration
         * @return this builder
         */
        public Builder idleTimeout(Duration d) { timeouts.idle(d); return this; }
        /**
         * Sets {@link PeersetConfig#maxSessionLength()}.
         *
         * @param d a positive duration
         * @return this builder
         */
        public Builder maxSessionLength(Duration d) { timeouts.maxSession(d); return this; }
        /**
         * Sets {@link PeersetConfig#syncInterval()}.
         *
         * @param d a positive duration
         * @return this builder
         */
        public Builder syncInterval(Duration d) { timeouts.syncInterval(d); return this; }
        /**
         * Sets {@link PeersetConfig#banDuration()}.
         *
         * @param d a positive duration
         * @return this builder
         */
        public Builder banDuration(Duration d) { abuseLimits.banDuration(d); return this; }
        /**
         * One strike of a peer or author is forgiven per this interval; see {@link PeersetConfig#strikeDecay()}.
         *
         * @param d a positive duration
         * @return this builder
         */
        public Builder strikeDecay(Duration d) { abuseLimits.strikeDecay(d); return this; }

        /**
         * Moderation refusals after which an author is banned; see {@link PeersetConfig#authorStrikeThreshold()}.
         *
         * @param n the threshold, at least 1
         * @return this builder
         */
        public Builder authorStrikeThreshold(int n) {
            abuseLimits.authorStrikeThreshold(n);
            return this;
        }

        /**
         * Per-peer message rate limit; see {@link PeersetConfig#maxMessagesPerSecond()}.
         *
         * @param n messages per second, at least 1
         * @return this builder
         */
        public Builder maxMessagesPerSecond(int n) {
            abuseLimits.maxMessagesPerSecond(n);
            return this;
        }

        /**
         * Per-peer byte rate limit; see {@link PeersetConfig#maxBytesPerSecond()}. At least 64 KiB/s (one whole message).
         *
         * @param n bytes per second, at least 65536
         * @return this builder
         */
        public Builder maxBytesPerSecond(long n) {
            abuseLimits.maxBytesPerSecond(n);
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
            abuseLimits.strikeThreshold(n);
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
         * Sets all of {@link PeersetConfig#timeouts()} at once; later single-value setters change single values.
         *
         * @param timeouts the timeouts, not null
         * @return this builder
         */
        public Builder timeouts(Timeouts timeouts) {
            this.timeouts = Objects.requireNonNull(timeouts, "timeouts").toBuilder();
            return this;
        }

        /**
         * Sets all of {@link PeersetConfig#abuseLimits()} at once; later single-value setters change single values.
         *
         * @param limits the limits, not null
         * @return this builder
         */
        public Builder abuseLimits(AbuseLimits limits) {
            this.abuseLimits = Objects.requireNonNull(limits, "abuseLimits").toBuilder();
            return this;
        }

        /**
         * Sets all of {@link PeersetConfig#retentionPolicy()} at once; {@link #retention(Duration)} later changes its maximum age.
         *
         * @param retention the retention, not null
         * @return this builder
         */
        public Builder retention(Retention retention) {
            this.retention = Objects.requireNonNull(retention, "retention").toBuilder();
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

    }
}
