package io.peerset.core.sync;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.peerset.api.spi.Bound;
import io.peerset.core.ProtocolViolation;
import io.peerset.api.fuzz.SeedMutator;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the Negentropy v1 decoders: a responder answering, an initiator processing a
 * reply, and {@link NegentropyMessage#parse}. Every message is either refused with a
 * {@link ProtocolViolation} or answered with a well-formed message within the frame
 * limit; an initiator only reports ids it holds as "have". (In this package for the
 * test-only {@link SortedArraySyncView}.)
 */
class NegentropyFuzzTest {
    /** Items 0-299 of the vector generator, minus every seventh: the seed vectors share these ids (small, so each run is quick). */
    private static final SortedArraySyncView VIEW = SortedArraySyncView.of(TestItems.items(300, i -> i % 7 != 3));
    private static final Set<ByteBuffer> IDS = new HashSet<>();
    private static final int FRAME_LIMIT = Negentropy.MIN_FRAME_SIZE_LIMIT;

    static {
        VIEW.forEach(Bound.MIN, Bound.MAX, (ts, id) -> IDS.add(ByteBuffer.wrap(id.clone())));
    }

    @FuzzTest(maxDuration = "40m", maxExecutions = 1_000_000)
    void responderAnswersOrRejects(byte[] message) {
        checkResponder(message);
    }

    @FuzzTest(maxDuration = "40m", maxExecutions = 1_000_000)
    void initiatorProcessesOrRejects(byte[] message) {
        checkInitiator(message);
    }

    @FuzzTest(maxDuration = "40m", maxExecutions = 1_000_000)
    void messageParsesOrRejects(byte[] message) {
        checkParse(message);
    }

    @Test
    void responderSurvivesSeededMutationsOfTheSeedCorpus() {
        SeedMutator m = new SeedMutator(5, SeedMutator.seedCorpus(NegentropyFuzzTest.class, "responderAnswersOrRejects"));
        for (int i = 0; i < 3_000; i++) {
            checkResponder(m.next());
        }
    }

    @Test
    void initiatorSurvivesSeededMutationsOfTheSeedCorpus() {
        SeedMutator m = new SeedMutator(6, SeedMutator.seedCorpus(NegentropyFuzzTest.class, "initiatorProcessesOrRejects"));
        for (int i = 0; i < 1_000; i++) {
            checkInitiator(m.next());
        }
    }

    @Test
    void messageParserSurvivesSeededMutationsOfTheSeedCorpus() {
        SeedMutator m = new SeedMutator(7, SeedMutator.seedCorpus(NegentropyFuzzTest.class, "messageParsesOrRejects"));
        for (int i = 0; i < 5_000; i++) {
            checkParse(m.next());
        }
    }

    static void checkResponder(byte[] message) {
        answer(Negentropy.of(VIEW), message, Negentropy.DEFAULT_MAX_MESSAGE_BYTES);
        answer(Negentropy.builder(VIEW).frameSizeLimit(FRAME_LIMIT).build(), message, FRAME_LIMIT);
    }

    private static void answer(Negentropy responder, byte[] message, int limit) {
        byte[] out;
        try {
            out = responder.reconcile(message);
        } catch (ProtocolViolation v) {
            requireReason(v);
            return;
        }
        if (out == null || out.length == 0 || out.length > limit) {
            throw new AssertionError("responder answer of " + (out == null ? "null" : out.length + " bytes")
                + "; expected 1 to " + limit);
        }
        wellFormed(out, "responder answer");
    }

    static void checkInitiator(byte[] message) {
        process(Negentropy.of(VIEW), message, Negentropy.DEFAULT_MAX_MESSAGE_BYTES);
        process(Negentropy.builder(VIEW).frameSizeLimit(FRAME_LIMIT).build(), message, FRAME_LIMIT);
    }

    private static void process(Negentropy initiator, byte[] message, int limit) {
        initiator.initiate();
        List<byte[]> have = new ArrayList<>();
        List<byte[]> need = new ArrayList<>();
        byte[] out;
        try {
            out = initiator.reconcile(message, have, need);
        } catch (ProtocolViolation v) {
            requireReason(v);
            return;
        }
        for (byte[] id : have) {
            if (!IDS.contains(ByteBuffer.wrap(id))) {
                throw new AssertionError("initiator reports as 'have' an id it does not hold");
            }
        }
        for (byte[] id : need) {
            if (id.length != Negentropy.ID_SIZE) {
                throw new AssertionError("initiator reports a 'need' id of " + id.length + " bytes");
            }
        }
        if (out != null) {
            if (out.length > limit) {
                throw new AssertionError("initiator message of " + out.length + " bytes over the limit " + limit);
            }
            wellFormed(out, "initiator message");
        }
    }

    static void checkParse(byte[] message) {
        NegentropyMessage m;
        try {
            m = NegentropyMessage.parse(message);
        } catch (ProtocolViolation v) {
            requireReason(v);
            return;
        }
        for (NegentropyMessage.Range r : m.ranges()) {
            r.describe();
            if (r.idPrefix().length > Negentropy.ID_SIZE) {
                throw new AssertionError("bound id prefix of " + r.idPrefix().length + " bytes");
            }
        }
    }

    private static void wellFormed(byte[] out, String what) {
        try {
            NegentropyMessage.parse(out);
        } catch (ProtocolViolation v) {
            throw new AssertionError(what + " is not a well-formed Negentropy message: " + v.getMessage());
        }
    }

    private static void requireReason(ProtocolViolation v) {
        if (v.getMessage() == null || v.getMessage().isBlank()) {
            throw new AssertionError("protocol violation without a reason", v);
        }
    }
}
