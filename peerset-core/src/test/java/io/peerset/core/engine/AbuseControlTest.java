package io.peerset.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.Ban;
import io.peerset.api.Draft;
import io.peerset.api.Identity;
import io.peerset.api.Moderation;
import io.peerset.api.ModerationFilter;
import io.peerset.api.PeerInfo;
import io.peerset.api.Peerset;
import io.peerset.api.SignedRecord;
import io.peerset.api.Room;
import io.peerset.api.Verdict;
import io.peerset.core.link.LinkClosedException;
import io.peerset.core.wire.Payload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Author strikes and bans, strike decay, and per-peer flood control, on the real in-memory transport. */
class AbuseControlTest {
    private static final Logger log = LoggerFactory.getLogger(AbuseControlTest.class);
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    /** Refuses text containing "forbidden". */
    private static final ModerationFilter NO_FORBIDDEN = new ModerationFilter() {
        @Override public String name() { return "no-forbidden"; }
        @Override public Verdict check(SignedRecord r, io.peerset.api.ModerationContext c) {
            return r.content().contains("forbidden") ? Verdict.reject("says forbidden") : Verdict.accept();
        }
    };

    private static Optional<PeerInfo> info(Room room, String peerId) {
        return room.peers().stream().filter(p -> p.peerId().equals(peerId)).findFirst();
    }

    private static boolean active(Room room, String peerId) {
        return info(room, peerId).map(p -> p.state().equals("ACTIVE")).orElse(false);
    }

    private static String events(SignedRecord... rs) {
        StringBuilder sb = new StringBuilder("[");
        for (SignedRecord r : rs) {
            if (sb.length() > 1) sb.append(',');
            sb.append(r.toJson());
        }
        return sb.append(']').toString();
    }

    @Test
    void authorRefusedByModerationPastTheThresholdIsBannedAndRefusedFromAnyone() throws Exception {
        try (Nodes nodes = new Nodes()) {
            Peerset node = nodes.node(b -> b.moderation(Moderation.of(NO_FORBIDDEN)).authorStrikeThreshold(3).strikeThreshold(100));
            Room room = node.join("app", "authors");
            Identity spammer = Identity.generate();
            Identity other = Identity.generate();
            try (RawPeer a = new RawPeer(nodes.network, "app", "authors")) {
                a.awaitLink(DEADLINE);
                a.handshakeAs(Identity.generate(), room.selfId());
                Nodes.await("first raw peer active", DEADLINE, () -> active(room, a.selfId));
                a.send("ps/event", Payload.ofString(events(spammer.sign(Draft.text("forbidden 1")),
                    spammer.sign(Draft.text("forbidden 2")), spammer.sign(Draft.text("forbidden 3")))));
                Nodes.await("author banned", DEADLINE, () -> room.bans().stream()
                    .anyMatch(b -> b.kind() == Ban.Kind.AUTHOR && b.id().equals(spammer.publicKeyHex())));
                Ban ban = room.bans().stream().filter(b -> b.kind() == Ban.Kind.AUTHOR).findFirst().orElseThrow();
                assertThat(ban.reason()).contains("3 records refused by moderation").contains("says forbidden");
                assertThat(ban.until()).isAfter(java.time.Instant.now().plus(Duration.ofMinutes(59)));
                assertThat(info(room, a.selfId).orElseThrow().strikes()).isEqualTo(3);
            }
            try (RawPeer b = new RawPeer(nodes.network, "app", "authors")) {
                b.awaitLink(DEADLINE);
                b.handshakeAs(Identity.generate(), room.selfId());
                Nodes.await("second raw peer active", DEADLINE, () -> active(room, b.selfId));
                SignedRecord acceptableButBanned = spammer.sign(Draft.text("a perfectly fine text"));
                SignedRecord fine = other.sign(Draft.text("another fine text"));
                b.send("ps/event", Payload.ofString(events(acceptableButBanned, fine)));
                Nodes.await("the other author's record stored", DEADLINE, () -> room.get(fine.id()).join().isPresent());
                assertThat(room.get(acceptableButBanned.id()).join()).as("banned author's record from an innocent peer").isEmpty();
                assertThat(info(room, b.selfId).orElseThrow().strikes()).as("relaying a banned author is no fault").isZero();
            }
        }
    }

