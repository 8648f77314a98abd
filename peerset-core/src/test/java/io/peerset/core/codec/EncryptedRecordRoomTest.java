package io.peerset.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerset.api.NotARecipientException;
import io.peerset.api.Payloads;
import io.peerset.api.Peerset;
import io.peerset.api.Room;
import io.peerset.api.SignedRecord;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * An encrypted record in a public room, through the public API only: three nodes on in-memory
 * signalling; A writes a record encrypted to B; it reaches all three, B reads it, C cannot.
 */
class EncryptedRecordRoomTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Test
    void aRecordEncryptedToBIsReadableByBAndNotByCInAThreeNodeRoom() throws Exception {
        String network = "memory://encrypted-" + UUID.randomUUID();
        try (Peerset a = node(network); Peerset b = node(network); Peerset c = node(network)) {
            Room ra = a.join("encrypted-test", "public-room");
            Room rb = b.join("encrypted-test", "public-room");
            Room rc = c.join("encrypted-test", "public-room");
            byte[] secret = "for B's eyes only".getBytes(StandardCharsets.UTF_8);

            SignedRecord written = ra.put(Payloads.encrypted(a.identity(), secret, "text/plain", List.of(b.identity().npub())))
                .get();

            SignedRecord atB = awaitRecord(rb, written.id());
            SignedRecord atC = awaitRecord(rc, written.id());
            assertThat(Payloads.decode(atB, b.identity())).isEqualTo(secret);
            assertThat(Payloads.decode(written, a.identity())).isEqualTo(secret);
            assertThat(Payloads.recipients(atC)).containsExactlyInAnyOrder(a.identity().publicKeyHex(), b.identity().publicKeyHex());
            assertThatThrownBy(() -> Payloads.decode(atC, c.identity())).isInstanceOf(NotARecipientException.class)
                .hasMessageContaining(c.identity().npub()).hasMessageContaining("not one of them");
            assertThat(atC.content()).doesNotContain("eyes");
        }
    }

    private static Peerset node(String network) {
        return Peerset.builder().signaling("memory", URI.create(network)).syncInterval(Duration.ofMillis(500)).build();
    }

    private static SignedRecord awaitRecord(Room room, String id) throws Exception {
        SignedRecord[] found = new SignedRecord[1];
        await("record " + id + " is stored in " + room.selfId(), () -> {
            Optional<SignedRecord> r = room.get(id).join();
            r.ifPresent(x -> found[0] = x);
            return r.isPresent();
        });
        return found[0];
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + DEADLINE + " waiting until " + what);
            }
            Thread.sleep(20);
        }
    }
}
