package io.peerset.core.rtc;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCIceServer;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import io.peerset.core.link.LinkFactory;
import io.peerset.core.link.PendingLink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes {@link WebRtcLink}s with webrtc-java: one native {@link PeerConnectionFactory}
 * (with a headless audio module, so no audio hardware is touched), one data channel
 * labelled {@code data}, ordered and reliable, per connection, as Trystero does.
 *
 * <p>Session descriptions are the plain SDP strings ({@code RTCSessionDescription.sdp});
 * the signalling layer encrypts them. In trickle mode (the default, used by the topic
 * strategies) local candidates are handed out one by one as JSON
 * {@code {candidate, sdpMid, sdpMLineIndex, usernameFragment}}; in non-trickle mode
 * (torrent) the local description is only produced once ICE gathering completes (or
 * times out) and then carries every candidate.
 *
 * <p>All native peer-connection calls run on one factory thread; native callbacks only
 * copy data and hand work to that thread, never block and never throw.
 */
public final class WebRtcLinkFactory implements LinkFactory {
    private static final Logger LOG = LoggerFactory.getLogger(WebRtcLinkFactory.class);
    private static final AtomicInteger FACTORY_SEQ = new AtomicInteger();

    private final Builder options;
    private final HeadlessAudioDeviceModule audioModule;
    private final PeerConnectionFactory factory;
    private final ScheduledThreadPoolExecutor executor;
    private final String threadName;
    private final Set<WebRtcConnection> live = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** A factory with no ICE servers (host candidates only), trickle ICE and default limits. */
    public WebRtcLinkFactory() {
        this(builder());
    }

