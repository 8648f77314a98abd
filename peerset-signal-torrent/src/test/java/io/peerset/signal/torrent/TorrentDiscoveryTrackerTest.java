package io.peerset.signal.torrent;

import static io.peerset.signal.torrent.TestPeer.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.core.rtc.WebRtcLinkFactory;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * TorrentDiscovery against a real WebTorrent tracker (npm bittorrent-tracker's server,
 * started on 127.0.0.1 by the test) with real WebRTC links in non-trickle mode.
 */
class TorrentDiscoveryTrackerTest {
    private static final Duration CONNECT = Duration.ofSeconds(45);
    private static WebRtcLinkFactory webrtc;

    @BeforeAll
    static void startWebRtc() {
        webrtc = WebRtcLinkFactory.builder().trickle(false).gatheringTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stopWebRtc() {
        webrtc.close();
    }

    private static String room(TestInfo info) {
        return "room-" + info.getTestMethod().orElseThrow().getName();
    }

    @Test
    void twoPeersMeetThroughARealTrackerAndExchangeMessages(TestInfo info) throws Exception {
        try (TrackerProcess tracker = TrackerProcess.start();
                TestPeer a = new TestPeer(webrtc, room(info), "", List.of(tracker.uri())).start();
                TestPeer b = new TestPeer(webrtc, room(info), "", List.of(tracker.uri())).start()) {
            await("a and b linked both ways", CONNECT, () -> a.connectedTo(b) && b.connectedTo(a));
            TestPeer.exchange(a, b, "hello");
            assertThat(a.discovery.announcementsSent()).isPositive();
            // exactly one side answered: the one with the greater id
            TestPeer larger = a.id().compareTo(b.id()) > 0 ? a : b;
            TestPeer smaller = larger == a ? b : a;
            assertThat(larger.discovery.answersSent()).isPositive();
            assertThat(smaller.discovery.answersSent()).isZero();
        }
    }

    @Test
    void peersWithDifferentPasswordsNeverLinkAndCountUndecryptableSignals(TestInfo info) throws Exception {
        try (TrackerProcess tracker = TrackerProcess.start();
                TestPeer a = new TestPeer(webrtc, room(info), "one password", List.of(tracker.uri())).start();
                TestPeer b = new TestPeer(webrtc, room(info), "another password", List.of(tracker.uri())).start()) {
            await("an undecryptable offer noticed", CONNECT,
                    () -> a.discovery.undecryptableSignals() + b.discovery.undecryptableSignals() > 0);
            assertThat(a.links).isEmpty();
            assertThat(b.links).isEmpty();
        }
    }

    @Test
    void withOneOfTwoTrackersDownPeersStillMeet(TestInfo info) throws Exception {
        URI dead = URI.create("ws://127.0.0.1:" + TrackerProcess.freePort());
        try (TrackerProcess tracker = TrackerProcess.start();
                TestPeer a = new TestPeer(webrtc, room(info), "", List.of(dead, tracker.uri())).start();
                TestPeer b = new TestPeer(webrtc, room(info), "", List.of(tracker.uri(), dead)).start()) {
            await("a and b linked", CONNECT, () -> a.connectedTo(b) && b.connectedTo(a));
            TestPeer.exchange(a, b, "one tracker down");
            assertThat(a.discovery.connectedTrackers()).isEqualTo(1);
        }
    }

    @Test
    void trackerKilledAndRestartedSignallingRecoversWhileEstablishedLinkKeepsWorking(TestInfo info) throws Exception {
        try (TrackerProcess tracker = TrackerProcess.start();
                TestPeer a = new TestPeer(webrtc, room(info), "", List.of(tracker.uri())).start();
                TestPeer b = new TestPeer(webrtc, room(info), "", List.of(tracker.uri())).start()) {
            await("a and b linked", CONNECT, () -> a.connectedTo(b) && b.connectedTo(a));

            tracker.kill();
            await("both notice the tracker is gone", Duration.ofSeconds(20),
                    () -> a.discovery.connectedTrackers() == 0 && b.discovery.connectedTrackers() == 0);
            TestPeer.exchange(a, b, "while the tracker is down");

            tracker.restart();
            await("both reconnect to the restarted tracker", Duration.ofSeconds(20),
                    () -> a.discovery.connectedTrackers() == 1 && b.discovery.connectedTrackers() == 1);
            TestPeer.exchange(a, b, "after the restart");

            try (TestPeer c = new TestPeer(webrtc, room(info), "", List.of(tracker.uri())).start()) {
                await("a newcomer links with both", CONNECT,
                        () -> c.connectedTo(a) && c.connectedTo(b) && a.connectedTo(c) && b.connectedTo(c));
                TestPeer.exchange(c, a, "newcomer to a");
                TestPeer.exchange(c, b, "newcomer to b");
            }
            TestPeer.exchange(a, b, "at the end");
        }
    }

    @Test
    void satisfiedRoomStopsOfferingAndResumesWhenShortOfPeers(TestInfo info) throws Exception {
        try (TrackerProcess tracker = TrackerProcess.start();
                TestPeer a = new TestPeer(webrtc, room(info), "", List.of(tracker.uri())).start()) {
            await("a announces offers", CONNECT, () -> a.discovery.connectedTrackers() == 1
                    && a.discovery.announcementsSent() > 0 && a.discovery.pooledOffers() > 0);
            a.discovery.satisfied(true);
            await("a released its offers", Duration.ofSeconds(10), () -> a.discovery.pooledOffers() == 0);
            long announced = a.discovery.announcementsSent();
            assertThat(a.discovery.nextAnnounceInMillis(0)).as("next announcement once satisfied")
                    .isGreaterThan(Duration.ofSeconds(60).toMillis());

            try (TestPeer b = new TestPeer(webrtc, room(info), "", List.of(tracker.uri())).start()) {
                // a satisfied peer still answers offers, whichever id is greater, as it has none out
                await("b links with the satisfied a", CONNECT, () -> a.connectedTo(b) && b.connectedTo(a));
                TestPeer.exchange(a, b, "satisfied");
            }
            assertThat(a.discovery.announcementsSent()).as("a stayed quiet while satisfied").isEqualTo(announced);
            a.discovery.satisfied(false);
            await("a offers again", Duration.ofSeconds(10), () -> a.discovery.pooledOffers() > 0);
            assertThat(a.discovery.nextAnnounceInMillis(0)).isLessThanOrEqualTo(Duration.ofSeconds(1).toMillis());
        }
    }
}
