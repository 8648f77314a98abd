package example;

import io.peerset.api.Draft;
import io.peerset.api.Room;
import io.peerset.api.SignedRecord;
import io.peerset.testkit.PeersetSwarm;
import io.peerset.testkit.SwarmTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The testkit's JUnit 5 extension: three real nodes on MQTT signalling (an embedded broker the swarm
 * starts) and WebRTC, joined to the app's room before the test, closed after it. The app joins as a
 * fourth peer through the swarm's broker.
 */
class SwarmTest {
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    @RegisterExtension
    PeersetSwarm swarm = PeersetSwarm.builder()
            .peers(3)
            .transport(SwarmTransport.embeddedMqtt())
            .room("peerset-example", "notes")
            .build();

    @Test
    void threePeersConvergeOverMqtt() {
        List<SignedRecord> written = new ArrayList<>();
        for (int i = 0; i < swarm.size(); i++) {
            written.add(swarm.room(i).put(Draft.text("note " + i)).join());
        }
        swarm.awaitConverged(DEADLINE);
        for (Room room : swarm.rooms()) {
            assertEquals(written.size(), room.size());
            for (SignedRecord r : written) {
                assertTrue(room.get(r.id()).join().isPresent());
            }
        }
    }

    @Test
    void theAppsNoteReachesEverySwarmPeerAndTheSwarmsNotesReachTheApp(@TempDir Path dir) throws Exception {
        SignedRecord fromSwarm = swarm.room(1).put(Draft.text("from the swarm")).join();
        try (Notes app = new Notes(swarm.broker().tcpUri(), dir.resolve("app"), "notes")) {
            SignedRecord fromApp = app.write("from the app");
            swarm.awaitConverged(DEADLINE);
            for (Room room : swarm.rooms()) {
                long deadline = System.nanoTime() + DEADLINE.toNanos();
                while (room.get(fromApp.id()).join().isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertTrue(room.get(fromApp.id()).join().isPresent(), "a swarm peer never received the app's note");
            }
            NotesOverBrokerContract.awaitStored(app, fromSwarm);
        }
    }
}