    private WebRtcLinkFactory(Builder b) {
        this.options = b.copy();
        this.threadName = "peerset-webrtc-" + FACTORY_SEQ.incrementAndGet();
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        try {
            this.audioModule = new HeadlessAudioDeviceModule();
            this.factory = new PeerConnectionFactory(audioModule);
        } catch (RuntimeException | LinkageError e) {
            executor.shutdownNow();
            throw new IllegalStateException("cannot start WebRTC (webrtc-java native library): " + e
                    + "; on Linux x86-64 the native library needs libpulse.so.0 (Debian: apt-get install libpulse0)", e);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public PendingLink offer(String remotePeerId, Consumer<String> localCandidates) {
        return start(true, remotePeerId, null, localCandidates);
    }

    @Override
    public PendingLink answer(String remotePeerId, String remoteOfferSdp, Consumer<String> localCandidates) {
        Objects.requireNonNull(remoteOfferSdp, "remoteOfferSdp");
        return start(false, remotePeerId, remoteOfferSdp, localCandidates);
    }

    private PendingLink start(boolean initiator, String remotePeerId, String offerSdp, Consumer<String> candidates) {
        Objects.requireNonNull(remotePeerId, "remotePeerId");
        if (closed) {
            throw new IllegalStateException("WebRtcLinkFactory is closed; create a new one");
        }
        WebRtcConnection c = new WebRtcConnection(this, initiator, remotePeerId,
                candidates == null ? s -> {} : candidates);
        live.add(c);
        c.start(offerSdp);
        return c;
    }

    /** Connections being negotiated or open. */
    public int liveConnections() {
        return live.size();
    }

    /**
     * Closes every connection and disposes the native factory. Waits (bounded) for the
     * native side to be released, so the JVM can exit cleanly afterwards. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        CountDownLatch done = new CountDownLatch(1);
        try {
            executor.execute(() -> {
                try {
                    for (WebRtcConnection c : List.copyOf(live)) {
                        c.teardownNow("link factory closed");
                    }
                    factory.dispose();
                    audioModule.dispose();
                } catch (Throwable t) {
                    LOG.warn("error while disposing the WebRTC factory: {}", t.toString());
                } finally {
                    done.countDown();
                }
            });
            if (Thread.currentThread().getName().equals(threadName)) {
                return; // called from our own thread: the task runs after this one
            }
            if (!done.await(10, TimeUnit.SECONDS)) {
                LOG.warn("WebRTC factory did not release its native resources within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            executor.shutdown();
        }
    }

    // --- package-private plumbing for WebRtcConnection ---

    Builder options() {
        return options;
    }

    ScheduledThreadPoolExecutor executor() {
        return executor;
    }

    boolean isClosed() {
        return closed;
    }

    void forget(WebRtcConnection c) {
        live.remove(c);
    }

    RTCPeerConnection createPeerConnection(PeerConnectionObserver observer) {
        RTCConfiguration config = new RTCConfiguration();
        for (IceServer s : options.iceServers) {
            RTCIceServer server = new RTCIceServer();
            server.urls = new ArrayList<>(s.urls());
            server.username = s.username();
            server.password = s.password();
            config.iceServers.add(server);
        }
        return factory.createPeerConnection(config, observer);
    }

    /** A STUN or TURN server. */
    public record IceServer(List<String> urls, String username, String password) {
        public IceServer {
            urls = List.copyOf(urls);
            if (urls.isEmpty()) {
                throw new IllegalArgumentException("an ICE server needs at least one URL (stun:host:port or turn:host:port)");
            }
            for (String u : urls) {
                if (!(u.startsWith("stun:") || u.startsWith("stuns:") || u.startsWith("turn:") || u.startsWith("turns:"))) {
                    throw new IllegalArgumentException("ICE server URL must start with stun:, stuns:, turn: or turns:; got " + u);
                }
            }
        }
    }

    /** Options; validated as they are set. */
    public static final class Builder {
        private final List<IceServer> iceServers = new ArrayList<>();
        private boolean trickle = true;
        private Duration gatheringTimeout = Duration.ofSeconds(15);
        private Duration connectTimeout = Duration.ofSeconds(60);
        private long maxBufferedBytes = 4L * 1024 * 1024;
        private Duration sendTimeout = Duration.ofSeconds(30);
        private long maxInboundQueuedBytes = 16L * 1024 * 1024;
        private Duration disconnectGrace = Duration.ofSeconds(5);

        private Builder() {}

        /** Adds a STUN server (none by default: hosts reach each other through their interface addresses). */
        public Builder stunServer(String url) {
            iceServers.add(new IceServer(List.of(url), null, null));
            return this;
        }

        /** Adds a TURN server with credentials. */
        public Builder turnServer(String url, String username, String password) {
            iceServers.add(new IceServer(List.of(url), username, password));
            return this;
        }

        public Builder iceServer(IceServer server) {
            iceServers.add(Objects.requireNonNull(server, "server"));
            return this;
        }

        /**
         * {@code true} (default): trickle candidates through the consumer. {@code false}:
         * wait for ICE gathering to complete so the description carries all candidates
         * (what the torrent strategy needs).
         */
        public Builder trickle(boolean trickle) {
            this.trickle = trickle;
            return this;
        }

        /** Longest wait for ICE gathering in non-trickle mode (Trystero: 15 s). */
        public Builder gatheringTimeout(Duration d) {
            this.gatheringTimeout = positive(d, "gatheringTimeout");
            return this;
        }

        /** A negotiation that has not opened its data channel by then is abandoned. */
        public Builder connectTimeout(Duration d) {
            this.connectTimeout = positive(d, "connectTimeout");
            return this;
        }

        /** {@link WebRtcLink#send} blocks while more than this many bytes are queued (default 4 MiB). */
        public Builder maxBufferedBytes(long bytes) {
            if (bytes < 64 * 1024 || bytes > 15L * 1024 * 1024) {
                throw new IllegalArgumentException("maxBufferedBytes must be between 64 KiB and 15 MiB "
                        + "(libwebrtc fails sends above 16 MiB); got " + bytes);
            }
            this.maxBufferedBytes = bytes;
            return this;
        }

        /** Longest time a send waits for the buffer to drain before failing. */
        public Builder sendTimeout(Duration d) {
            this.sendTimeout = positive(d, "sendTimeout");
            return this;
        }

        /** Received bytes not yet taken by the listener above which the link is closed (default 16 MiB). */
        public Builder maxInboundQueuedBytes(long bytes) {
            if (bytes < 1024 * 1024) {
                throw new IllegalArgumentException("maxInboundQueuedBytes must be at least 1 MiB; got " + bytes);
            }
            this.maxInboundQueuedBytes = bytes;
            return this;
        }

        /** How long a connection may stay "disconnected" before the link is closed (Trystero: 5 s). */
        public Builder disconnectGrace(Duration d) {
            this.disconnectGrace = positive(d, "disconnectGrace");
            return this;
        }

        public WebRtcLinkFactory build() {
            return new WebRtcLinkFactory(this);
        }

        boolean trickle() {
            return trickle;
        }

        Duration gatheringTimeout() {
            return gatheringTimeout;
        }

        Duration connectTimeout() {
            return connectTimeout;
        }

        long maxBufferedBytes() {
            return maxBufferedBytes;
        }

        Duration sendTimeout() {
            return sendTimeout;
        }

        long maxInboundQueuedBytes() {
            return maxInboundQueuedBytes;
        }

        Duration disconnectGrace() {
            return disconnectGrace;
        }

        private Builder copy() {
            Builder b = new Builder();
            b.iceServers.addAll(iceServers);
            b.trickle = trickle;
            b.gatheringTimeout = gatheringTimeout;
            b.connectTimeout = connectTimeout;
            b.maxBufferedBytes = maxBufferedBytes;
            b.sendTimeout = sendTimeout;
            b.maxInboundQueuedBytes = maxInboundQueuedBytes;
            b.disconnectGrace = disconnectGrace;
            return b;
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be a positive duration; got " + d);
            }
            return d;
        }
    }
}