    @Test
    void burstOverTheAuthorQuotaInOneMessageIsCaught() throws Exception {
        // a quota-like filter: at most 2 records per author, as counted by the context
        ModerationFilter quota = new ModerationFilter() {
            @Override public String name() { return "quota-2"; }
            @Override public Verdict check(SignedRecord r, io.peerset.api.ModerationContext c) {
                return c.storedByAuthor(r.pubkey()) >= 2 ? Verdict.reject("quota") : Verdict.accept();
            }
        };
        try (Nodes nodes = new Nodes()) {
            Room room = nodes.node(b -> b.moderation(Moderation.of(quota))).join("app", "burst");
            Identity author = Identity.generate();
            try (RawPeer raw = new RawPeer(nodes.network, "app", "burst")) {
                raw.awaitLink(DEADLINE);
                raw.send("@_hsready", Payload.EMPTY_STRING);
                Nodes.await("active", DEADLINE, () -> active(room, raw.selfId));
                List<SignedRecord> burst = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    burst.add(author.sign(Draft.text("burst record number " + i)));
                }
                raw.send("ps/event", Payload.ofString(events(burst.toArray(new SignedRecord[0]))));
                Nodes.await("refusals struck", DEADLINE, () -> info(room, raw.selfId).map(p -> p.strikes() == 4).orElse(false));
                assertThat(room.size()).isEqualTo(2);
            }
        }
    }

    @Test
    void strikesDecayOnePerInterval() {
        long decay = 1_000;
        Strikes s = new Strikes(decay, 0);
        assertThat(s.add(3, 0)).isEqualTo(3);
        assertThat(s.current(999)).isEqualTo(3);
        assertThat(s.current(1_000)).isEqualTo(2);
        assertThat(s.add(1, 2_500)).isEqualTo(2); // one more forgiven at 2000, then +1
        assertThat(s.current(10_000)).isZero();
        assertThat(s.add(1, 10_100)).isEqualTo(1);
        assertThat(s.current(11_099)).isEqualTo(1);
        assertThat(s.current(11_100)).isZero();
    }

    @Test
    void floodGatePassesABurstThenSlowsThenRefuses() {
        long now = 0;
        FloodGate g = new FloodGate(100, 1L << 30, now);
        int immediate = 0;
        while (g.admit(10, now) == 0) {
            immediate++;
        }
        assertThat(immediate).isBetween(99, 101); // a second's worth
        int slowed = 1;
        long last = 0;
        long wait;
        while ((wait = g.admit(10, now)) != FloodGate.REFUSE) {
            assertThat(wait).isGreaterThanOrEqualTo(last);
            last = wait;
            slowed++;
        }
        assertThat(slowed).isBetween(199, 202); // two seconds' worth wait
        assertThat(g.admit(10, now + 1_000_000_000L)).isPositive(); // a second later there is room again
    }

    @Test
    void senderPacingAtNinetyPercentIsNeverSlowedPastTheGraceOfTheReceiversGate() {
        // a bulk transfer of 30 seconds' worth of 16 KiB frames queued at once, as an initial sync does
        FloodGate receiver = new FloodGate(500, 8L << 20, 0);
        FloodGate sender = new FloodGate(450, (long) ((8L << 20) * 0.9), 0);
        long maxWait = 0;
        for (int i = 0; i < 15_000; i++) {
            long sendAt = sender.pace(16_384, 0); // every frame handed over at t = 0, sent when its pace allows
            long wait = receiver.admit(16_384, sendAt);
            assertThat(wait).as("frame %d", i).isNotEqualTo(FloodGate.REFUSE);
            maxWait = Math.max(maxWait, wait);
        }
        assertThat(maxWait).isLessThan(FloodGate.GRACE_NANOS / 2);
    }

    @Test
    void floodGateLimitsBytesToo() {
        FloodGate g = new FloodGate(1_000_000, 100_000, 0);
        assertThat(g.admit(100_000, 0)).isZero();
        assertThat(g.admit(100_000, 0)).isPositive();
        assertThat(g.admit(100_000, 0)).isPositive();
        assertThat(g.admit(100_000, 0)).isEqualTo(FloodGate.REFUSE);
    }

    @Test
    void floodingPeerIsSlowedThenStruckThenBannedWhileHonestPeersKeepSyncing() throws Exception {
        try (Nodes nodes = new Nodes()) {
            Peerset victim = nodes.node();
            Room room = victim.join("app", "flood");
            try (RawPeer raw = new RawPeer(nodes.network, "app", "flood")) {
                raw.awaitLink(DEADLINE); // the raw peer takes one link: the victim's, as it is alone so far
                raw.handshakeAs(Identity.generate(), room.selfId());
                Nodes.await("flooder active", DEADLINE, () -> active(room, raw.selfId));
                Room honest = nodes.node().join("app", "flood");
                Nodes.await("honest peers connected", DEADLINE, () -> active(room, honest.selfId()));
                PeerSession session = ((RoomImpl) room).sessions().stream()
                    .filter(s -> s.peerId().equals(raw.selfId)).findFirst().orElseThrow();
                Thread flooder = new Thread(() -> {
                    try {
                        for (int i = 0; i < 200_000 && !raw.linkClosed(); i++) {
                            raw.send("ps/req", Payload.ofString("[]"));
                        }
                    } catch (LinkClosedException e) {
                        // banned: expected
                    }
                }, "flooder");
                flooder.start();
                List<CompletableFuture<SignedRecord>> writes = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    writes.add(honest.put(Draft.text("honest during the flood " + i)));
                }
                CompletableFuture.allOf(writes.toArray(new CompletableFuture[0])).join();
                Nodes.await("flooder banned", DEADLINE, () -> room.bans().stream()
                    .anyMatch(b -> b.kind() == Ban.Kind.PEER && b.id().equals(raw.selfId)));
                flooder.join(DEADLINE.toMillis());
                Nodes.await("honest records synced", DEADLINE, () -> room.size() == 20);
                assertThat(session.slowedMessages()).as("slowed first").isPositive();
                assertThat(session.refusedMessages()).as("then refused").isPositive();
                Ban ban = room.bans().stream().filter(b -> b.id().equals(raw.selfId)).findFirst().orElseThrow();
                assertThat(ban.reason()).contains("faster than").contains("refused since the last strike");
                assertThat(room.bans()).anyMatch(b -> b.kind() == Ban.Kind.PEER_KEY);
                assertThat(((RoomImpl) room).wants(raw.selfId)).isFalse();
                assertThat(info(room, honest.selfId()).orElseThrow().strikes()).isZero();
                assertThat(room.bans()).noneMatch(b -> b.id().equals(honest.selfId()));
            }
        }
    }

    /**
     * Flood strikes are weighed by what was refused, not by how often the room thread
     * got round to striking: a flood that the room thread only sees after it is over
     * (here: the thread is held while the peer floods) is still a ban.
     */
    @Test
    void floodSeenByABusyRoomThreadInOneTurnIsStillABan() throws Exception {
        try (Nodes nodes = new Nodes()) {
            Room room = nodes.node().join("app", "flood-busy");
            try (RawPeer raw = new RawPeer(nodes.network, "app", "flood-busy")) {
                raw.awaitLink(DEADLINE);
                raw.handshakeAs(Identity.generate(), room.selfId());
                Nodes.await("flooder active", DEADLINE, () -> active(room, raw.selfId));
                PeerSession session = ((RoomImpl) room).sessions().stream()
                    .filter(s -> s.peerId().equals(raw.selfId)).findFirst().orElseThrow();
                java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
                java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
                ((RoomImpl) room).execute(() -> {
                    held.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                held.await();
                int refusedTarget = 50_000;
                for (int i = 0; session.refusedMessages() < refusedTarget; i++) {
                    raw.send("ps/req", Payload.ofString("[]"));
                    assertThat(i).as("messages sent before " + refusedTarget + " were refused").isLessThan(1_000_000);
                }
                assertThat(room.bans()).as("nothing struck while the room thread is held").isEmpty();
                release.countDown();
                Nodes.await("flooder banned", DEADLINE, () -> room.bans().stream()
                    .anyMatch(b -> b.kind() == Ban.Kind.PEER && b.id().equals(raw.selfId)));
                assertThat(room.bans().stream().filter(b -> b.id().equals(raw.selfId)).findFirst().orElseThrow().reason())
                    .contains("faster than").contains("refused since the last strike");
            }
        }
    }

    @Test
    void honestInitialSyncOfTenThousandRecordsIsNeitherStruckNorRefused() {
        int n = Integer.getInteger("abuse.syncRecords", 10_000);
        try (Nodes nodes = new Nodes()) {
            Room full = nodes.node().join("app", "bulk");
            List<CompletableFuture<SignedRecord>> writes = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                writes.add(full.put(Draft.text("bulk record " + i + " " + "x".repeat(i % 200))));
            }
            CompletableFuture.allOf(writes.toArray(new CompletableFuture[0])).join();
            long t0 = System.nanoTime();
            Room empty = nodes.node().join("app", "bulk");
            long peakBytes = 0;
            long lastBytes = 0;
            long lastT = t0;
            while (empty.size() < n) {
                if (System.nanoTime() - t0 > Duration.ofSeconds(90).toNanos()) {
                    throw new AssertionError("initial sync did not finish: " + empty.size() + " of " + n);
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                long now = System.nanoTime();
                long in = empty.peers().stream().mapToLong(PeerInfo::bytesIn).sum();
                peakBytes = Math.max(peakBytes, (in - lastBytes) * 1_000_000_000L / Math.max(1, now - lastT));
                lastBytes = in;
                lastT = now;
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            PeerSession s = ((RoomImpl) empty).sessions().get(0);
            PeerInfo p = empty.peers().get(0);
            log.info("initial sync of {} records: {} s, {} bytes in, peak {} bytes/s over 100 ms, {} slowed, {} refused",
                n, String.format("%.1f", secs), p.bytesIn(), peakBytes, s.slowedMessages(), s.refusedMessages());
            assertThat(s.refusedMessages()).isZero();
            assertThat(p.strikes()).isZero();
            assertThat(empty.bans()).isEmpty();
            assertThat(full.bans()).isEmpty();
        }
    }
}
