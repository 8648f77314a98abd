package example;

import io.peerset.api.SignedRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two app instances signalling through a Nostr relay on 127.0.0.1 (a small NIP-01 relay in this
 * test, {@link LocalRelay}): they find each other through it, and a note written by one reaches
 * the other over WebRTC.
 */
class NotesTest {

    @Test
    void aNoteReachesTheOtherPeerThroughANostrRelay(@TempDir Path dir) throws Exception {
        try (LocalRelay relay = LocalRelay.launch();
             Notes alice = new Notes(relay.uri(), dir.resolve("alice"), "notes");
             Notes bob = new Notes(relay.uri(), dir.resolve("bob"), "notes")) {
            List<SignedRecord> seen = new CopyOnWriteArrayList<>();
            bob.room().subscribe(seen::add);

            SignedRecord hello = alice.write("hello from alice");
            assertEquals(List.of(hello), alice.mine());

            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (bob.room().get(hello.id()).join().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(bob.room().get(hello.id()).join().isPresent(), "bob never received alice's note; relay saw "
                    + relay.eventsReceived.get() + " events and forwarded " + relay.eventsForwarded.get());
            assertTrue(seen.stream().anyMatch(r -> r.id().equals(hello.id())), "bob's subscriber was not called");
            assertTrue(relay.eventsForwarded.get() > 0, "the peers met without the relay forwarding anything");
        }
    }
}
