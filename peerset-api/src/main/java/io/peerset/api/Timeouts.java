package io.peerset.api;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a node waits for each step of a connection, one immutable group of
 * {@link PeersetConfig}: made by {@link #builder()} (or {@link #toBuilder()}), validated
 * at every setter and at {@link Builder#build()}, set with
 * {@link PeersetConfig.Builder#timeouts(Timeouts)}. The single-value setters of
 * {@link PeersetConfig.Builder} ({@code idleTimeout(…)}, …) set the same values.
 *
 * <pre>{@code
 * Peerset.builder().timeouts(Timeouts.builder().idle(Duration.ofSeconds(20)).build())
 * }</pre>
 */
public final class Timeouts {
    private static final Timeouts DEFAULTS = new Builder().build();

    private final Duration signaling;
    private final Duration handshake;
    private final Duration challenge;
    private final Duration idle;
    private final Duration maxSession;
    private final Duration syncInterval;

    private Timeouts(Builder b) {
        this.signaling = b.signaling;
        this.handshake = b.handshake;
        this.challenge = b.challenge;
        this.idle = b.idle;
        this.maxSession = b.maxSession;
        this.syncInterval = b.syncInterval;
    }

    /** {@return the defaults: signalling 30 s, handshake 10 s, challenge 10 s, idle 60 s, session 6 h, sync 30 s} */
    public static Timeouts defaults() { return DEFAULTS; }

    /** {@return a builder holding the defaults} */
    public static Builder builder() { return new Builder(); }

    /** {@return a builder holding these values} */
    public Builder toBuilder() { return new Builder(this); }

    /** {@return how long an offer may wait for its answer and the channel to open (default 30 s)} */
    public Duration signaling() { return signaling; }
    /** {@return how long the Trystero handshake may take once the channel is open (default 10 s)} */
    public Duration handshake() { return handshake; }
    /** {@return how long a peer has to answer the key challenge (default 10 s)} */
    public Duration challenge() { return challenge; }
    /** {@return how long a peer may stay silent (no pong either) before it is dropped (default 60 s)} */
    public Duration idle() { return idle; }
    /** {@return the longest a session may last before it is recycled (default 6 h)} */
    public Duration maxSession() { return maxSession; }
    /** {@return how often connected peers reconcile even without news (default 30 s)} */
    public Duration syncInterval() { return syncInterval; }

    @Override public boolean equals(Object o) {
        return o instanceof Timeouts t && signaling.equals(t.signaling) && handshake.equals(t.handshake)
            && challenge.equals(t.challenge) && idle.equals(t.idle) && maxSession.equals(t.maxSession)
            && syncInterval.equals(t.syncInterval);
    }

    @Override public int hashCode() { return Objects.hash(signaling, handshake, challenge, idle, maxSession, syncInterval); }

    @Override public String toString() {
        return "Timeouts[signaling=" + signaling + ", handshake=" + handshake + ", challenge=" + challenge
            + ", idle=" + idle + ", maxSession=" + maxSession + ", syncInterval=" + syncInterval + "]";
    }

    /** Builds {@link Timeouts}; every setter checks its argument and the message names the field. */
    public static final class Builder {
        private Duration signaling = Duration.ofSeconds(30);
        private Duration handshake = Duration.ofSeconds(10);
        private Duration challenge = Duration.ofSeconds(10);
        private Duration idle = Duration.ofSeconds(60);
        private Duration maxSession = Duration.ofHours(6);
        private Duration syncInterval = Duration.ofSeconds(30);

        private Builder() {}

        private Builder(Timeouts t) {
            signaling = t.signaling;
            handshake = t.handshake;
            challenge = t.challenge;
            idle = t.idle;
            maxSession = t.maxSession;
            syncInterval = t.syncInterval;
        }

        /**
         * Sets {@link Timeouts#signaling()}.
         *
         * @param d a positive duration
         * @return this builder
         */
        public Builder signaling(Duration d) { signaling = Durations.positive("signalingTimeout", d); return this; }
        /**
         * Sets {@link Timeouts#handshake()}; must be shorter than {@link Timeouts#maxSession()}.
         *
         * @param d a positive duration
         * @return this builder
         */
        public Builder handshake(Duration d) { handshake = Durations.positive("handshakeTimeout", d); return this; }
        /**
         * Sets {@link Timeouts#challenge()}.
         *
         * @param d a positive duration
         * @return this builder
         */
        public Builder challenge(Duration d) { challenge = Durations.positive("challengeTimeout", d); return this; }
        /**
         * Sets {@link Timeouts#idle()}.
         *
         * @param d a positive duration
         * @return this builder
         */
        public Builder idle(Duration d) { idle = Durations.positive("idleTimeout", d); return this; }
        /**
         * Sets {@link Timeouts#maxSession()}.
         *
         * @param d a positive duration
         * @return this builder
         */
        public Builder maxSession(Duration d) { maxSession = Durations.positive("maxSessionLength", d); return this; }
        /**
         * Sets {@link Timeouts#syncInterval()}.
         *
         * @param d a positive duration
         * @return this builder
         */
        public Builder syncInterval(Duration d) { syncInterval = Durations.positive("syncInterval", d); return this; }

        /**
         * The validated timeouts.
         *
         * @return the timeouts
         * @throws IllegalArgumentException if the handshake timeout is not shorter than the maximum session length
         */
        public Timeouts build() {
            if (handshake.compareTo(maxSession) >= 0) {
                throw new IllegalArgumentException("handshakeTimeout (" + handshake + ") must be shorter than maxSessionLength ("
                    + maxSession + "); got the reverse (shorten the handshake or lengthen the session)");
            }
            return new Timeouts(this);
        }
    }
}
