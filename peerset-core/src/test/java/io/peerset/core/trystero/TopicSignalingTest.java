package io.peerset.core.trystero;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerset.core.link.Link;
import io.peerset.core.link.PeerDiscovery;
import io.peerset.core.link.PendingLink;
import io.peerset.core.rtc.WebRtcLinkFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Trystero's topic strategy over a test in-process broker, with real WebRTC links:
 * Java peer to Java peer, and Java peer to a scripted peer that speaks the wire by hand.
 */
class TopicSignalingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String APP = "peerset-test";
    private static final String SMALL = "0000000000AaBbCcDdEe";
    private static final String LARGE = "zzzzzzzzzzYyXxWwVvUu";

    private static WebRtcLinkFactory rtcA;
    private static WebRtcLinkFactory rtcB;
    private final MemoryPubSub hub = new MemoryPubSub();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void startFactories() {
        rtcA = new WebRtcLinkFactory();
        rtcB = new WebRtcLinkFactory();
    }

    @AfterAll
    static void stopFactories() {
        rtcA.close();
        rtcB.close();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        hub.close();
    }

    /** Room-side callbacks that accept everyone and keep the links. */
    static final class Room implements PeerDiscovery.Callbacks {
        final Map<String, Link> links = new ConcurrentHashMap<>();
        final AtomicInteger onLinkCalls = new AtomicInteger();

        @Override
        public boolean wants(String peerId) {
            return !links.containsKey(peerId) || !links.get(peerId).isOpen();
        }

        @Override
        public void onLink(String peerId, Link link) {
            onLinkCalls.incrementAndGet();
            links.put(peerId, link);
        }
    }

    private TopicSignaling signaling(WebRtcLinkFactory rtc, String selfId, String room, String password) {
        TopicSignaling ts = TopicSignaling.builder(hub.client(), rtc).appId(APP).roomId(room)
                .password(password).selfId(selfId).build();
        toClose.add(ts);
        return ts;
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    static JsonNode parse(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void twoPeersFindEachOtherAndCarryMessagesBothWaysWithBackPressure() throws Exception {
        Room roomA = new Room();
        Room roomB = new Room();
        signaling(rtcA, SMALL, "r1", "pw").start(roomA);
        signaling(rtcB, LARGE, "r1", "pw").start(roomB);
        await("links on both sides", () -> roomA.links.containsKey(LARGE) && roomB.links.containsKey(SMALL));
        Link a = roomA.links.get(LARGE);
        Link b = roomB.links.get(SMALL);

        List<byte[]> atA = new CopyOnWriteArrayList<>();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger wrong = new AtomicInteger();
        List<String> closedB = new CopyOnWriteArrayList<>();
        a.setListener(new Link.Listener() {
            @Override
            public void onMessage(byte[] m) {
                atA.add(m);
            }

            @Override
            public void onClose(String reason) {}
        });
        b.setListener(new Link.Listener() {
            @Override
            public void onMessage(byte[] m) {
                if (m.length != 16 * 1024 || ByteBuffer.wrap(m).getInt() != next.getAndIncrement()) {
                    wrong.incrementAndGet();
                }
            }

            @Override
            public void onClose(String reason) {
                closedB.add(reason);
            }
        });
        b.send("hello from the larger id".getBytes());
        for (int i = 0; i < 1000; i++) {
            byte[] m = new byte[16 * 1024];
            ByteBuffer.wrap(m).putInt(i);
            a.send(m);
            assertThat(a.bufferedAmount()).isLessThanOrEqualTo(4L * 1024 * 1024 + 16 * 1024);
        }
        await("1000 messages at b", () -> next.get() == 1000);
        await("reply at a", () -> atA.size() == 1);
        assertThat(wrong.get()).isZero();
        assertThat(new String(atA.get(0))).isEqualTo("hello from the larger id");
        assertThat(roomA.onLinkCalls.get()).isEqualTo(1);
        assertThat(roomB.onLinkCalls.get()).isEqualTo(1);

        a.close();
        await("b hears the close", () -> closedB.size() == 1);
    }

    @Test
    void wrongPasswordNeverConnects() throws Exception {
        Room roomA = new Room();
        Room roomB = new Room();
        TopicSignaling a = signaling(rtcA, SMALL, "r2", "right");
        TopicSignaling b = signaling(rtcB, LARGE, "r2", "wrong");
        a.start(roomA);
        b.start(roomB);
        // the smaller id offers and trickles candidates; the larger can decrypt none of it
        await("undecryptable signals at b", () -> b.undecryptableSignals() >= 2);
        assertThat(roomA.links).isEmpty();
        assertThat(roomB.links).isEmpty();
        assertThat(b.negotiation(SMALL)).isEqualTo("none");
        assertThat(hub.messagesOn(TrysteroIds.selfTopic(APP, "r2", SMALL)))
                .noneMatch(m -> parse(m).has("answer"));
    }

    @Test
    void garbageSignallingIsIgnoredAndPeersStillConnect() throws Exception {
        Room roomA = new Room();
        Room roomB = new Room();
        TopicSignaling a = signaling(rtcA, SMALL, "r3", "");
        TopicSignaling b = signaling(rtcB, LARGE, "r3", "");
        String root = TrysteroIds.rootTopic(APP, "r3");
        String selfA = TrysteroIds.selfTopic(APP, "r3", SMALL);
        a.start(roomA);
        List<String> junk = List.of("", "not json", "[1,2,3]", "null", "42", "{}", "{\"peerId\":5}",
                "{\"peerId\":\"has spaces and / slashes\"}", "{\"peerId\":\"" + "x".repeat(100) + "\"}",
                "{\"peerId\":\"Mallory0000000000000\",\"offer\":7}",
                "{\"peerId\":\"Mallory0000000000000\",\"offer\":\"\"}",
                "{\"peerId\":\"Mallory0000000000000\",\"offer\":\"1,2,3$abc\"}",
                "{\"peerId\":\"Mallory0000000000000\",\"answer\":\"garbage\"}",
                "{\"peerId\":\"Mallory0000000000000\",\"candidate\":\"0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}",
                "{\"peerId\":\"Mallory0000000000000\",\"offerId\":{\"x\":1}}",
                "{\"peerId\":\"" + LARGE + "\",\"answer\":\"1$2\",\"offerId\":\"nope\"}",
                "{\"peerId\":\"Mallory0000000000000\",\"offer\":\"" + "A".repeat(TopicSignaling.MAX_MESSAGE_CHARS) + "\"}",
                "{\"peerId\":" + "[".repeat(5000) + "]".repeat(5000) + "}");
        for (String j : junk) {
            hub.inject(root, j);
            hub.inject(selfA, j);
        }
        hub.inject("some-other-topic", "{\"peerId\":\"Mallory0000000000000\"}");
        hub.flush();
        await("garbage processed", () -> a.droppedMessages() >= 20);
        b.start(roomB);
        await("links despite the garbage", () -> roomA.links.containsKey(LARGE) && roomB.links.containsKey(SMALL));
        assertThat(roomA.links).containsOnlyKeys(LARGE);
    }

    @Test
    void announcesOnTheRootTopicWithAWarmUpBurstAndSlowsDownWhenSatisfied() throws Exception {
        TopicSignaling a = signaling(rtcA, SMALL, "r4", "");
        String root = TrysteroIds.rootTopic(APP, "r4");
        a.start(new Room());
        await("warm-up burst of four announcements", () -> hub.messagesOn(root).size() >= 4);
        assertThat(hub.messagesOn(root)).allSatisfy(m -> assertThat(m).isEqualTo("{\"peerId\":\"" + SMALL + "\"}"));
        await("warm-up over", () -> a.announcementsSent() >= 4);
        assertThat(a.nextAnnounceInMillis()).isBetween(0L, 5333L);
        a.satisfied(true);
        assertThat(a.nextAnnounceInMillis()).isGreaterThan(30_000L);
        long before = a.announcementsSent();
        a.satisfied(false); // short of peers again: announce at once, then at the fast pace
        assertThat(a.announcementsSent()).isGreaterThan(before);
        assertThat(a.nextAnnounceInMillis()).isBetween(0L, 5333L);
    }

    @Test
    void largerIdAnswersAnAnnouncementWithADirectAnnouncement() throws Exception {
        TopicSignaling big = signaling(rtcB, LARGE, "r5", "");
        big.start(new Room());
        String scriptedSelf = TrysteroIds.selfTopic(APP, "r5", SMALL);
        hub.inject(TrysteroIds.rootTopic(APP, "r5"), "{\"peerId\":\"" + SMALL + "\"}");
        await("direct announcement to the smaller id", () -> !hub.messagesOn(scriptedSelf).isEmpty());
        assertThat(hub.messagesOn(scriptedSelf).get(0)).isEqualTo("{\"peerId\":\"" + LARGE + "\"}");
        assertThat(big.negotiation(SMALL)).isEqualTo("none");
    }

    @Test
    void smallerIdOffersToAScriptedTrysteroPeerIgnoresGlareAndConnects() throws Exception {
        String room = "r6";
        Room roomA = new Room();
        TopicSignaling small = signaling(rtcA, SMALL, room, "s3cret");
        SdpCrypto crypto = new SdpCrypto("s3cret", APP, room);
        String scriptedSelf = TrysteroIds.selfTopic(APP, room, LARGE);
        String smallSelf = TrysteroIds.selfTopic(APP, room, SMALL);
        small.start(roomA);
        hub.inject(TrysteroIds.rootTopic(APP, room), "{\"peerId\":\"" + LARGE + "\"}");
        await("an offer on the scripted peer's topic",
                () -> hub.messagesOn(scriptedSelf).stream().anyMatch(m -> parse(m).has("offer")));
        JsonNode offerMsg = hub.messagesOn(scriptedSelf).stream().map(TopicSignalingTest::parse)
                .filter(n -> n.has("offer")).findFirst().orElseThrow();
        assertThat(offerMsg.get("peerId").asText()).isEqualTo(SMALL);
        assertThat(offerMsg.get("offerId").asText()).hasSize(12);
        String offerId = offerMsg.get("offerId").asText();
        String offerSdp = crypto.decrypt(offerMsg.get("offer").asText());
        assertThat(offerSdp).startsWith("v=0").contains("webrtc-datachannel");

        // glare: the scripted (larger) peer sends an offer too; the smaller id keeps its own
        PendingLink glare = rtcB.offer(SMALL, c -> {});
        String glareOffer = glare.localDescription().get(10, TimeUnit.SECONDS);
        hub.inject(smallSelf, JSON.createObjectNode().put("peerId", LARGE).put("offerId", "glareglare12")
                .put("offer", crypto.encrypt(glareOffer)).toString());
        hub.flush();
        assertThat(small.negotiation(LARGE)).isEqualTo("offering");
        glare.cancel();

        // the scripted peer answers like Trystero and trickles its candidates with the offer id
        List<String> early = new CopyOnWriteArrayList<>();
        AtomicInteger sent = new AtomicInteger();
        PendingLink answerer = rtcB.answer(SMALL, offerSdp, c -> {
            hub.inject(smallSelf, JSON.createObjectNode().put("peerId", LARGE).put("candidate", crypto.encrypt(c))
                    .put("offerId", offerId).toString());
            sent.incrementAndGet();
        });
        String answerSdp = answerer.localDescription().get(10, TimeUnit.SECONDS);
        hub.inject(smallSelf, JSON.createObjectNode().put("peerId", LARGE).put("answer", crypto.encrypt(answerSdp))
                .put("offerId", offerId).toString());
        // feed the small peer's candidates (already published and future ones) to our answerer
        Thread feeder = new Thread(() -> {
            int seen = 0;
            while (!answerer.opened().isDone()) {
                List<String> msgs = hub.messagesOn(scriptedSelf);
                for (; seen < msgs.size(); seen++) {
                    JsonNode n = parse(msgs.get(seen));
                    if (n.has("candidate")) {
                        assertThat(n.get("offerId").asText()).isEqualTo(offerId);
                        try {
                            answerer.addRemoteCandidate(crypto.decrypt(n.get("candidate").asText()));
                        } catch (SdpCryptoException e) {
                            early.add(e.getMessage());
                        }
                    }
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        feeder.setDaemon(true);
        feeder.start();
        Link scriptedLink = answerer.opened().get(30, TimeUnit.SECONDS);
        await("small hands the link to the room", () -> roomA.links.containsKey(LARGE));
        assertThat(early).isEmpty();
        assertThat(small.negotiation(LARGE)).isEqualTo("connected");
        List<byte[]> got = new CopyOnWriteArrayList<>();
        scriptedLink.setListener(new Link.Listener() {
            @Override
            public void onMessage(byte[] m) {
                got.add(m);
            }

            @Override
            public void onClose(String reason) {}
        });
        roomA.links.get(LARGE).send(new byte[] {7});
        await("message over the scripted link", () -> got.size() == 1);
        scriptedLink.close();
        feeder.join(5000);
    }

    @Test
    void peersTheRoomDoesNotWantAreNeverOfferedTo() throws Exception {
        PeerDiscovery.Callbacks picky = new PeerDiscovery.Callbacks() {
            @Override
            public boolean wants(String peerId) {
                return false;
            }

            @Override
            public void onLink(String peerId, Link link) {
                throw new AssertionError("no link expected");
            }
        };
        TopicSignaling small = signaling(rtcA, SMALL, "r7", "");
        small.start(picky);
        hub.inject(TrysteroIds.rootTopic(APP, "r7"), "{\"peerId\":\"" + LARGE + "\"}");
        hub.flush();
        assertThat(small.negotiation(LARGE)).isEqualTo("none");
        assertThat(hub.messagesOn(TrysteroIds.selfTopic(APP, "r7", LARGE))).isEmpty();
    }
}
