package io.peerset.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.Draft;
import io.peerset.api.Peerset;
import io.peerset.api.SignedRecord;
import io.peerset.api.Room;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PasswordRoomTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @Test
    void peersWithTheSamePasswordPassTrysteroPasswordHandshakeAndSync() throws Exception {
        try (Nodes nodes = new Nodes()) {
            Peerset a = nodes.node();
            Peerset b = nodes.node();
            Room ra = a.join("app", "secret", "hunter2");
            Room rb = b.join("app", "secret", "hunter2");
            SignedRecord r = ra.put(Draft.text("for members")).get();
            Nodes.await("record arrives", DEADLINE, () -> rb.get(r.id()).join().isPresent());
            assertThat(rb.peers().get(0).npub()).contains(a.identity().npub());
        }
    }

    @Test
    void wrongPasswordNeverBecomesActive() throws Exception {
        try (Nodes nodes = new Nodes()) {
            Peerset a = nodes.node(bld -> bld.handshakeTimeout(Duration.ofMillis(500)));
            Peerset b = nodes.node(bld -> bld.handshakeTimeout(Duration.ofMillis(500)));
            Room ra = a.join("app", "secret", "right");
            Room rb = b.join("app", "secret", "wrong");
            SignedRecord r = ra.put(Draft.text("members only")).get();
            // discovery keeps retrying; every attempt fails the password check and closes
            Nodes.await("two failed handshakes", DEADLINE, () -> ((RoomImpl) ra).closedSessions() >= 2 && ((RoomImpl) rb).closedSessions() >= 2);
            assertThat(rb.get(r.id()).join()).isEmpty();
            assertThat(rb.size()).isZero();
        }
    }
}
