package io.peerset.core.trystero;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.peerset.api.spi.SignalingStrategy;
import io.peerset.api.fuzz.SeedMutator;
import io.peerset.core.link.Link;
import io.peerset.core.link.LinkFactory;
import io.peerset.core.link.PeerDiscovery;
import io.peerset.core.link.PendingLink;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the Trystero topic strategy's inbound message handling (the decoder behind
 * the MQTT and Nostr signalling): a fresh {@link TopicSignaling} receives a sequence of
 * messages and must never throw, whatever they hold. Its handler runs on the
 * signalling thread exactly as in production, but without the catch-all that would
 * hide a failure in a log line, so any exception is a finding.
 *
 * <p>Input: messages separated by NUL bytes; a message starting with {@code #} goes to
 * the root topic, {@code !} to a foreign topic, anything else to our self topic. A JSON
 * string {@code "@enc:TEXT"} is replaced by TEXT encrypted for the room, so the fuzzer
 * reaches offers, answers and candidates that decrypt.
 */
class TopicSignalingFuzzTest {
    static final String APP = "peerset-fuzz";
    static final String ROOM = "room";
    static final String SELF = "mmmmmmmmmmmmmmmmmmmm";
    private static final SdpCrypto CRYPTO = new SdpCrypto("", APP, ROOM);
    private static final Pattern ENC = Pattern.compile("\"@enc:([^\"]*)\"");
    private static final Method HANDLE;
    private static final Field SCHEDULER;

    static {
        try {
            HANDLE = TopicSignaling.class.getDeclaredMethod("handle", String.class, String.class);
            HANDLE.setAccessible(true);
            SCHEDULER = TopicSignaling.class.getDeclaredField("scheduler");
            SCHEDULER.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @FuzzTest(maxDuration = "40m", maxExecutions = 1_000_000)
    void inboundMessagesNeverBreakTheStrategy(byte[] input) throws Exception {
        check(input);
    }

    @Test
    void inboundSurvivesSeededMutationsOfTheSeedCorpus() throws Exception {
        SeedMutator m = new SeedMutator(9, SeedMutator.seedCorpus(TopicSignalingFuzzTest.class, "inboundMessagesNeverBreakTheStrategy"));
        for (int i = 0; i < 1_000; i++) {
            check(m.next());
        }
    }

    static void check(byte[] input) throws Exception {
        NullStrategy strategy = new NullStrategy();
        TopicSignaling ts = TopicSignaling.builder(strategy, new FakeLinks()).appId(APP).roomId(ROOM).selfId(SELF)
            .maxTrackedPeers(8).offerTimeout(Duration.ofMinutes(5)).answerTimeout(Duration.ofMinutes(5)).build();
        try {
            ts.start(new PeerDiscovery.Callbacks() {
                @Override
                public boolean wants(String peerId) {
                    return !peerId.startsWith("z");
                }

                @Override
                public void onLink(String peerId, Link link) {
                }
            });
            ScheduledExecutorService scheduler = (ScheduledExecutorService) SCHEDULER.get(ts);
            String text = new String(input, StandardCharsets.UTF_8);
            for (String part : text.split("\0", 64)) {
                String topic = ts.selfTopic();
                if (part.startsWith("#")) {
                    topic = ts.rootTopic();
                    part = part.substring(1);
                } else if (part.startsWith("!")) {
                    topic = "foreign";
                    part = part.substring(1);
                }
                String message = encryptMarked(part);
                String t = topic;
                try {
                    scheduler.submit(() -> HANDLE.invoke(ts, t, message)).get(10, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause() instanceof InvocationTargetException ite ? ite.getCause() : e.getCause();
                    throw new AssertionError("TopicSignaling failed on message " + message + ": " + cause, cause);
                }
            }
        } finally {
            ts.close();
        }
    }

    private static String encryptMarked(String message) {
        Matcher m = ENC.matcher(message);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement("\"" + CRYPTO.encrypt(m.group(1)) + "\""));
        }
        return m.appendTail(sb).toString();
    }

    /** A transport that goes nowhere: we deliver by hand. */
    private static final class NullStrategy implements SignalingStrategy {
        final Map<String, TopicListener> listeners = new HashMap<>();

        @Override
        public void subscribe(String topic, TopicListener listener) {
            listeners.put(topic, listener);
        }

        @Override
        public void unsubscribe(String topic) {
            listeners.remove(topic);
        }

        @Override
        public void publish(String topic, String message) {
        }

        @Override
        public int connectedServers() {
            return 1;
        }

        @Override
        public void close() {
        }
    }

    /**
     * Links that negotiate instantly: descriptions complete at once, each side trickles
     * one candidate, and a remote description containing "open" opens the link.
     */
    private static final class FakeLinks implements LinkFactory {
        @Override
        public PendingLink offer(String remotePeerId, Consumer<String> localCandidates) {
            return new FakePending(remotePeerId, "v=0 offer", localCandidates, false);
        }

        @Override
        public PendingLink answer(String remotePeerId, String remoteOfferSdp, Consumer<String> localCandidates) {
            if (remoteOfferSdp.contains("reject")) {
                throw new IllegalArgumentException("the fake link factory refuses offers saying 'reject'");
            }
            return new FakePending(remotePeerId, "v=0 answer", localCandidates, remoteOfferSdp.contains("open"));
        }

        @Override
        public void close() {
        }
    }

    private static final class FakePending implements PendingLink {
        private final String peerId;
        private final CompletableFuture<String> local;
        private final CompletableFuture<Link> opened = new CompletableFuture<>();

        FakePending(String peerId, String sdp, Consumer<String> localCandidates, boolean open) {
            this.peerId = peerId;
            this.local = CompletableFuture.completedFuture(sdp);
            if (localCandidates != null) {
                localCandidates.accept("{\"candidate\":\"candidate:1 1 udp 1 127.0.0.1 9 typ host\",\"sdpMid\":\"0\"}");
            }
            if (open) {
                opened.complete(new FakeLink(peerId));
            }
        }

        @Override
        public CompletableFuture<String> localDescription() {
            return local;
        }

        @Override
        public void setRemoteDescription(String sdp) {
            if (sdp.contains("open")) {
                opened.complete(new FakeLink(peerId));
            } else if (sdp.contains("fail")) {
                opened.completeExceptionally(new IllegalStateException("negotiation failed"));
            }
        }

        @Override
        public void addRemoteCandidate(String candidateJson) {
        }

        @Override
        public CompletableFuture<Link> opened() {
            return opened;
        }

        @Override
        public void cancel() {
            opened.cancel(false);
        }
    }

    private static final class FakeLink implements Link {
        private final String peerId;
        private volatile boolean open = true;

        FakeLink(String peerId) {
            this.peerId = peerId;
        }

        @Override
        public void send(byte[] message) {
        }

        @Override
        public long bufferedAmount() {
            return 0;
        }

        @Override
        public void setListener(Listener listener) {
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public String remotePeerId() {
            return peerId;
        }

        @Override
        public void close() {
            open = false;
        }
    }
}
