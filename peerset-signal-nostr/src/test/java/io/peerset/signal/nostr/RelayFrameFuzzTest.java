package io.peerset.signal.nostr;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.peerset.api.InvalidRecordException;
import io.peerset.api.SignedRecord;
import io.peerset.api.fuzz.SeedMutator;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes what a Nostr relay can send us, decoded as the relay connection does: the
 * NIP-01 relay message parser, then, for an EVENT, the strict event parser on the
 * event's JSON and the topic tag lookup. Each step either yields a well-formed value or
 * refuses with its documented exception ({@code InvalidFrameException},
 * {@link InvalidRecordException}). (In this package because {@link RelayFrame} is
 * package-private.)
 */
class RelayFrameFuzzTest {
    @FuzzTest(maxDuration = "40m", maxExecutions = 1_000_000)
    void relayMessageAcceptsOrRejectsCleanly(byte[] input) {
        check(input);
    }

    @Test
    void relayMessageSurvivesSeededMutationsOfTheSeedCorpus() {
        SeedMutator m = new SeedMutator(10, SeedMutator.seedCorpus(RelayFrameFuzzTest.class, "relayMessageAcceptsOrRejectsCleanly"));
        for (int i = 0; i < 10_000; i++) {
            check(m.next());
        }
    }

    static void check(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        RelayFrame.quote(text); // what a rejection log line shows
        RelayFrame f;
        try {
            f = RelayFrame.parse(text);
        } catch (RelayFrame.InvalidFrameException e) {
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                throw new AssertionError("rejection without a reason", e);
            }
            return;
        }
        if (f.type() == null) {
            throw new AssertionError("frame without a type");
        }
        for (String s : new String[] {f.subId(), f.message()}) {
            if (s != null && s.length() > RelayFrame.MAX_STRING) {
                throw new AssertionError("relay string of " + s.length() + " characters accepted");
            }
        }
        if (f.type() == RelayFrame.Type.EVENT) {
            if (f.subId() == null || f.event() == null || !f.event().isObject()) {
                throw new AssertionError("EVENT without subscription id or event object");
            }
            try {
                SignedRecord r = SignedRecord.fromJson(f.event().toString());
                r.tag("x");
            } catch (InvalidRecordException e) {
                if (e.getMessage() == null || e.getMessage().isBlank()) {
                    throw new AssertionError("rejection without a reason", e);
                }
            }
        }
    }
}
