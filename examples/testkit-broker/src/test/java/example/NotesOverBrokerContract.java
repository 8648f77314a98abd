package example;

import io.peerset.api.SignedRecord;
import io.peerset.testkit.MqttBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The app's test, written once against the testkit's {@link MqttBroker} interface; each subclass
 * says which real broker it runs on.
 */
abstract class NotesOverBrokerContract {

    /** A running broker on 127.0.0.1 (or the Docker host), owned by the subclass. */
    abstract MqttBroker broker();

    @Test
    void aNoteReachesTheOtherPeerAndSurvivesABrokerRestart(@TempDir Path dir) throws Exception {
        MqttBroker broker = broker();
        assertTrue(broker.isRunning());
        try (Notes alice = new Notes(broker.tcpUri(), dir.resolve("alice"), "notes");
             Notes bob = new Notes(broker.tcpUri(), dir.resolve("bob"), "notes")) {
            SignedRecord first = alice.write("first note");
            assertEquals(List.of(first), alice.mine());
            awaitStored(bob, first);

            // The WebRTC link between the peers does not need the broker once it is up.
            broker.stop();
            try {
                SignedRecord second = alice.write("written while the broker is down");
                awaitStored(bob, second);
            } finally {
                broker.start();
            }
            assertTrue(broker.isRunning());
        }
    }

    static void awaitStored(Notes reader, SignedRecord r) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (reader.room().get(r.id()).join().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(reader.room().get(r.id()).join().isPresent(), "the other peer never received '" + r.content() + "'");
    }
}
