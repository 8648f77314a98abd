package io.peerset.core.engine;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.peerset.api.InvalidRecordException;
import io.peerset.api.Record;
import io.peerset.core.ProtocolViolation;
import io.peerset.core.fuzz.SeedMutator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the ps/event and ps/req payload decoders as a session runs them: the ps/event
 * splitter, then the strict event parser and verification on every element; the ps/req
 * id list parser. Each either yields well-formed results or refuses with a
 * {@link ProtocolViolation} / {@link InvalidRecordException}. (In this package because
 * {@link EventCodec} is package-private.)
 */
class EventCodecFuzzTest {
    @FuzzTest(maxDuration = "40m", maxExecutions = 1_000_000)
    void eventBatchAcceptsOrRejectsCleanly(byte[] input) {
        checkEvents(input);
    }

    @FuzzTest(maxDuration = "40m", maxExecutions = 1_000_000)
    void requestAcceptsOrRejectsCleanly(byte[] input) {
        checkRequest(input);
    }

    @Test
    void eventBatchSurvivesSeededMutationsOfTheSeedCorpus() {
        SeedMutator m = new SeedMutator(3, SeedMutator.seedCorpus(EventCodecFuzzTest.class, "eventBatchAcceptsOrRejectsCleanly"));
        for (int i = 0; i < 1_500; i++) {
            checkEvents(m.next());
        }
    }

    @Test
    void requestSurvivesSeededMutationsOfTheSeedCorpus() {
        SeedMutator m = new SeedMutator(4, SeedMutator.seedCorpus(EventCodecFuzzTest.class, "requestAcceptsOrRejectsCleanly"));
        for (int i = 0; i < 10_000; i++) {
            checkRequest(m.next());
        }
    }

    static void checkEvents(byte[] input) {
        String json = new String(input, StandardCharsets.UTF_8);
        List<String> elements;
        try {
            // ids starting with '0' count as already known, so the skip path runs too
            elements = EventCodec.splitEvents(json, id -> id.charAt(0) == '0');
        } catch (ProtocolViolation v) {
            requireReason(v.getMessage());
            return;
        }
        if (elements.size() > Protocol.MAX_EVENTS_PER_MESSAGE) {
            throw new AssertionError(elements.size() + " events in one ps/event");
        }
        for (String e : elements) {
            if (e.isEmpty() || e.charAt(0) != '{' || e.charAt(e.length() - 1) != '}') {
                throw new AssertionError("ps/event element is not an object's text: " + e);
            }
            try {
                Record.fromJson(e).verify();
            } catch (InvalidRecordException x) {
                requireReason(x.getMessage());
            }
        }
    }

    static void checkRequest(byte[] input) {
        String json = new String(input, StandardCharsets.UTF_8);
        List<String> ids;
        try {
            ids = EventCodec.parseIds(json);
        } catch (ProtocolViolation v) {
            requireReason(v.getMessage());
            return;
        }
        if (ids.size() > Protocol.MAX_IDS_PER_REQ) {
            throw new AssertionError(ids.size() + " ids in one ps/req");
        }
        for (String id : ids) {
            if (!id.matches("[0-9a-f]{64}")) {
                throw new AssertionError("ps/req id is not 64 lowercase hex characters: " + id);
            }
        }
        List<String> again;
        try {
            again = ids.isEmpty() ? List.of() : EventCodec.parseIds(EventCodec.encodeIdBatches(ids, Protocol.MAX_IDS_PER_REQ).get(0));
        } catch (ProtocolViolation v) {
            throw new AssertionError("re-encoded ps/req does not parse: " + v.getMessage());
        }
        if (!again.equals(ids)) {
            throw new AssertionError("ps/req round trip changed the ids");
        }
    }

    private static void requireReason(String message) {
        if (message == null || message.isBlank()) {
            throw new AssertionError("rejection without a reason");
        }
    }
}
