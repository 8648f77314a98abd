package io.peerset.core.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.SignedRecord;
import io.peerset.core.store.MemoryRecordStore;
import io.peerset.core.store.TestRecords;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The case on real stores: two in-memory record stores of 100k records that differ
 * by d records (some missing on each side) reconcile to exactly the difference, through the
 * stores' own incrementally kept sums.
 */
class StoreReconciliationTest {
    private static final int N = 100_000;

    @ParameterizedTest(name = "d = {0}")
    @ValueSource(ints = {1, 100, 10_000})
    void twoStoresOfAHundredThousandRecordsDifferingByDReconcileExactly(int d) throws Exception {
        TestRecords gen = new TestRecords(42 + d);
        List<String> authors = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            authors.add(gen.newAuthor());
        }
        List<SignedRecord> all = new ArrayList<>(N);
        for (int i = 0; i < N; i++) {
            all.add(gen.note(authors.get(i % authors.size()), 1_700_000_000L + i / 3, "record " + i));
        }
        Random random = new Random(d);
        Set<Integer> missingAtInitiator = new HashSet<>();
        Set<Integer> missingAtResponder = new HashSet<>();
        while (missingAtInitiator.size() + missingAtResponder.size() < d) {
            int i = random.nextInt(N);
            if (!missingAtInitiator.contains(i) && !missingAtResponder.contains(i)) {
                (random.nextBoolean() ? missingAtInitiator : missingAtResponder).add(i);
            }
        }
        try (MemoryRecordStore initiator = new MemoryRecordStore(); MemoryRecordStore responder = new MemoryRecordStore()) {
            List<SignedRecord> a = new ArrayList<>();
            List<SignedRecord> b = new ArrayList<>();
            Set<String> expectedHave = new HashSet<>();
            Set<String> expectedNeed = new HashSet<>();
            for (int i = 0; i < N; i++) {
                SignedRecord r = all.get(i);
                if (!missingAtInitiator.contains(i)) a.add(r); else expectedNeed.add(r.id());
                if (!missingAtResponder.contains(i)) b.add(r); else expectedHave.add(r.id());
            }
            initiator.putAll(a);
            responder.putAll(b);

            Exchange x = Exchange.run(initiator.syncView(), 0, responder.syncView(), 0);

            assertThat(Exchange.hex(x.have)).isEqualTo(expectedHave);
            assertThat(Exchange.hex(x.need)).isEqualTo(expectedNeed);
            // few differences: a handful of round trips; 10k differences exceed the 1 MiB message cap and take more
            assertThat(x.roundTrips).isLessThanOrEqualTo(d <= 100 ? 4 : 10);
        }
    }
}
