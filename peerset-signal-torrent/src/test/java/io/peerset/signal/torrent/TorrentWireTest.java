package io.peerset.signal.torrent;

import static io.peerset.signal.torrent.TestPeer.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerset.core.link.Link;
import io.peerset.core.link.PendingLink;
import io.peerset.core.rtc.WebRtcLinkFactory;
import io.peerset.core.trystero.SdpCrypto;
import io.peerset.core.trystero.TrysteroIds;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tracker wire, message by message, against a scripted tracker that plays the other
 * peer with real WebRTC: what we announce, how we answer, and how an answer to one of our
 * pooled offers opens a link.
 */
class TorrentWireTest {
    private static final String APP = TestPeer.APP;
    private static final String SMALL_ID = "00000000000000000000";
    private static final String LARGE_ID = "zzzzzzzzzzzzzzzzzzzz";
    private static WebRtcLinkFactory webrtc;

    @BeforeAll
    static void startWebRtc() {
        webrtc = WebRtcLinkFactory.builder().trickle(false).gatheringTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stopWebRtc() {
        webrtc.close();
    }

    /** What a tracker relays from another peer: its offer, or its answer to one of ours ({@code type}). */
    private static String signal(String type, String infoHash, String fromPeerId, String offerId, String encryptedSdp) {
        ObjectNode n = ScriptedTracker.JSON.createObjectNode();
        n.put("action", "announce").put("info_hash", infoHash).put("peer_id", fromPeerId).put("offer_id", offerId);
        n.putObject(type).put("type", type).put("sdp", encryptedSdp);
        return n.toString();
    }

    private static TestPeer peer(String room, ScriptedTracker tracker) {
        return new TestPeer(webrtc, room, "", List.of(tracker.uri()));
    }

    @Test
    void announcementsCarryAPoolOfEncryptedFullSdpOffersInTrysteroShape() throws Exception {
        String room = "wire-announce";
        try (ScriptedTracker tracker = ScriptedTracker.start((t, s, c, m) -> ScriptedTracker.reply(s, m, 120));
                TestPeer p = peer(room, tracker).start()) {
            await("an announcement with three offers", Duration.ofSeconds(30),
                    () -> tracker.received.stream().anyMatch(n -> n.path("offers").size() == 3));
            JsonNode a = tracker.received.stream().filter(n -> n.path("offers").size() == 3).findFirst().orElseThrow();
            assertThat(a.get("action").asText()).isEqualTo("announce");
            assertThat(a.get("info_hash").asText()).isEqualTo(TrysteroIds.infoHash(APP, room)).hasSize(20);
            assertThat(a.get("peer_id").asText()).isEqualTo(p.id()).hasSize(20);
            assertThat(a.get("numwant").asInt()).isEqualTo(3);
            SdpCrypto crypto = new SdpCrypto("", APP, room);
            Set<String> ids = new HashSet<>();
            for (JsonNode o : a.get("offers")) {
                String id = o.get("offer_id").asText();
                assertThat(id).hasSize(20);
                assertThat(TrysteroIds.isValidPeerId(id)).isTrue();
                ids.add(id);
                assertThat(o.get("offer").get("type").asText()).isEqualTo("offer");
                String sdp = crypto.decrypt(o.get("offer").get("sdp").asText());
                assertThat(sdp).startsWith("v=0").contains("m=application").contains("a=candidate:");
            }
            assertThat(ids).as("distinct offer ids").hasSize(3);
            assertThat(tracker.received).allSatisfy(n -> assertThat(n.has("answer")).isFalse());
        }
    }

    @Test
    void trackerIntervalIsHonouredButCappedAtTwentySeconds() throws Exception {
        String room = "wire-interval";
        try (ScriptedTracker tracker = ScriptedTracker.start((t, s, c, m) -> ScriptedTracker.reply(s, m, 120));
                TorrentDiscovery d = TorrentDiscovery.builder(webrtc).appId(APP).roomId(room)
                        .tracker(tracker.uri()).build()) {
            d.start(new TestPeer(webrtc, room, "", List.of(tracker.uri())));
            await("warm-up over", Duration.ofSeconds(30), () -> tracker.received.size() >= 4);
            await("steady pace", Duration.ofSeconds(5), () -> d.nextAnnounceInMillis(0) > 10_000);
            assertThat(d.nextAnnounceInMillis(0)).isLessThanOrEqualTo(20_000);
        }
    }

    @Test
    void offerFromASmallerIdIsAnsweredAndTheLinkOpens() throws Exception {
        String room = "wire-answer";
        SdpCrypto crypto = new SdpCrypto("", APP, room);
        PendingLink remote = webrtc.offer("torrent-peer", null);
        String offerSdp = remote.localDescription().get(20, TimeUnit.SECONDS);
        String offerId = "OfferFromSmallPeer01";
        try (ScriptedTracker tracker = ScriptedTracker.start((t, s, c, m) -> {
                    if (m.has("answer")) {
                        return;
                    }
                    ScriptedTracker.reply(s, m, 120);
                    s.send(signal("offer", m.get("info_hash").asText(), SMALL_ID, offerId, crypto.encrypt(offerSdp)));
                });
                TestPeer p = peer(room, tracker).start()) {
            await("an answer", Duration.ofSeconds(30), () -> tracker.received.stream().anyMatch(n -> n.has("answer")));
            JsonNode answer = tracker.received.stream().filter(n -> n.has("answer")).findFirst().orElseThrow();
            assertThat(answer.get("action").asText()).isEqualTo("announce");
            assertThat(answer.get("info_hash").asText()).isEqualTo(TrysteroIds.infoHash(APP, room));
            assertThat(answer.get("peer_id").asText()).isEqualTo(p.id());
            assertThat(answer.get("to_peer_id").asText()).isEqualTo(SMALL_ID);
            assertThat(answer.get("offer_id").asText()).isEqualTo(offerId);
            assertThat(answer.get("answer").get("type").asText()).isEqualTo("answer");
            String answerSdp = crypto.decrypt(answer.get("answer").get("sdp").asText());
            assertThat(answerSdp).startsWith("v=0").contains("a=candidate:");

            remote.setRemoteDescription(answerSdp);
            Link theirs = remote.opened().get(30, TimeUnit.SECONDS);
            await("our side handed the link over", Duration.ofSeconds(10), () -> p.links.containsKey(SMALL_ID));
            theirs.send("hello from the torrent peer".getBytes(StandardCharsets.UTF_8));
            assertThat(p.inbox.get(SMALL_ID).poll(20, TimeUnit.SECONDS)).isEqualTo("hello from the torrent peer");
            theirs.close();
        } finally {
            remote.cancel();
        }
    }

    @Test
    void offerFromALargerIdIsLeftUnansweredWhileOurOffersAreOut() throws Exception {
        String room = "wire-order";
        SdpCrypto crypto = new SdpCrypto("", APP, room);
        PendingLink fromLarge = webrtc.offer("large", null);
        PendingLink fromSmall = webrtc.offer("small", null);
        String largeSdp = fromLarge.localDescription().get(20, TimeUnit.SECONDS);
        String smallSdp = fromSmall.localDescription().get(20, TimeUnit.SECONDS);
        try (ScriptedTracker tracker = ScriptedTracker.start((t, s, c, m) -> {
                    if (m.has("answer") || m.path("offers").size() == 0) {
                        return; // wait until our offers are out
                    }
                    for (String[] o : new String[][] {{LARGE_ID, largeSdp}, {SMALL_ID, smallSdp}}) {
                        s.send(signal("offer", m.get("info_hash").asText(), o[0], "offer-of-" + o[0].charAt(0),
                                crypto.encrypt(o[1])));
                    }
                });
                TestPeer p = peer(room, tracker).start()) {
            // messages are handled in order: once the smaller id's offer is answered, the larger one was seen
            await("the smaller id answered", Duration.ofSeconds(30), () -> tracker.received.stream()
                    .anyMatch(n -> SMALL_ID.equals(n.path("to_peer_id").asText())));
            assertThat(tracker.received).noneMatch(n -> LARGE_ID.equals(n.path("to_peer_id").asText()));
        } finally {
            fromLarge.cancel();
            fromSmall.cancel();
        }
    }

    @Test
    void offerFromALargerNewcomerBringsOurNextAnnouncementForwardSoTheTrackerHandsItOurs() throws Exception {
        String room = "wire-invite";
        SdpCrypto crypto = new SdpCrypto("", APP, room);
        PendingLink fromLarge = webrtc.offer("large", null);
        String largeSdp = fromLarge.localDescription().get(20, TimeUnit.SECONDS);
        java.util.concurrent.atomic.AtomicReference<org.java_websocket.WebSocket> socket =
                new java.util.concurrent.atomic.AtomicReference<>();
        try (ScriptedTracker tracker = ScriptedTracker.start((t, s, c, m) -> {
                    socket.set(s);
                    ScriptedTracker.reply(s, m, 120);
                });
                // a steady pace of two minutes: any announcement soon after the warm-up was brought forward
                TorrentDiscovery d = TorrentDiscovery.builder(webrtc).appId(APP).roomId(room).selfId(SMALL_ID)
                        .tracker(tracker.uri()).announceInterval(Duration.ofMinutes(2))
                        .minAnnounceInterval(Duration.ofMinutes(2)).build()) {
            d.start(new TestPeer(webrtc, room, "", List.of(tracker.uri())));
            await("warm-up over", Duration.ofSeconds(30), () -> tracker.received.size() >= 4);
            await("steady pace", Duration.ofSeconds(5), () -> d.nextAnnounceInMillis(0) > 60_000);
            int before = tracker.received.size();

            socket.get().send(signal("offer", TrysteroIds.infoHash(APP, room), LARGE_ID, "offer-of-the-newcomer",
                    crypto.encrypt(largeSdp)));

            await("an announcement with our offers, long before the steady pace", Duration.ofSeconds(30),
                    () -> tracker.received.stream().skip(before).anyMatch(n -> n.path("offers").size() > 0));
            assertThat(d.announcementsBroughtForward()).isEqualTo(1);
            // still the glare rule: the larger id answers ours, we leave its offer unanswered
            assertThat(tracker.received).noneMatch(n -> n.has("answer"));
        } finally {
            fromLarge.cancel();
        }
    }

    @Test
    void answerToAPooledOfferOpensALinkNamedForTheAnsweringPeer() throws Exception {
        String room = "wire-pooled";
        SdpCrypto crypto = new SdpCrypto("", APP, room);
        java.util.concurrent.atomic.AtomicReference<PendingLink> ours = new java.util.concurrent.atomic.AtomicReference<>();
        try (ScriptedTracker tracker = ScriptedTracker.start((t, s, c, m) -> {
                    ScriptedTracker.reply(s, m, 120);
                    if (ours.get() != null || m.path("offers").size() == 0) {
                        return;
                    }
                    JsonNode o = m.get("offers").get(0);
                    PendingLink answerer = webrtc.answer(LARGE_ID, crypto.decrypt(o.get("offer").get("sdp").asText()), null);
                    ours.set(answerer);
                    answerer.localDescription().thenAccept(sdp -> {
                        s.send(signal("answer", m.get("info_hash").asText(), LARGE_ID, o.get("offer_id").asText(),
                                crypto.encrypt(sdp)));
                    });
                });
                TestPeer p = peer(room, tracker).start()) {
            await("the link to the answering peer", Duration.ofSeconds(30), () -> p.links.containsKey(LARGE_ID));
            assertThat(p.links.get(LARGE_ID).remotePeerId()).isEqualTo(LARGE_ID);
            Link theirs = ours.get().opened().get(30, TimeUnit.SECONDS);
            p.links.get(LARGE_ID).send("hi".getBytes(StandardCharsets.UTF_8));
            java.util.concurrent.BlockingQueue<byte[]> got = new java.util.concurrent.LinkedBlockingQueue<>();
            theirs.setListener(new Link.Listener() {
                @Override
                public void onMessage(byte[] message) {
                    got.add(message);
                }

                @Override
                public void onClose(String reason) {}
            });
            assertThat(new String(got.poll(20, TimeUnit.SECONDS), StandardCharsets.UTF_8)).isEqualTo("hi");
            theirs.close();
        } finally {
            if (ours.get() != null) {
                ours.get().cancel();
            }
        }
    }
}
