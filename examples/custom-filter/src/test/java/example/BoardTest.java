package example;

import io.peerset.api.Draft;
import io.peerset.api.InvalidRecordException;
import io.peerset.api.Moderation;
import io.peerset.api.ModerationFilter;
import io.peerset.api.Peerset;
import io.peerset.api.Room;
import io.peerset.api.SignedRecord;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The app's filter, found by name through META-INF/services, on real nodes over peerset-core's in-memory signalling. */
class BoardTest {

    private static URI network() {
        return URI.create("memory://custom-filter-" + UUID.randomUUID());
    }

    @Test
    void theFilterIsFoundByItsRegisteredName() {
        ModerationFilter f = Moderation.filter("no-spam", Map.of("words", "spam,scam"));
        assertInstanceOf(NoSpamFilter.class, f, "ServiceLoader did not find example.NoSpamFilterProvider");
        assertEquals("no-spam", f.name());

        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Moderation.filter("no-such-filter", Map.of()));
        assertTrue(unknown.getMessage().contains("no-spam"), "available filters should list no-spam: " + unknown.getMessage());
        assertTrue(unknown.getMessage().contains("banned-words"), "and peerset-moderation's own: " + unknown.getMessage());

        assertThrows(IllegalArgumentException.class, () -> Moderation.filter("no-spam", Map.of("colour", "red")));
    }

    @Test
    void aLocalWriteWithSpamIsRefusedAndAGoodOneStored() {
        try (Board board = new Board("memory", network(), "board", Map.of())) {
            CompletionException e = assertThrows(CompletionException.class,
                    () -> board.post(Draft.text("cheap SPAM, buy now")));
            InvalidRecordException refused = assertInstanceOf(InvalidRecordException.class, e.getCause());
            assertTrue(refused.getMessage().contains("spam"), refused.getMessage());

            SignedRecord good = board.post(Draft.text("a good morning to everyone"));
            assertTrue(board.room().get(good.id()).join().isPresent());
        }
    }

    @Test
    void theRequiredTagOptionRefusesUntaggedRecords() {
        try (Board board = new Board("memory", network(), "tagged", Map.of("require-tag", "t"))) {
            CompletionException e = assertThrows(CompletionException.class, () -> board.post(Draft.text("no topic")));
            assertInstanceOf(InvalidRecordException.class, e.getCause());
            assertTrue(e.getCause().getMessage().contains("'t' tag"), e.getCause().getMessage());

            SignedRecord ok = board.post(Draft.text("on topic").tag("t", "java"));
            assertTrue(board.room().get(ok.id()).join().isPresent());
        }
    }

    @Test
    void spamFromAnOpenPeerNeverReachesTheBoard() throws Exception {
        URI net = network();
        try (Board board = new Board("memory", net, "mixed", Map.of());
             Peerset open = Peerset.builder().signaling("memory", net).moderation(Moderation.open()).build();
             Room openRoom = open.join("peerset-example", "mixed")) {
            SignedRecord spam = openRoom.put(Draft.text("spam spam spam")).join();
            SignedRecord good = openRoom.put(Draft.text("nothing to see here")).join();

            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (board.room().get(good.id()).join().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(board.room().get(good.id()).join().isPresent(), "the good record never reached the board");
            Thread.sleep(1000); // the spam was sent first; give it every chance to arrive
            assertTrue(board.room().get(spam.id()).join().isEmpty(), "the board stored spam from a peer");
            assertTrue(openRoom.get(spam.id()).join().isPresent(), "the open node keeps its own record");
        }
    }
}
