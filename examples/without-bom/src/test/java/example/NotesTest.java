package example;

import io.peerset.api.SignedRecord;
import io.peerset.testkit.EmbeddedMqttBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two app instances on the testkit's embedded broker: a note written by one reaches the other over WebRTC. */
class NotesTest {

    @Test
    void aNoteReachesTheOtherPeer(@TempDir Path dir) throws Exception {
        try (EmbeddedMqttBroker broker = EmbeddedMqttBroker.launch();
             Notes alice = new Notes(broker.tcpUri(), dir.resolve("alice"), "notes");
             Notes bob = new Notes(broker.tcpUri(), dir.resolve("bob"), "notes")) {
            List<SignedRecord> seen = new CopyOnWriteArrayList<>();
            bob.room().subscribe(seen::add);

            SignedRecord hello = alice.write("hello from alice");
            assertEquals(List.of(hello), alice.mine());

            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (bob.room().get(hello.id()).join().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(bob.room().get(hello.id()).join().isPresent(), "bob never received alice's note");
            assertTrue(seen.stream().anyMatch(r -> r.id().equals(hello.id())), "bob's subscriber was not called");
        }
    }
}
