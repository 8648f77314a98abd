package io.peerset.core.rtc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerset.core.link.Link;
import io.peerset.core.link.LinkClosedException;
import io.peerset.core.link.PendingLink;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two real webrtc-java factories in one JVM, descriptions and candidates handed over directly. */
class WebRtcLinkTest {
    private static WebRtcLinkFactory alice;
    private static WebRtcLinkFactory bob;

    @BeforeAll
    static void start() {
        alice = new WebRtcLinkFactory();
        bob = new WebRtcLinkFactory();
    }

    @AfterAll
    static void stop() {
        alice.close();
        bob.close();
    }

    /** Offer from a, answer from b, candidates trickled straight across. */
    static Link[] connect(WebRtcLinkFactory a, WebRtcLinkFactory b) throws Exception {
        AtomicReference<PendingLink> answerer = new AtomicReference<>();
        List<String> early = new CopyOnWriteArrayList<>();
        PendingLink offerer = a.offer("bobbobbobbobbobbobbo", c -> {
            PendingLink p = answerer.get();
            if (p == null) {
                early.add(c);
            } else {
                p.addRemoteCandidate(c);
            }
        });
        String offer = offerer.localDescription().get(10, TimeUnit.SECONDS);
        PendingLink ans = b.answer("alicealicealicealice", offer, offerer::addRemoteCandidate);
        answerer.set(ans);
        early.forEach(ans::addRemoteCandidate);
        offerer.setRemoteDescription(ans.localDescription().get(10, TimeUnit.SECONDS));
        return new Link[] {offerer.opened().get(20, TimeUnit.SECONDS), ans.opened().get(20, TimeUnit.SECONDS)};
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

    static final class Recorder implements Link.Listener {
        final List<byte[]> messages = new CopyOnWriteArrayList<>();
        final List<String> closes = new CopyOnWriteArrayList<>();

        @Override
        public void onMessage(byte[] message) {
            messages.add(message);
        }

        @Override
        public void onClose(String reason) {
            closes.add(reason);
        }
    }

    @Test
    void offerAndAnswerOpenADataChannelThatCarriesMessagesBothWays() throws Exception {
        Link[] links = connect(alice, bob);
        Recorder atAlice = new Recorder();
        Recorder atBob = new Recorder();
        links[0].setListener(atAlice);
        links[1].setListener(atBob);
        assertThat(links[0].remotePeerId()).isEqualTo("bobbobbobbobbobbobbo");
        assertThat(links[1].remotePeerId()).isEqualTo("alicealicealicealice");

        links[0].send(new byte[] {1, 2, 3});
        links[1].send(new byte[] {4, 5});
        await("both messages", () -> atAlice.messages.size() == 1 && atBob.messages.size() == 1);
        assertThat(atBob.messages.get(0)).containsExactly(1, 2, 3);
        assertThat(atAlice.messages.get(0)).containsExactly(4, 5);

        links[0].close();
        await("both sides closed", () -> atAlice.closes.size() == 1 && atBob.closes.size() == 1);
        assertThat(links[0].isOpen()).isFalse();
        assertThat(links[1].isOpen()).isFalse();
        assertThatThrownBy(() -> links[1].send(new byte[1])).isInstanceOf(LinkClosedException.class);
        links[0].close(); // idempotent
        await("native connections released", () -> alice.liveConnections() == 0 && bob.liveConnections() == 0);
        assertThat(atAlice.closes).hasSize(1);
    }

    @Test
    void thousandSixteenKibMessagesArriveInOrderUnderBackPressure() throws Exception {
        Link[] links = connect(alice, bob);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger outOfOrder = new AtomicInteger();
        links[1].setListener(new Link.Listener() {
            @Override
            public void onMessage(byte[] message) {
                int seq = ByteBuffer.wrap(message).getInt();
                if (message.length != 16 * 1024 || seq != next.getAndIncrement()) {
                    outOfOrder.incrementAndGet();
                }
            }

            @Override
            public void onClose(String reason) {}
        });
        long maxSeen = 0;
        for (int i = 0; i < 1000; i++) {
            byte[] m = new byte[16 * 1024];
            ByteBuffer.wrap(m).putInt(i);
            links[0].send(m);
            maxSeen = Math.max(maxSeen, links[0].bufferedAmount());
        }
        await("1000 messages", () -> next.get() == 1000);
        assertThat(outOfOrder.get()).isZero();
        assertThat(maxSeen).isLessThanOrEqualTo(4L * 1024 * 1024);
        links[0].close();
        links[1].close();
    }

    @Test
    void messagesBeforeTheListenerIsSetAreHeldAndDeliveredInOrder() throws Exception {
        Link[] links = connect(alice, bob);
        for (int i = 0; i < 5; i++) {
            links[0].send(new byte[] {(byte) i});
        }
        await("messages to arrive", () -> links[1].isOpen());
        Thread.sleep(0);
        Recorder atBob = new Recorder();
        links[0].close();
        await("close to arrive", () -> !links[1].isOpen());
        links[1].setListener(atBob);
        await("held messages and close", () -> atBob.closes.size() == 1);
        assertThat(atBob.messages).extracting(m -> m[0]).containsExactly((byte) 0, (byte) 1, (byte) 2, (byte) 3, (byte) 4);
    }

    @Test
    void oversizedSendIsRefusedBeforeTouchingTheChannel() throws Exception {
        Link[] links = connect(alice, bob);
        assertThatThrownBy(() -> links[0].send(new byte[Link.MAX_MESSAGE_BYTES + 1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most");
        links[0].close();
        links[1].close();
    }

    @Test
    void garbageRemoteCandidatesAreIgnored() throws Exception {
        PendingLink p = alice.offer("somebodysomebodysome", c -> {});
        p.localDescription().get(10, TimeUnit.SECONDS);
        for (String junk : new String[] {null, "", "{", "[]", "{\"candidate\":5}", "{\"candidate\":\"nonsense\"}",
                "x".repeat(100_000), "{\"candidate\":\"candidate:1 1 udp 1 1.2.3.4 1 typ host\",\"sdpMLineIndex\":99}"}) {
            p.addRemoteCandidate(junk);
        }
        p.setRemoteDescription("not an sdp");
        await("the failed negotiation to be released", () -> p.opened().isDone());
        assertThat(p.opened()).isCompletedExceptionally();
    }

    @Test
    void cancelBeforeOpenReleasesTheConnection() throws Exception {
        int before = alice.liveConnections();
        PendingLink p = alice.offer("somebodysomebodysome", c -> {});
        p.localDescription().get(10, TimeUnit.SECONDS);
        p.cancel();
        p.cancel();
        await("cancelled negotiation released", () -> p.opened().isCompletedExceptionally());
        await("connection forgotten", () -> alice.liveConnections() == before);
    }

    @Test
    void withoutTrickleTheDescriptionCarriesEveryCandidate() throws Exception {
        try (WebRtcLinkFactory a = WebRtcLinkFactory.builder().trickle(false).gatheringTimeout(Duration.ofSeconds(15)).build();
                WebRtcLinkFactory b = WebRtcLinkFactory.builder().trickle(false).build()) {
            AtomicInteger trickled = new AtomicInteger();
            PendingLink offerer = a.offer("bobbobbobbobbobbobbo", c -> trickled.incrementAndGet());
            String offer = offerer.localDescription().get(20, TimeUnit.SECONDS);
            assertThat(offer).contains("a=candidate:");
            PendingLink answerer = b.answer("alicealicealicealice", offer, c -> trickled.incrementAndGet());
            String answer = answerer.localDescription().get(20, TimeUnit.SECONDS);
            assertThat(answer).contains("a=candidate:");
            offerer.setRemoteDescription(answer);
            Link l1 = offerer.opened().get(20, TimeUnit.SECONDS);
            Link l2 = answerer.opened().get(20, TimeUnit.SECONDS);
            assertThat(trickled.get()).isZero();
            Recorder r = new Recorder();
            l2.setListener(r);
            l1.send(new byte[] {42});
            await("message", () -> r.messages.size() == 1);
            l1.close();
        }
    }
}
