package io.peerset.signal.torrent;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.peerset.core.link.Link;
import io.peerset.core.link.LinkFactory;
import io.peerset.core.link.PeerDiscovery;
import io.peerset.core.link.PendingLink;
import io.peerset.core.trystero.SdpCrypto;
import io.peerset.api.fuzz.SeedMutator;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
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
 * Fuzzes the WebTorrent tracker message handling: a fresh {@link TorrentDiscovery}
 * (its tracker unreachable, so nothing but our input arrives) handles a sequence of
 * tracker messages and must never throw. The handler runs on the discovery's own
 * thread exactly as in production, but without the catch-all that would hide a
 * failure in a log line, so any exception is a finding.
 *
 * <p>Input: messages separated by NUL bytes. Macros reach the deeper paths: a JSON
 * string {@code "@enc:TEXT"} becomes TEXT encrypted for the room, {@code @pool} becomes
 * the id of one of our pooled offers (so answers can match), {@code @ih} the room's
 * info_hash.
 */
class TrackerMessageFuzzTest {
    static final String APP = "peerset-test";
    static final String ROOM = "room-1";
    static final String SELF = "mmmmmmmmmmmmmmmmmmmm";
    private static final SdpCrypto CRYPTO = new SdpCrypto("", APP, ROOM);
    private static final Pattern ENC = Pattern.compile("\"@enc:([^\"]*)\"");
    private static final Method HANDLE;
    private static final Field SCHEDULER;
    private static final Field TRACKERS;
    private static final Field POOL;
    private static final Field GENERATION;

    static {
        try {
            Class<?> tracker = Class.forName(TorrentDiscovery.class.getName() + "$Tracker");
            HANDLE = TorrentDiscovery.class.getDeclaredMethod("handle", tracker, int.class, String.class);
            SCHEDULER = TorrentDiscovery.class.getDeclaredField("scheduler");
            TRACKERS = TorrentDiscovery.class.getDeclaredField("trackers");
            POOL = TorrentDiscovery.class.getDeclaredField("pool");
            GENERATION = tracker.getDeclaredField("generation");
            for (java.lang.reflect.AccessibleObject o : new java.lang.reflect.AccessibleObject[] {HANDLE, SCHEDULER, TRACKERS, POOL, GENERATION}) {
                o.setAccessible(true);
            }
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @FuzzTest(maxDuration = "40m", maxExecutions = 1_000_000)
    void trackerMessagesNeverBreakDiscovery(byte[] input) throws Exception {
        check(input);
    }

    @Test
    void trackerMessagesSurviveSeededMutationsOfTheSeedCorpus() throws Exception {
        SeedMutator m = new SeedMutator(11, SeedMutator.seedCorpus(TrackerMessageFuzzTest.class, "trackerMessagesNeverBreakDiscovery"));
        for (int i = 0; i < 1_000; i++) {
            check(m.next());
        }
    }

    static void check(byte[] input) throws Exception {
        // our own unreachable tracker, not a destination taken from the input: not SSRF
        BugDetectors.allowNetworkConnections((host, port) -> port == 1
            && (host.equals("127.0.0.1") || host.equals("localhost")));
        TorrentDiscovery d = TorrentDiscovery.builder(new FakeLinks()).appId(APP).roomId(ROOM).selfId(SELF)
            .tracker(URI.create("ws://127.0.0.1:1")).poolSize(2).maxTrackedPeers(8).maxConcurrentAnswers(2)
            .reconnectBackoff(Duration.ofMinutes(10), Duration.ofMinutes(20)).answerTimeout(Duration.ofMinutes(5))
            .build();
        try {
            d.start(new PeerDiscovery.Callbacks() {
                @Override
                public boolean wants(String peerId) {
                    return !peerId.startsWith("z");
                }

                @Override
                public void onLink(String peerId, Link link) {
                }
            });
            ScheduledExecutorService scheduler = (ScheduledExecutorService) SCHEDULER.get(d);
            Object tracker = ((List<?>) TRACKERS.get(d)).get(0);
            String text = new String(input, StandardCharsets.UTF_8);
            for (String part : text.split("\0", 64)) {
                try {
                    scheduler.submit(() -> {
                        String pooled = ((Map<?, ?>) POOL.get(d)).keySet().stream().findFirst().map(Object::toString).orElse("none");
                        String message = expand(part, d.infoHash(), pooled);
                        return HANDLE.invoke(d, tracker, GENERATION.getInt(tracker), message);
                    }).get(10, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause() instanceof InvocationTargetException ite ? ite.getCause() : e.getCause();
                    throw new AssertionError("TorrentDiscovery failed on message " + part + ": " + cause, cause);
                }
            }
        } finally {
            d.close();
        }
    }

    private static String expand(String message, String infoHash, String pooled) {
        Matcher m = ENC.matcher(message.replace("@ih", infoHash).replace("@pool", pooled));
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement("\"" + CRYPTO.encrypt(m.group(1)) + "\""));
        }
        return m.appendTail(sb).toString();
    }

    /** Links that negotiate instantly; a remote description containing "open" opens the link. */
    private static final class FakeLinks implements LinkFactory {
        @Override
        public PendingLink offer(String remotePeerId, Consumer<String> localCandidates) {
            return new FakePending(remotePeerId, "v=0 offer", false);
        }

        @Override
        public PendingLink answer(String remotePeerId, String remoteOfferSdp, Consumer<String> localCandidates) {
            if (remoteOfferSdp.contains("reject")) {
                throw new IllegalArgumentException("the fake link factory refuses offers saying 'reject'");
            }
            return new FakePending(remotePeerId, "v=0 answer", remoteOfferSdp.contains("open"));
        }

        @Override
        public void close() {
        }
    }

    private static final class FakePending implements PendingLink {
        private final String peerId;
        private final CompletableFuture<String> local;
        private final CompletableFuture<Link> opened = new CompletableFuture<>();

        FakePending(String peerId, String sdp, boolean open) {
            this.peerId = peerId;
            this.local = CompletableFuture.completedFuture(sdp);
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
