package io.peerset.core.sync;

import io.peerset.api.Hex;
import io.peerset.core.ProtocolViolation;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NegentropyHostileInputTest {
    private static final SortedArraySyncView VIEW = SortedArraySyncView.of(TestItems.items(2000, i -> true));

    private static Negentropy responder() {
        return Negentropy.of(VIEW);
    }

    private static Negentropy initiator() {
        Negentropy n = Negentropy.of(VIEW);
        n.initiate();
        return n;
    }

    private static byte[] hex(String s) {
        return Hex.decode(s.replace(" ", ""));
    }

    private static void assertViolation(byte[] message, String messagePart) {
        assertThatThrownBy(() -> responder().reconcile(message))
                .isInstanceOf(ProtocolViolation.class).hasMessageContaining(messagePart);
        assertThatThrownBy(() -> initiator().reconcile(message, new ArrayList<>(), new ArrayList<>()))
                .isInstanceOf(ProtocolViolation.class).hasMessageContaining(messagePart);
        assertThatThrownBy(() -> NegentropyMessage.parse(message))
                .isInstanceOf(ProtocolViolation.class).hasMessageContaining(messagePart);
    }

    @Test
    void emptyMessageIsRejected() {
        assertViolation(new byte[0], "expected at least the protocol version byte 0x61");
    }

    @Test
    void versionByteOutsideTheNegentropyRangeIsRejected() {
        assertViolation(hex("00"), "invalid negentropy protocol version byte 0x00");
        assertViolation(hex("7b 22"), "invalid negentropy protocol version byte 0x7b");
    }

    @Test
    void responderAnswersAnUnsupportedVersionWithItsOwnVersionOnly() throws Exception {
        Negentropy responder = responder();
        assertThat(responder.reconcile(hex("62 aa bb cc dd ee ff"))).containsExactly(0x61);
        // and then accepts version 1 from the same peer: full range, empty id list
        byte[] reply = responder.reconcile(hex("61 00 00 02 00"));
        assertThat(reply[0]).isEqualTo((byte) 0x61);
        assertThat(NegentropyMessage.parse(reply).ranges()).isNotEmpty();
    }

    @Test
    void initiatorRejectsAReplyInAnotherVersion() {
        assertThatThrownBy(() -> initiator().reconcile(hex("60"), new ArrayList<>(), new ArrayList<>()))
                .isInstanceOf(ProtocolViolation.class)
                .hasMessageContaining("peer answered with negentropy protocol version 0; only version 1 is supported");
    }

    @Test
    void truncatedFingerprintIsRejected() {
        assertViolation(hex("61 00 00 01 0102030405"), "truncated at byte 4: expected 16 byte(s) of fingerprint, 5 left");
    }

    @Test
    void truncatedBoundIsRejected() {
        assertViolation(hex("61 05 04 aabb"), "expected 4 byte(s) of bound id prefix, 2 left");
        assertViolation(hex("61 85"), "ends inside a varint (bound timestamp)");
    }

    @Test
    void varintLongerThanTenBytesIsRejected() {
        assertViolation(hex("61 80808080808080808080 00 00 00"), "longer than 10 bytes");
    }

    @Test
    void varintOverflowingSixtyFourBitsIsRejected() {
        assertViolation(hex("61 00 00 82ffffffffffffffff7f"), "overflows 64 bits");
    }

    @Test
    void idPrefixLongerThanThirtyTwoBytesIsRejected() {
        assertViolation(hex("61 01 21" + "00".repeat(33) + "00"), "bound id prefix length at byte 2 is 33; expected at most 32");
    }

    @Test
    void unknownModeIsRejected() {
        assertViolation(hex("61 00 00 03"), "unknown mode 3; expected 0 (Skip), 1 (Fingerprint) or 2 (IdList)");
        assertViolation(hex("61 00 00 81ffffffffffffffff7f"), "unknown mode 18446744073709551615");
    }

    @Test
    void boundsOutOfOrderAreRejected() {
        // (ts 5, prefix ff) then (ts 5 + 0, prefix 01): the second is below the first
        assertViolation(hex("61 06 01 ff 00 01 01 01 00"), "bounds must ascend");
    }

    /** Found by the long Jazzer run: (∞, prefix) then (∞) was refused as descending, and our own answers did that. */
    @Test
    void infiniteBoundsAreOnePositionWhateverTheirPrefix() throws Exception {
        byte[] reply = hex("61 00 01 60 00 00 00 00");
        assertThat(NegentropyMessage.parse(reply).ranges()).extracting(r -> r.idPrefix().length).containsExactly(1, 0);
        byte[] next = initiator().reconcile(reply, new ArrayList<>(), new ArrayList<>());
        if (next != null) {
            NegentropyMessage.parse(next);
        }
        byte[] fingerprintUpToInfinityWithAPrefix = hex("61 00 01 60 01" + "00".repeat(16));
        byte[] answer = initiator().reconcile(fingerprintUpToInfinityWithAPrefix, new ArrayList<>(), new ArrayList<>());
        assertThat(NegentropyMessage.parse(answer).ranges()).isNotEmpty();
    }

    @Test
    void finiteTimestampBeyondSignedSixtyFourBitsIsRejected() {
        // encoded 2^63 + 1 means timestamp 2^63, which no item can have
        assertViolation(hex("61 81808080808080808001 00 00"), "the largest finite timestamp supported");
    }

    @Test
    void idCountBeyondTheRemainingBytesIsRejectedWithoutAllocating() {
        assertViolation(hex("61 00 00 02 ffffffff0f" + "00".repeat(64)), "id count at byte 4 is 34359738255; expected at most 2");
        assertViolation(hex("61 00 00 02 ffffffffffffffff7f"), "id count");
    }

    @Test
    void messageLongerThanTheLimitIsRejected() {
        byte[] big = new byte[5000];
        big[0] = 0x61;
        Negentropy n = Negentropy.builder(VIEW).maxMessageBytes(4096).build();
        assertThatThrownBy(() -> n.reconcile(big)).isInstanceOf(ProtocolViolation.class)
                .hasMessage("negentropy message of 5000 bytes exceeds the limit of 4096 bytes");
    }

    @Test
    void tooManyRangesAreRejected() {
        StringBuilder msg = new StringBuilder("61");
        for (int i = 0; i < 11; i++) {
            msg.append("02 00 00"); // one second later, no prefix, Skip
        }
        Negentropy n = Negentropy.builder(VIEW).maxRanges(10).build();
        assertThatThrownBy(() -> n.reconcile(hex(msg.toString()))).isInstanceOf(ProtocolViolation.class)
                .hasMessage("negentropy message has more than 10 ranges");
        assertThatThrownBy(() -> NegentropyMessage.parse(hex(msg.toString()), 4096, 10))
                .isInstanceOf(ProtocolViolation.class).hasMessage("negentropy message has more than 10 ranges");
    }

    @Test
    void everyPrefixOfARealMessageIsEitherValidOrAViolation() throws Exception {
        Set<Integer> missing = Set.of(5, 500, 1500);
        SortedArraySyncView other = SortedArraySyncView.of(TestItems.items(2000, i -> !missing.contains(i)));
        byte[] first = Negentropy.of(other).initiate();
        byte[] reply = responder().reconcile(first);
        for (byte[] message : List.of(first, reply)) {
            for (int len = 0; len < message.length; len++) {
                byte[] cut = Arrays.copyOf(message, len);
                assertOnlyViolationOrSuccess(cut);
            }
        }
    }

    @Test
    void randomAndMutatedBytesOnlyEverRaiseProtocolViolation() throws Exception {
        Random random = new Random(20240607);
        SortedArraySyncView other = SortedArraySyncView.of(TestItems.items(2000, i -> i % 50 != 0));
        byte[] valid = responder().reconcile(Negentropy.of(other).initiate());
        for (int round = 0; round < 3000; round++) {
            byte[] message;
            if (round % 2 == 0) {
                message = new byte[random.nextInt(120)];
                random.nextBytes(message);
                if (message.length > 0 && random.nextBoolean()) {
                    message[0] = 0x61;
                }
            } else {
                message = valid.clone();
                for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                    message[1 + random.nextInt(message.length - 1)] = (byte) random.nextInt(256);
                }
            }
            assertOnlyViolationOrSuccess(message);
        }
    }

    private static void assertOnlyViolationOrSuccess(byte[] message) {
        for (int role = 0; role < 3; role++) {
            try {
                if (role == 0) {
                    responder().reconcile(message);
                } else if (role == 1) {
                    initiator().reconcile(message, new ArrayList<>(), new ArrayList<>());
                } else {
                    NegentropyMessage.parse(message);
                }
            } catch (ProtocolViolation expected) {
                assertThat(expected.getMessage()).contains("negentropy").doesNotContain("null");
            } catch (RuntimeException e) {
                throw new AssertionError("message " + Hex.encode(message) + " escaped as " + e, e);
            }
        }
    }

    @Test
    void frameSizeLimitBelowTheReferenceMinimumIsRefused() {
        assertThatThrownBy(() -> Negentropy.builder(VIEW).frameSizeLimit(1000).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("frameSizeLimit must be 0 (none) or between 4096 and maxMessageBytes (1048576) bytes; got 1000");
    }

    @Test
    void rolesCannotBeMixed() throws Exception {
        Negentropy initiator = initiator();
        assertThatThrownBy(initiator::initiate).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> initiator.reconcile(hex("61"))).isInstanceOf(IllegalStateException.class);
        Negentropy responder = responder();
        responder.reconcile(hex("61"));
        assertThatThrownBy(responder::initiate).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> responder.reconcile(hex("61"), new ArrayList<>(), new ArrayList<>()))
                .isInstanceOf(IllegalStateException.class);
    }
}
