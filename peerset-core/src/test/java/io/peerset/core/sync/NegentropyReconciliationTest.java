package io.peerset.core.sync;

import io.peerset.api.Hex;
import io.peerset.api.spi.Bound;
import io.peerset.api.spi.FingerprintAccumulator;
import io.peerset.api.spi.SyncView;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class NegentropyReconciliationTest {
    private static final int N = 100_000;
    private static List<SortedArraySyncView.Item> all;
    private static SortedArraySyncView full;

    @BeforeAll
    static void buildItems() {
        all = TestItems.items(N, i -> true);
        full = SortedArraySyncView.of(all);
    }

    /** d distinct indices picked deterministically from [0, N). */
    private static Set<Integer> pick(int d, long seed) {
        Random r = new Random(seed);
        Set<Integer> out = new HashSet<>();
        while (out.size() < d) {
            out.add(r.nextInt(N));
        }
        return out;
    }

    private static SortedArraySyncView without(Set<Integer> missing) {
        return SortedArraySyncView.of(TestItems.items(N, i -> !missing.contains(i)));
    }

    private static Set<String> idsOf(Set<Integer> indices) {
        Set<String> out = new HashSet<>();
        for (int i : indices) {
            out.add(Hex.encode(TestItems.id(i)));
        }
        return out;
    }

    @ParameterizedTest(name = "{0} items missing at the {1}, frame limit {2}")
    @CsvSource({
            "1, responder, 0", "100, responder, 0", "10000, responder, 0",
            "1, initiator, 0", "100, initiator, 0", "10000, initiator, 0",
            "1000, responder, 4096", "10000, initiator, 65536"})
    void haveAndNeedAreExactlyTheSymmetricDifference(int d, String side, int frame) throws Exception {
        Set<Integer> missing = pick(d, d * 31L + side.length());
        SortedArraySyncView partial = without(missing);
        boolean initiatorMisses = side.equals("initiator");
        Exchange x = initiatorMisses
                ? Exchange.run(partial, frame, full, frame)
                : Exchange.run(full, frame, partial, frame);

        assertThat(Exchange.hex(initiatorMisses ? x.need : x.have)).isEqualTo(idsOf(missing));
        assertThat(initiatorMisses ? x.have : x.need).isEmpty();
        if (frame == 0) {
            assertThat(x.have.size() + x.need.size()).as("no duplicates without a frame limit").isEqualTo(d);
        } else {
            assertThat(x.messages).allSatisfy(m -> assertThat(m.length).isLessThanOrEqualTo(frame));
        }
    }

    @Test
    void differencesOnBothSidesAreFoundInOneSession() throws Exception {
        Set<Integer> missingAtInitiator = pick(500, 1);
        Set<Integer> missingAtResponder = pick(500, 2);
        missingAtResponder.removeAll(missingAtInitiator);
        Exchange x = Exchange.run(without(missingAtInitiator), 0, without(missingAtResponder), 0);
        assertThat(Exchange.hex(x.need)).isEqualTo(idsOf(missingAtInitiator));
        assertThat(Exchange.hex(x.have)).isEqualTo(idsOf(missingAtResponder));
    }

    @Test
    void identicalSetsFinishInOneRoundTrip() throws Exception {
        Exchange x = Exchange.run(full, 0, SortedArraySyncView.of(all), 0);
        assertThat(x.roundTrips).isEqualTo(1);
        assertThat(x.have).isEmpty();
        assertThat(x.need).isEmpty();
        assertThat(x.messages.get(1)).containsExactly(Negentropy.PROTOCOL_VERSION);
    }

    @Test
    void emptyInitiatorNeedsEveryItemOfFullResponder() throws Exception {
        Exchange x = Exchange.run(SortedArraySyncView.of(List.of()), 0, full, 0);
        assertThat(x.have).isEmpty();
        assertThat(Exchange.hex(x.need)).hasSize(N).isEqualTo(idsOf(allIndices()));
    }

    @Test
    void fullInitiatorHasEveryItemEmptyResponderLacks() throws Exception {
        Exchange x = Exchange.run(full, 0, SortedArraySyncView.of(List.of()), 0);
        assertThat(x.need).isEmpty();
        assertThat(Exchange.hex(x.have)).hasSize(N).isEqualTo(idsOf(allIndices()));
    }

    @Test
    void emptyResponderWithFrameLimitStillReceivesEverythingOverSeveralRounds() throws Exception {
        SortedArraySyncView some = SortedArraySyncView.of(TestItems.items(5000, i -> true));
        Exchange x = Exchange.run(SortedArraySyncView.of(List.of()), 4096, some, 4096);
        assertThat(x.roundTrips).isGreaterThan(1);
        assertThat(x.messages).allSatisfy(m -> assertThat(m.length).isLessThanOrEqualTo(4096));
        assertThat(Exchange.hex(x.need)).hasSize(5000);
    }

    @Test
    void twoEmptySetsFinishInOneRoundTrip() throws Exception {
        Exchange x = Exchange.run(SortedArraySyncView.of(List.of()), 0, SortedArraySyncView.of(List.of()), 0);
        assertThat(x.roundTrips).isEqualTo(1);
        assertThat(x.have).isEmpty();
        assertThat(x.need).isEmpty();
    }

    @Test
    void oneDifferenceInAHundredThousandCostsFewRoundTripsAndFewBytes() throws Exception {
        Exchange x = Exchange.run(full, 0, without(Set.of(4242)), 0);
        assertThat(x.roundTrips).isLessThanOrEqualTo(4);
        assertThat(x.initiatorBytes + x.responderBytes).isLessThan(4096);
    }

    @Test
    void fingerprintsComeFromSumsWithoutVisitingEveryItem() throws Exception {
        CountingView initiator = new CountingView(full);
        CountingView responder = new CountingView(without(Set.of(77_777)));
        Exchange x = Exchange.run(initiator, 0, responder, 0);
        assertThat(x.have).hasSize(1);
        assertThat(initiator.visited.get() + responder.visited.get())
                .as("items visited to list ids, with " + N + " items each side")
                .isLessThan(200);
    }

    @Test
    void theViewMayGrowBetweenRounds() throws Exception {
        // the responder gains an item between messages; the session uses whatever the view says now
        Set<Integer> missing = pick(300, 9);
        SortedArraySyncView partial = without(missing);
        Negentropy initiator = Negentropy.of(full);
        SwitchableView responderView = new SwitchableView(partial);
        Negentropy responder = Negentropy.of(responderView);
        List<byte[]> have = new java.util.ArrayList<>();
        List<byte[]> need = new java.util.ArrayList<>();
        byte[] msg = initiator.initiate();
        int rounds = 0;
        while (msg != null) {
            byte[] reply = responder.reconcile(msg);
            if (rounds++ == 0) {
                Set<Integer> fewer = new HashSet<>(missing);
                fewer.remove(missing.iterator().next());
                responderView.target = without(fewer);
            }
            msg = initiator.reconcile(reply, have, need);
        }
        assertThat(need).isEmpty();
        assertThat(Exchange.hex(have)).hasSizeBetween(299, 300).isSubsetOf(idsOf(missing));
    }

    private static Set<Integer> allIndices() {
        Set<Integer> out = new HashSet<>();
        for (int i = 0; i < N; i++) {
            out.add(i);
        }
        return out;
    }

    /** Counts the items handed out by forEach. */
    private static final class CountingView implements SyncView {
        final SyncView target;
        final AtomicLong visited = new AtomicLong();

        CountingView(SyncView target) { this.target = target; }

        @Override public long count(Bound lower, Bound upper) { return target.count(lower, upper); }

        @Override public FingerprintAccumulator sum(Bound lower, Bound upper) { return target.sum(lower, upper); }

        @Override public Bound nth(Bound lower, long k) { return target.nth(lower, k); }

        @Override public void forEach(Bound lower, Bound upper, ItemVisitor visitor) {
            target.forEach(lower, upper, (ts, id) -> {
                visited.incrementAndGet();
                return visitor.visit(ts, id);
            });
        }
    }

    private static final class SwitchableView implements SyncView {
        volatile SyncView target;

        SwitchableView(SyncView target) { this.target = target; }

        @Override public long count(Bound lower, Bound upper) { return target.count(lower, upper); }

        @Override public FingerprintAccumulator sum(Bound lower, Bound upper) { return target.sum(lower, upper); }

        @Override public Bound nth(Bound lower, long k) { return target.nth(lower, k); }

        @Override public void forEach(Bound lower, Bound upper, ItemVisitor visitor) { target.forEach(lower, upper, visitor); }
    }
}
