package io.peerset.signal.torrent;

import static io.peerset.signal.torrent.TestPeer.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerset.core.rtc.WebRtcLinkFactory;
import io.peerset.core.trystero.SdpCrypto;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.java_websocket.WebSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A tracker that sends anything at all: every bad message is ignored, nothing crashes, peers still meet. */
class HostileTrackerTest {
    private static final String SMALL_ID = "00000000000000000000";
    private static WebRtcLinkFactory webrtc;
    private final List<Throwable> uncaught = new CopyOnWriteArrayList<>();
    private Thread.UncaughtExceptionHandler previousHandler;

    @BeforeAll
    static void startWebRtc() {
        webrtc = WebRtcLinkFactory.builder().trickle(false).gatheringTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stopWebRtc() {
        webrtc.close();
    }

    @BeforeEach
    void watchThreads() {
        previousHandler = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.add(e));
    }

    @AfterEach
    void noThreadDied() {
        Thread.setDefaultUncaughtExceptionHandler(previousHandler);
        assertThat(uncaught).as("exceptions that escaped to a thread").isEmpty();
    }

    /** Everything a hostile tracker may say in reply to one announcement. */
    private static void barrage(WebSocket s, JsonNode announce, String room, int connection) {
        String ih = announce.path("info_hash").asText();
        String app = TestPeer.APP;
        if (connection == 1 && announce.path("offers").size() == 0) {
            s.send("x".repeat(5 * 1024 * 1024)); // a huge frame: the client must hang up, then come back
            return;
        }
        s.send("{{ not json");
        s.send("[1,2,3]");
        s.send("\"just a string\"");
        s.send("{\"action\":\"announce\",\"info_hash\":\"" + ih + "\",\"padding\":\"" + "y".repeat(300_000) + "\"}");
        s.send(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        s.send("{\"action\":\"scrape\",\"files\":{}}");
        s.send(offer("wrong-info-hash-0000", SMALL_ID, "offer-wrong-ih", "1,2$AAAA"));
        s.send(offer(ih, "bad peer id!", "offer-bad-peer", "1,2$AAAA"));
        s.send(offer(ih, SMALL_ID, "x".repeat(500), "1,2$AAAA"));
        s.send("{\"action\":\"announce\",\"info_hash\":\"" + ih + "\",\"peer_id\":\"" + SMALL_ID
                + "\",\"offer_id\":\"o1\",\"offer\":{\"type\":\"answer\",\"sdp\":42}}");
        s.send(offer(ih, SMALL_ID, "offer-garbage-cipher", "1,2,3$not base64!"));
        s.send(offer(ih, SMALL_ID, "offer-other-password",
                new SdpCrypto("not the room password", app, room).encrypt("v=0\r\n")));
        s.send("{\"action\":\"announce\",\"info_hash\":\"" + ih + "\",\"peer_id\":\"" + SMALL_ID
                + "\",\"offer_id\":\"never-offered\",\"answer\":{\"type\":\"answer\",\"sdp\":\"1,2$AAAA\"}}");
        s.send("{\"action\":\"announce\",\"interval\":\"soon\",\"info_hash\":\"" + ih + "\"}");
        s.send("{\"action\":\"announce\",\"interval\":-5,\"info_hash\":\"" + ih + "\"}");
        s.send("{\"failure reason\":\"you are not welcome here\",\"info_hash\":\"" + ih + "\"}");
    }

    private static String offer(String infoHash, String peerId, String offerId, String sdp) {
        ObjectNode o = ScriptedTracker.JSON.createObjectNode();
        o.put("action", "announce").put("info_hash", infoHash).put("peer_id", peerId).put("offer_id", offerId);
        o.putObject("offer").put("type", "offer").put("sdp", sdp);
        return o.toString();
    }

    @Test
    void garbageHugeFramesForeignHashesUndecryptableOffersAndFailuresAreIgnored() throws Exception {
        String room = "hostile-alone";
        try (ScriptedTracker hostile = ScriptedTracker.start((t, s, c, m) -> barrage(s, m, room, c));
                TestPeer p = new TestPeer(webrtc, room, "", List.of(hostile.uri())).start()) {
            await("reconnected after the huge frame", Duration.ofSeconds(20), () -> hostile.connections.get() >= 2);
            await("barrages ignored", Duration.ofSeconds(20), () -> p.discovery.droppedMessages() >= 20
                    && p.discovery.undecryptableSignals() >= 4);
            assertThat(p.links).isEmpty();
            assertThat(p.discovery.answersSent()).isZero();
            assertThat(p.discovery.connectedTrackers()).isEqualTo(1);
        }
    }

    @Test
    void failureReasonsBackAnnouncementsOffUntilTheTrackerAcceptsThemAgain() throws Exception {
        String room = "hostile-failures";
        java.util.concurrent.atomic.AtomicBoolean refuse = new java.util.concurrent.atomic.AtomicBoolean(true);
        try (ScriptedTracker tracker = ScriptedTracker.start((t, s, c, m) -> {
                    if (refuse.get()) {
                        s.send("{\"failure reason\":\"rate limited\",\"info_hash\":\""
                                + m.path("info_hash").asText() + "\"}");
                    } else {
                        ScriptedTracker.reply(s, m, 1);
                    }
                });
                TestPeer p = new TestPeer(webrtc, room, "", List.of(tracker.uri())).start()) {
            // the steady pace is 1 s: refusals stretch the gap well beyond it
            await("announcements backed off", Duration.ofSeconds(30), () -> p.discovery.nextAnnounceInMillis(0) > 2_000);
            int refused = tracker.received.size();
            refuse.set(false);
            await("one more announcement", Duration.ofSeconds(60), () -> tracker.received.size() > refused);
            await("the normal pace again", Duration.ofSeconds(10), () -> {
                long next = p.discovery.nextAnnounceInMillis(0);
                return next >= 0 && next <= 1_000;
            });
            assertThat(p.discovery.connectedTrackers()).isEqualTo(1);
        }
    }

    @Test
    void aHostileTrackerBesideARealOneDoesNotKeepPeersApart() throws Exception {
        String room = "hostile-beside-real";
        try (ScriptedTracker hostile = ScriptedTracker.start((t, s, c, m) -> barrage(s, m, room, c));
                TrackerProcess real = TrackerProcess.start();
                TestPeer a = new TestPeer(webrtc, room, "", List.of(hostile.uri(), real.uri())).start();
                TestPeer b = new TestPeer(webrtc, room, "", List.of(real.uri(), hostile.uri())).start()) {
            await("a and b linked through the real tracker", Duration.ofSeconds(45),
                    () -> a.connectedTo(b) && b.connectedTo(a));
            TestPeer.exchange(a, b, "despite the hostile tracker");
            assertThat(a.discovery.droppedMessages() + b.discovery.droppedMessages()).isPositive();
        }
    }
}
