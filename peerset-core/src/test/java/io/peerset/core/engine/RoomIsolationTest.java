package io.peerset.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.Draft;
import io.peerset.api.Peerset;
import io.peerset.api.Room;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A node in two rooms keeps each room's records to that room's peers. */
class RoomIsolationTest {
    @Test
    void recordsOfOneRoomNeverReachPeersOfAnotherRoomOfTheSameNode() throws Exception {
        try (Nodes nodes = new Nodes()) {
            Peerset a = nodes.node();
            Peerset b = nodes.node();
            Room aPublic = a.join("app", "public");
            Room aPrivate = a.join("app", "private");
            Room bPublic = b.join("app", "public");

            aPrivate.put(Draft.text("for the private room only")).join();
            aPublic.put(Draft.text("for everyone in public")).join();

            Nodes.await("the public record at b", Duration.ofSeconds(30), () -> bPublic.size() == 1);
            // several sync rounds must not bring the private record over
            Nodes.await("b and a active in public", Duration.ofSeconds(30),
                () -> bPublic.peers().stream().anyMatch(p -> p.state().equals("ACTIVE")));
            long before = syncRounds(aPublic, bPublic);
            Nodes.await("three more sync rounds in public", Duration.ofSeconds(30), () -> {
                assertThat(bPublic.size()).isEqualTo(1);
                return syncRounds(aPublic, bPublic) >= before + 3;
            });
            assertThat(bPublic.size()).isEqualTo(1);
            assertThat(bPublic.query(io.peerset.api.Query.all()).join())
                .extracting(r -> r.content()).containsExactly("for everyone in public");
            assertThat(aPublic.size()).isEqualTo(1);
            assertThat(aPrivate.size()).isEqualTo(1);
            assertThat(a.rooms()).hasSize(2);
        }
    }

    /** Reconciliations finished by the live sessions of these rooms (the initiator of each counts). */
    private static long syncRounds(Room... rooms) {
        long n = 0;
        for (Room r : rooms) {
            for (PeerSession s : ((RoomImpl) r).sessions()) {
                n += s.reconciliationsDone();
            }
        }
        return n;
    }
}
