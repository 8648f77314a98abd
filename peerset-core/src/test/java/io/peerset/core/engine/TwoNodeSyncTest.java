package io.peerset.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.Draft;
import io.peerset.api.Peerset;
import io.peerset.api.PeerInfo;
import io.peerset.api.SignedRecord;
import io.peerset.api.Room;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class TwoNodeSyncTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Test
    void twoNodesReconcileExistingRecordsAndPushNewOnesBothWays() throws Exception {
        try (Nodes nodes = new Nodes()) { // the default config: both hellos offer riblt1
            Peerset a = nodes.node();
            Peerset b = nodes.node();
            Room ra = a.join("app", "room");
            for (int i = 0; i < 300; i++) {
                ra.put(Draft.text("from a " + i)).get();
            }
            Room first = b.join("app", "room");
            Nodes.await("an empty b learns a's 300 records", DEADLINE, () -> first.size() == 300);
            assertThat(ribltReconciled(ra, first)).as("an empty side is left to Negentropy").isZero();
            first.close(); // b leaves, keeping its records
            Nodes.await("a sees b leave", DEADLINE, () -> ra.peers().isEmpty());
            for (int i = 0; i < 40; i++) {
                ra.put(Draft.text("while b was away " + i)).get();
            }
            Room rb = b.join("app", "room");
            Nodes.await("the rejoin's first sync (40 of 340 differ) settled by the rateless sketch", DEADLINE,
                () -> ribltReconciled(ra, rb) > 0 && rb.size() == 340);
            for (int i = 0; i < 200; i++) {
                rb.put(Draft.text("from b " + i)).get();
            }
            Nodes.await("both hold 540 records", DEADLINE, () -> ra.size() == 540 && rb.size() == 540);
            assertThat(ra.fingerprint()).isEqualTo(rb.fingerprint());

            List<SignedRecord> heardByB = new CopyOnWriteArrayList<>();
            rb.subscribe(heardByB::add);
            SignedRecord live = ra.put(Draft.text("live from a")).get();
            SignedRecord back = rb.put(Draft.text("live from b")).get();
            Nodes.await("live records crossed", DEADLINE,
                () -> rb.get(live.id()).join().isPresent() && ra.get(back.id()).join().isPresent());
            Nodes.await("b's subscriber heard a's record", DEADLINE, () -> heardByB.contains(live));
            assertThat(ra.fingerprint()).isEqualTo(rb.fingerprint());
        }
    }

    @Test
    void withoutRibltTheFirstSyncUsesNegentropy() throws Exception {
        try (Nodes nodes = new Nodes()) {
            Room ra = nodes.node(b -> b.ribltSync(false)).join("app", "neg-only");
            for (int i = 0; i < 100; i++) {
                ra.put(Draft.text("from a " + i)).get();
            }
            Room rb = nodes.node(b -> b.ribltSync(false)).join("app", "neg-only");
            Nodes.await("b holds a's 100 records", DEADLINE, () -> rb.size() == 100);
            assertThat(rb.fingerprint()).isEqualTo(ra.fingerprint());
            assertThat(ribltReconciled(ra, rb)).isZero();
        }
    }

    /** Syncs riblt1 settled in the live sessions of these rooms. */
    private static long ribltReconciled(Room... rooms) {
        long n = 0;
        for (Room r : rooms) {
            for (PeerSession s : ((RoomImpl) r).sessions()) {
                n += s.ribltReconciled();
            }
        }
        return n;
    }

    @Test
    void handshakeProvesEachSidesNpub() {
        try (Nodes nodes = new Nodes()) {
            Peerset a = nodes.node();
            Peerset b = nodes.node();
            Room ra = a.join("app", "hello");
            Room rb = b.join("app", "hello");
            Nodes.await("sessions active", DEADLINE, () -> Nodes.active(ra, 1) && Nodes.active(rb, 1));
            PeerInfo seenByA = ra.peers().get(0);
            PeerInfo seenByB = rb.peers().get(0);
            assertThat(seenByA.peerId()).isEqualTo(rb.selfId());
            assertThat(seenByA.npub()).contains(b.identity().npub());
            assertThat(seenByB.npub()).contains(a.identity().npub());
            assertThat(seenByA.strikes()).isZero();
        }
    }
}
