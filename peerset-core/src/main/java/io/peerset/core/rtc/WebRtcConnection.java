package io.peerset.core.rtc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCAnswerOptions;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.onvoid.webrtc.RTCDataChannelInit;
import dev.onvoid.webrtc.RTCDataChannelObserver;
import dev.onvoid.webrtc.RTCDataChannelState;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceGatheringState;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import io.peerset.core.link.Link;
import io.peerset.core.link.PendingLink;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One peer connection: the negotiation ({@link PendingLink}) and, once its data
 * channel opens, the native side of a {@link WebRtcLink}.
 *
 * <p>Threading: every native call except data-channel send / buffered-amount runs on
 * the factory's single thread; those two run on caller threads under the read lock,
 * and disposal takes the write lock, so no native object is used after disposal.
 * Native callbacks catch everything and only enqueue work.
 */
final class WebRtcConnection implements PendingLink {
    private static final Logger LOG = LoggerFactory.getLogger(WebRtcConnection.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LABEL = "data";
    private static final int MAX_CANDIDATE_JSON_CHARS = 4096;
    private static final int MAX_PENDING_REMOTE_CANDIDATES = 128;
    private static final int MAX_SDP_CHARS = 64 * 1024;
    private static final Pattern UFRAG = Pattern.compile(" ufrag (\\S+)");

    private final WebRtcLinkFactory owner;
    private final boolean initiator;
    private final String remotePeerId;
    private final Consumer<String> localCandidates;
    private final CompletableFuture<String> localDescription = new CompletableFuture<>();
    private final CompletableFuture<Link> opened = new CompletableFuture<>();
    /** Guards native use by caller threads (read) against disposal (write). */
    final ReentrantReadWriteLock nativeLock = new ReentrantReadWriteLock();
    /** Signalled when the channel's buffered amount changes. */
    final Object bufferSignal = new Object();

    // Fields below are touched only on the factory thread, except where volatile.
    private RTCPeerConnection pc;
    private volatile RTCDataChannel channel;
    private volatile boolean disposed;
    private volatile boolean cancelled;
    private boolean remoteDescriptionSet;
    private boolean answerApplied;
    private boolean awaitingGathering;
    private final List<RTCIceCandidate> pendingRemote = new ArrayList<>();
    private volatile WebRtcLink link;
    /** Orders messages that arrive before the link object exists ahead of later ones. */
    private final Object inboundLock = new Object();
    private final List<byte[]> earlyMessages = new ArrayList<>();
    private static final int MAX_EARLY_MESSAGES = 256;
    private ScheduledFuture<?> connectTimer;
    private ScheduledFuture<?> gatheringTimer;
    private ScheduledFuture<?> disconnectTimer;

    WebRtcConnection(WebRtcLinkFactory owner, boolean initiator, String remotePeerId, Consumer<String> localCandidates) {
        this.owner = owner;
        this.initiator = initiator;
        this.remotePeerId = remotePeerId;
        this.localCandidates = localCandidates;
    }

    // ---------------------------------------------------------------- start

    void start(String offerSdp) {
        if (offerSdp != null && offerSdp.length() > MAX_SDP_CHARS) {
            fail("remote offer of " + offerSdp.length() + " characters exceeds " + MAX_SDP_CHARS);
            owner.forget(this);
            return;
        }
        onThread(() -> {
            pc = owner.createPeerConnection(new Observer());
            if (pc == null) {
                teardownNow("native peer connection could not be created");
                return;
            }
            connectTimer = owner.executor().schedule(() -> {
                if (!opened.isDone()) {
                    teardownNow("data channel did not open within " + owner.options().connectTimeout());
                }
            }, owner.options().connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
            if (initiator) {
                RTCDataChannelInit init = new RTCDataChannelInit();
                init.ordered = true; // reliable: maxRetransmits and maxPacketLifeTime stay unset (-1)
                RTCDataChannel dc = pc.createDataChannel(LABEL, init);
                channel = dc;
                dc.registerObserver(new ChannelObserver(dc));
                pc.createOffer(new RTCOfferOptions(), new CreateObserver());
            } else {
                pc.setRemoteDescription(new RTCSessionDescription(RTCSdpType.OFFER, offerSdp), new SetObserver(() -> {
                    remoteDescriptionSet = true;
                    flushPendingRemote();
                    pc.createAnswer(new RTCAnswerOptions(), new CreateObserver());
                }, "apply remote offer"));
            }
        });
    }

    // ---------------------------------------------------------------- PendingLink

    @Override
    public CompletableFuture<String> localDescription() {
        return localDescription;
    }

    @Override
    public void setRemoteDescription(String sdp) {
        if (!initiator) {
            LOG.debug("peer {}: ignoring a remote answer on the answering side", remotePeerId);
            return;
        }
        if (sdp == null || sdp.isEmpty() || sdp.length() > MAX_SDP_CHARS) {
            LOG.debug("peer {}: ignoring a remote answer of {} characters (expected 1 to {})",
                    remotePeerId, sdp == null ? 0 : sdp.length(), MAX_SDP_CHARS);
            return;
        }
        onThread(() -> {
            if (answerApplied || pc == null) {
                return;
            }
            answerApplied = true;
            pc.setRemoteDescription(new RTCSessionDescription(RTCSdpType.ANSWER, sdp), new SetObserver(() -> {
                remoteDescriptionSet = true;
                flushPendingRemote();
            }, "apply remote answer"));
        });
    }

    @Override
    public void addRemoteCandidate(String candidateJson) {
        RTCIceCandidate candidate = parseCandidate(candidateJson);
        if (candidate == null) {
            return;
        }
        onThread(() -> {
            if (pc == null) {
                return;
            }
            if (!remoteDescriptionSet) {
                if (pendingRemote.size() >= MAX_PENDING_REMOTE_CANDIDATES) {
                    LOG.debug("peer {}: dropping remote candidate, {} already waiting for the remote description",
                            remotePeerId, MAX_PENDING_REMOTE_CANDIDATES);
                    return;
                }
                pendingRemote.add(candidate);
                return;
            }
            pc.addIceCandidate(candidate);
        });
    }

    @Override
    public CompletableFuture<Link> opened() {
        return opened;
    }

    @Override
    public void cancel() {
        if (opened.isDone() && !opened.isCompletedExceptionally()) {
            return; // the link belongs to whoever received it
        }
        cancelled = true;
        onThread(() -> {
            if (link == null) {
                teardownNow("negotiation cancelled");
            }
        });
    }

    // ---------------------------------------------------------------- link side

    String remotePeerId() {
        return remotePeerId;
    }

    RTCDataChannel channel() {
        return channel;
    }

    boolean isDisposed() {
        return disposed;
    }

    /** Asks for teardown from any thread. */
    void closeAsync(String reason) {
        onThread(() -> teardownNow(reason));
    }

    /**
     * Releases everything. Factory thread only. Idempotent. Closes the link (its
     * listener hears onClose) and fails unfinished futures.
     */
    void teardownNow(String reason) {
        if (disposed) {
            return;
        }
        nativeLock.writeLock().lock();
        try {
            disposed = true;
        } finally {
            nativeLock.writeLock().unlock();
        }
        owner.forget(this);
        cancelTimer(connectTimer);
        cancelTimer(gatheringTimer);
        cancelTimer(disconnectTimer);
        fail(reason);
        if (link != null) {
            link.transportClosed(reason);
        }
        synchronized (bufferSignal) {
            bufferSignal.notifyAll();
        }
        RTCDataChannel dc = channel;
        if (dc != null) {
            try {
                dc.unregisterObserver();
                dc.close();
                dc.dispose();
            } catch (Throwable t) {
                LOG.debug("peer {}: releasing data channel: {}", remotePeerId, t.toString());
            }
        }
        if (pc != null) {
            try {
                pc.close();
            } catch (Throwable t) {
                LOG.debug("peer {}: closing peer connection: {}", remotePeerId, t.toString());
            }
        }
        LOG.debug("peer {}: connection closed: {}", remotePeerId, reason);
    }

    // ---------------------------------------------------------------- internals (factory thread)

    private void localDescriptionSet() {
        if (!owner.options().trickle() && pc.getIceGatheringState() != RTCIceGatheringState.COMPLETE) {
            awaitingGathering = true;
            gatheringTimer = owner.executor().schedule(this::publishLocalDescription,
                    owner.options().gatheringTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        publishLocalDescription();
    }

    private void publishLocalDescription() {
        if (disposed || localDescription.isDone()) {
            return;
        }
        awaitingGathering = false;
        cancelTimer(gatheringTimer);
        RTCSessionDescription d = pc.getLocalDescription();
        if (d == null || d.sdp == null) {
            teardownNow("no local description after it was set");
            return;
        }
        localDescription.complete(d.sdp);
    }

    private void flushPendingRemote() {
        for (RTCIceCandidate c : pendingRemote) {
            pc.addIceCandidate(c);
        }
        pendingRemote.clear();
    }

    private void channelStateChanged(RTCDataChannel dc) {
        if (disposed || dc != channel) {
            return;
        }
        RTCDataChannelState state = dc.getState();
        if (state == RTCDataChannelState.OPEN) {
            if (link != null) {
                return;
            }
            if (cancelled) {
                teardownNow("negotiation cancelled");
                return;
            }
            cancelTimer(connectTimer);
            WebRtcLink l = new WebRtcLink(this, owner.options());
            synchronized (inboundLock) {
                link = l;
                for (byte[] m : earlyMessages) {
                    l.received(m);
                }
                earlyMessages.clear();
            }
            LOG.debug("peer {}: data channel open", remotePeerId);
            opened.complete(link);
        } else if (state == RTCDataChannelState.CLOSING || state == RTCDataChannelState.CLOSED) {
            teardownNow("data channel " + state.name().toLowerCase());
        }
    }

    private void connectionStateChanged(RTCPeerConnectionState state) {
        if (disposed) {
            return;
        }
        switch (state) {
            case FAILED, CLOSED -> teardownNow("peer connection " + state.name().toLowerCase());
            case DISCONNECTED -> {
                if (disconnectTimer == null || disconnectTimer.isDone()) {
                    disconnectTimer = owner.executor().schedule(() -> {
                        if (!disposed && pc.getConnectionState() == RTCPeerConnectionState.DISCONNECTED) {
                            teardownNow("peer connection stayed disconnected for " + owner.options().disconnectGrace());
                        }
                    }, owner.options().disconnectGrace().toMillis(), TimeUnit.MILLISECONDS);
                }
            }
            case CONNECTED, CONNECTING -> cancelTimer(disconnectTimer);
            default -> { }
        }
    }

    private void emitCandidate(RTCIceCandidate c) {
        if (disposed || !owner.options().trickle() || c == null || c.sdp == null) {
            return;
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("candidate", c.sdp);
        o.put("sdpMid", c.sdpMid);
        o.put("sdpMLineIndex", c.sdpMLineIndex);
        Matcher m = UFRAG.matcher(c.sdp);
        if (m.find()) {
            o.put("usernameFragment", m.group(1));
        } else {
            o.putNull("usernameFragment");
        }
        try {
            localCandidates.accept(o.toString());
        } catch (Throwable t) {
            LOG.debug("peer {}: local candidate consumer failed: {}", remotePeerId, t.toString());
        }
    }

    private void fail(String reason) {
        IllegalStateException e = new IllegalStateException("WebRTC connection to " + remotePeerId + " ended: " + reason);
        localDescription.completeExceptionally(e);
        opened.completeExceptionally(e);
    }

    private RTCIceCandidate parseCandidate(String json) {
        if (json == null || json.isEmpty() || json.length() > MAX_CANDIDATE_JSON_CHARS) {
            LOG.debug("peer {}: ignoring candidate of {} characters (expected 1 to {})", remotePeerId,
                    json == null ? 0 : json.length(), MAX_CANDIDATE_JSON_CHARS);
            return null;
        }
        try {
            JsonNode n = JSON.readTree(json);
            JsonNode cand = n == null ? null : n.get("candidate");
            if (cand == null || !cand.isTextual()) {
                LOG.debug("peer {}: ignoring candidate JSON without a \"candidate\" string", remotePeerId);
                return null;
            }
            if (cand.asText().isEmpty()) {
                return null; // end-of-candidates marker
            }
            JsonNode mid = n.get("sdpMid");
            JsonNode index = n.get("sdpMLineIndex");
            String sdpMid = mid != null && mid.isTextual() ? mid.asText() : null;
            int sdpMLineIndex = index != null && index.canConvertToInt() && index.asInt() >= 0 ? index.asInt() : 0;
            if (sdpMid == null && (index == null || !index.canConvertToInt())) {
                sdpMid = "0";
            }
            return new RTCIceCandidate(sdpMid, sdpMLineIndex, cand.asText());
        } catch (Exception e) {
            LOG.debug("peer {}: ignoring malformed candidate JSON: {}", remotePeerId, e.getMessage());
            return null;
        }
    }

    private void onThread(ThrowingRunnable r) {
        try {
            owner.executor().execute(() -> {
                try {
                    if (!disposed) {
                        r.run();
                    }
                } catch (Throwable t) {
                    LOG.debug("peer {}: WebRTC step failed: {}", remotePeerId, t.toString());
                    teardownNow("WebRTC error: " + t.getMessage());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            fail("link factory closed");
        }
    }

    private static void cancelTimer(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    // ---------------------------------------------------------------- native observers: never block, never throw

    private final class Observer implements PeerConnectionObserver {
        @Override
        public void onIceCandidate(RTCIceCandidate candidate) {
            try {
                onThread(() -> emitCandidate(candidate));
            } catch (Throwable t) {
                // never let anything escape into native code
            }
        }

        @Override
        public void onIceGatheringChange(RTCIceGatheringState state) {
            try {
                if (state == RTCIceGatheringState.COMPLETE) {
                    onThread(() -> {
                        if (awaitingGathering) {
                            publishLocalDescription();
                        }
                    });
                }
            } catch (Throwable t) {
                // ignore
            }
        }

        @Override
        public void onConnectionChange(RTCPeerConnectionState state) {
            try {
                onThread(() -> connectionStateChanged(state));
            } catch (Throwable t) {
                // ignore
            }
        }

        @Override
        public void onDataChannel(RTCDataChannel dc) {
            try {
                if (initiator || channel != null || !LABEL.equals(dc.getLabel())) {
                    LOG.debug("peer {}: refusing unexpected data channel", remotePeerId);
                    onThread(() -> {
                        dc.close();
                        dc.dispose();
                    });
                    return;
                }
                channel = dc;
                // registered right here so no message arrives before the observer
                dc.registerObserver(new ChannelObserver(dc));
                onThread(() -> channelStateChanged(dc));
            } catch (Throwable t) {
                // ignore
            }
        }
    }

    private final class ChannelObserver implements RTCDataChannelObserver {
        private final RTCDataChannel dc;

        ChannelObserver(RTCDataChannel dc) {
            this.dc = dc;
        }

        @Override
        public void onBufferedAmountChange(long previousAmount) {
            try {
                synchronized (bufferSignal) {
                    bufferSignal.notifyAll();
                }
            } catch (Throwable t) {
                // ignore
            }
        }

        @Override
        public void onStateChange() {
            try {
                onThread(() -> channelStateChanged(dc));
            } catch (Throwable t) {
                // ignore
            }
        }

        @Override
        public void onMessage(RTCDataChannelBuffer buffer) {
            try {
                ByteBuffer data = buffer.data;
                int n = data.remaining();
                if (!buffer.binary) {
                    LOG.debug("peer {}: dropping a text message; Trystero sends binary only", remotePeerId);
                    return;
                }
                if (n > Link.MAX_MESSAGE_BYTES) {
                    closeAsync("peer sent a message of " + n + " bytes; at most " + Link.MAX_MESSAGE_BYTES + " allowed");
                    return;
                }
                byte[] copy = new byte[n];
                data.duplicate().get(copy); // the buffer is only valid during this callback
                boolean overflow = false;
                synchronized (inboundLock) {
                    WebRtcLink l = link;
                    if (l != null) {
                        l.received(copy);
                    } else if (earlyMessages.size() < MAX_EARLY_MESSAGES) {
                        earlyMessages.add(copy);
                    } else {
                        overflow = true;
                    }
                }
                if (overflow) {
                    closeAsync("more than " + MAX_EARLY_MESSAGES + " messages before the channel opened");
                }
            } catch (Throwable t) {
                // ignore
            }
        }
    }

    private final class CreateObserver implements CreateSessionDescriptionObserver {
        @Override
        public void onSuccess(RTCSessionDescription description) {
            try {
                onThread(() -> pc.setLocalDescription(description,
                        new SetObserver(WebRtcConnection.this::localDescriptionSet, "set local description")));
            } catch (Throwable t) {
                // ignore
            }
        }

        @Override
        public void onFailure(String error) {
            try {
                onThread(() -> teardownNow("creating the " + (initiator ? "offer" : "answer") + " failed: " + error));
            } catch (Throwable t) {
                // ignore
            }
        }
    }

    private final class SetObserver implements SetSessionDescriptionObserver {
        private final ThrowingRunnable next;
        private final String what;

        SetObserver(ThrowingRunnable next, String what) {
            this.next = next;
            this.what = what;
        }

        @Override
        public void onSuccess() {
            try {
                onThread(next);
            } catch (Throwable t) {
                // ignore
            }
        }

        @Override
        public void onFailure(String error) {
            try {
                onThread(() -> teardownNow(what + " failed: " + error));
            } catch (Throwable t) {
                // ignore
            }
        }
    }
}
