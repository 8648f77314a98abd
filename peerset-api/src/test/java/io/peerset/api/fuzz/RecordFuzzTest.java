package io.peerset.api.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.peerset.api.InvalidRecordException;
import io.peerset.api.SignedRecord;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the strict NIP-01 event parser {@link SignedRecord#fromJson}: every input either
 * parses into a record that survives a {@code toJson} round trip unchanged, or is
 * rejected with an {@link InvalidRecordException} that says what is wrong. Anything
 * else (another exception, a hang, running out of memory) is a finding.
 */
class RecordFuzzTest {
    @FuzzTest(maxDuration = "40m", maxExecutions = 1_000_000)
    void fromJsonAcceptsOrRejectsCleanly(byte[] input) {
        check(input);
    }

    @Test
    void fromJsonSurvivesSeededMutationsOfTheSeedCorpus() {
        SeedMutator m = new SeedMutator(6, SeedMutator.seedCorpus(RecordFuzzTest.class, "fromJsonAcceptsOrRejectsCleanly"));
        for (int i = 0; i < 20_000; i++) {
            check(m.next());
        }
    }

    static void check(byte[] input) {
        String json = new String(input, StandardCharsets.UTF_8);
        SignedRecord r;
        try {
            r = SignedRecord.fromJson(json);
        } catch (InvalidRecordException e) {
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                throw new AssertionError("rejection without a reason", e);
            }
            return;
        }
        String out = r.toJson();
        SignedRecord again;
        try {
            again = SignedRecord.fromJson(out);
        } catch (InvalidRecordException e) {
            throw new AssertionError("toJson of an accepted event does not parse: " + out, e);
        }
        if (!again.id().equals(r.id()) || !again.pubkey().equals(r.pubkey()) || !again.sig().equals(r.sig())
                || again.createdAt() != r.createdAt() || again.kind() != r.kind()
                || !again.tags().equals(r.tags()) || !again.content().equals(r.content())) {
            throw new AssertionError("round trip changed the event: " + out + " -> " + again.toJson());
        }
        if (!again.toJson().equals(out)) {
            throw new AssertionError("toJson is not stable: " + out + " -> " + again.toJson());
        }
        r.canonicalBytes();
        r.createdAtMillis();
        r.d();
    }
}
