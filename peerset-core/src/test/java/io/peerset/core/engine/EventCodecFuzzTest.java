package io.peerset.core.engine;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.peerset.api.InvalidRecordException;
import io.peerset.api.SignedRecord;
import io.peerset.core.ProtocolViolation;
import io.peerset.api.fuzz.SeedMutator;
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

    /**
     * The production path: the byte splitter, then each element decoded, parsed and verified
     * as the ingest pipeline does; and, as a differential check, the same verdict and elements
     * from the text splitter the engine used before (TextEventSplitter, test oracle).
     */
    static void checkEvents(byte[] input) {
        EventCodec.Elements elements;
        try {
            elements = EventCodec.splitEvents(input);
        } catch (ProtocolViolation v) {
            requireReason(v.getMessage());
            elements = null;
        }
        List<String> oracle;
        try {
            oracle = TextEventSplitter.splitEvents(new String(input, StandardCharsets.UTF_8), id -> false);
        } catch (ProtocolViolation v) {
            oracle = null;
        }
        if (elements == null) {
            return; // the text oracle may accept what the bytes refuse only through U+FFFD replacement; not compared
        }
        if (elements.count() > Protocol.MAX_EVENTS_PER_MESSAGE) {
            throw new AssertionError(elements.count() + " events in one ps/event");
        }
        for (int i = 0; i < elements.count(); i++) {
            int start = elements.start(i);
            int end = elements.end(i);
            if (start < 0 || end > input.length || end - start < 2 || input[start] != '{' || input[end - 1] != '}') {
                throw new AssertionError("ps/event element " + i + " is not an object's bytes: [" + start + ", " + end + ")");
            }
            String text;
            try {
                text = EventCodec.utf8(input, start, end);
            } catch (IllegalArgumentException e) {
                requireReason(e.getMessage());
                continue; // not UTF-8: refused as the ingest pipeline refuses it
            }
            if (oracle != null && (i >= oracle.size() || !oracle.get(i).equals(text))) {
                throw new AssertionError("byte and text splitters disagree on element " + i);
            }
            String id = elements.id(i);
            if (id != null && !id.equals(TextEventSplitter.leadingId(text, 0))) {
                throw new AssertionError("leading id " + id + " is not the element's");
            }
            try {
                SignedRecord.fromJson(text).verify();
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
