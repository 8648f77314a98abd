package io.peerset.core.sync;

import io.peerset.api.Hex;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RibltReconciliationTest {
    private static final int N = 30_000;
    private static List<SortedArraySyncView.Item> all;

    @BeforeAll
    static void buildItems() {
        all = TestItems.items(N, i -> true);
    }

    /** 0 both sides, 1 only at the initiator (responder lacks it), 2 only at the responder. */
    private static byte[] split(int d, String side, long seed) {
        Random r = new Random(seed);
        byte[] where = new byte[N];
        int picked = 0;
        while (picked < d) {
            int p = r.nextInt(N);
            if (where[p] == 0) {
                where[p] = switch (side) {
                    case "responder" -> 1;
                    case "initiator" -> 2;
                    default -> (byte) (picked % 2 == 0 ? 1 : 2);
                };
                picked++;
            }
        }
        return where;
    }

    private static SortedArraySyncView view(byte[] where, int lacking) {
        List<SortedArraySyncView.Item> items = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            if (where[i] != lacking) {
                items.add(all.get(i));
            }
        }
        return SortedArraySyncView.of(items);
    }

    private static Set<String> ids(byte[] where, int value) {
        Set<String> out = new HashSet<>();
        for (int i = 0; i < N; i++) {
            if (where[i] == value) {
                out.add(Hex.encode(all.get(i).id()));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0} differences missing at the {1}")
    @CsvSource({
            "0, both", "1, responder", "1, initiator", "100, responder", "100, initiator", "100, both",
            "1000, both", "10000, responder", "10000, initiator", "10000, both"})
    void haveAndNeedAreExactlyTheSymmetricDifference(int d, String side) throws Exception {
        byte[] where = split(d, side, 7L * d + side.length());
        RibltExchange x = RibltExchange.run(view(where, 2), view(where, 1), b -> b.giveUpOnLargeDifference(false));

        assertThat(x.initiator.outcome()).isEqualTo(RibltSession.Outcome.RECONCILED);
        assertThat(x.responder.outcome()).isEqualTo(RibltSession.Outcome.RECONCILED);
        assertThat(Exchange.hex(x.have)).hasSize(x.have.size()).isEqualTo(ids(where, 1));
        assertThat(Exchange.hex(x.need)).hasSize(x.need.size()).isEqualTo(ids(where, 2));
    }

    @Test
    void identicalSetsFinishInOneRoundTrip() throws Exception {
        byte[] where = split(0, "both", 1);
        RibltExchange x = RibltExchange.run(view(where, 2), view(where, 1));

        assertThat(x.roundTrips).isEqualTo(1);
        assertThat(x.have).isEmpty();
        assertThat(x.need).isEmpty();
        assertThat(x.initiator.outcome()).isEqualTo(RibltSession.Outcome.RECONCILED);
    }

    @Test
    void aHundredDifferencesMeetTheRoundTripAndByteGoal() throws Exception {
        byte[] where = split(100, "both", 99);
        RibltExchange x = RibltExchange.run(view(where, 2), view(where, 1));

        assertThat(x.roundTrips).isLessThanOrEqualTo(4);
        assertThat(x.initiatorBytes + x.responderBytes).isLessThanOrEqualTo(2L * 100 * 32 + 8192);
        assertThat(x.have.size() + x.need.size()).isEqualTo(100);
    }

    @Test
    void itemsSharingOneCreatedAtReconcile() throws Exception {
        List<SortedArraySyncView.Item> a = new ArrayList<>();
        List<SortedArraySyncView.Item> b = new ArrayList<>();
        Set<String> onlyA = new HashSet<>();
        Set<String> onlyB = new HashSet<>();
        for (int i = 0; i < 5000; i++) {
            SortedArraySyncView.Item item = new SortedArraySyncView.Item(1_700_000_000L, TestItems.id(i));
            if (i % 97 == 0) {
                a.add(item);
                onlyA.add(Hex.encode(item.id()));
            } else if (i % 89 == 0) {
                b.add(item);
                onlyB.add(Hex.encode(item.id()));
            } else {
                a.add(item);
                b.add(item);
            }
        }
        RibltExchange x = RibltExchange.run(SortedArraySyncView.of(a), SortedArraySyncView.of(b));

        assertThat(Exchange.hex(x.have)).isEqualTo(onlyA);
        assertThat(Exchange.hex(x.need)).isEqualTo(onlyB);
    }

    @Test
    void emptyInitiatorLearnsEveryItemOfTheResponder() throws Exception {
        List<SortedArraySyncView.Item> some = all.subList(0, 3000);
        RibltExchange x = RibltExchange.run(SortedArraySyncView.of(List.of()), SortedArraySyncView.of(some),
                b -> b.giveUpOnLargeDifference(false));

        assertThat(x.have).isEmpty();
        assertThat(x.need).hasSize(3000);
        assertThat(x.initiator.outcome()).isEqualTo(RibltSession.Outcome.RECONCILED);
    }

    @Test
    void fullInitiatorFindsEverythingAnEmptyResponderLacks() throws Exception {
        List<SortedArraySyncView.Item> some = all.subList(0, 3000);
        RibltExchange x = RibltExchange.run(SortedArraySyncView.of(some), SortedArraySyncView.of(List.of()),
                b -> b.giveUpOnLargeDifference(false));

        assertThat(x.have).hasSize(3000);
        assertThat(x.need).isEmpty();
    }

    @Test
    void anEmptySideIsLeftToNegentropyAfterOneRoundTrip() throws Exception {
        List<SortedArraySyncView.Item> some = all.subList(0, 3000);
        RibltExchange x = RibltExchange.run(SortedArraySyncView.of(List.of()), SortedArraySyncView.of(some));

        assertThat(x.roundTrips).isEqualTo(1);
        assertThat(x.initiator.outcome()).isEqualTo(RibltSession.Outcome.FALLBACK);
        assertThat(x.responder.outcome()).isEqualTo(RibltSession.Outcome.FALLBACK);
        assertThat(x.initiator.fallbackReason()).contains("too large a part of the sets");
        assertThat(x.responder.fallbackReason()).contains("differ by at least 3000 of 3000");
        assertThat(x.have).isEmpty();
        assertThat(x.need).isEmpty();
    }

    @Test
    void aLargeDifferenceBetweenEqualSizesIsLeftToNegentropyOnceEstimated() throws Exception {
        byte[] where = split(10_000, "both", 11); // 25 000 items each, 10 000 differences
        RibltExchange x = RibltExchange.run(view(where, 2), view(where, 1));

        assertThat(x.initiator.outcome()).isEqualTo(RibltSession.Outcome.FALLBACK);
        assertThat(x.responder.fallbackReason()).contains("estimated");
        assertThat(x.roundTrips).isLessThanOrEqualTo(2);
        assertThat(x.initiatorBytes + x.responderBytes).as("gave up before sketching the difference").isLessThan(10_000);
    }

    @Test
    void aDifferenceOfAFewPercentIsStillSketched() throws Exception {
        byte[] where = split(1000, "both", 13);
        RibltExchange x = RibltExchange.run(view(where, 2), view(where, 1));

        assertThat(x.initiator.outcome()).isEqualTo(RibltSession.Outcome.RECONCILED);
        assertThat(Exchange.hex(x.have)).isEqualTo(ids(where, 1));
        assertThat(Exchange.hex(x.need)).isEqualTo(ids(where, 2));
    }

    @Test
    void aTooSmallFirstBatchAsksForMoreAndStillSucceeds() throws Exception {
        byte[] where = split(500, "both", 5);
        RibltExchange x = RibltExchange.run(view(where, 2), view(where, 1), b -> b.initialSymbols(1));

        assertThat(x.roundTrips).isGreaterThan(1);
        assertThat(Exchange.hex(x.have)).isEqualTo(ids(where, 1));
        assertThat(Exchange.hex(x.need)).isEqualTo(ids(where, 2));
    }

    @Test
    void symbolLimitEndsTheSessionWithFallbackAndNoResult() throws Exception {
        byte[] where = split(1000, "both", 3);
        RibltExchange x = RibltExchange.run(view(where, 2), view(where, 1), b -> b.maxSymbols(200));

        assertThat(x.initiator.outcome()).isEqualTo(RibltSession.Outcome.FALLBACK);
        assertThat(x.responder.outcome()).isEqualTo(RibltSession.Outcome.FALLBACK);
        assertThat(x.initiator.fallbackReason()).contains("symbol limit");
        assertThat(x.have).isEmpty();
        assertThat(x.need).isEmpty();
        assertThat(x.roundTrips).isLessThanOrEqualTo(4);
    }

    @Test
    void twoIdsSharingA16ByteKeyAreCaughtByTheFingerprintAndFallBack() throws Exception {
        byte[] a = TestItems.id(1);
        byte[] b = a.clone();
        b[31] ^= 1; // same 16-byte key, a different id: invisible to the sketch
        List<SortedArraySyncView.Item> left = new ArrayList<>(all.subList(10, 2000));
        List<SortedArraySyncView.Item> right = new ArrayList<>(all.subList(10, 2000));
        left.add(new SortedArraySyncView.Item(1_700_000_000L, a));
        right.add(new SortedArraySyncView.Item(1_700_000_000L, b));
        RibltExchange x = RibltExchange.run(SortedArraySyncView.of(left), SortedArraySyncView.of(right));

        assertThat(x.initiator.outcome()).isEqualTo(RibltSession.Outcome.FALLBACK);
        assertThat(x.initiator.fallbackReason()).contains("fingerprint");
        assertThat(x.have).isEmpty();
        assertThat(x.need).isEmpty();
    }

    @Test
    void setSizesTooFarApartForOneDoneMessageGiveUpAtTheOpening() throws Exception {
        // 3 000 ids only the responder has cannot be listed in a DONE of at most 64 KiB (32 bytes each)
        byte[] where = split(3000, "initiator", 11);
        RibltExchange x = RibltExchange.run(view(where, 2), view(where, 1), b -> b.maxMessageBytes(64 * 1024));

        assertThat(x.roundTrips).isEqualTo(1);
        assertThat(x.responder.outcome()).isEqualTo(RibltSession.Outcome.FALLBACK);
        assertThat(x.responder.fallbackReason()).contains("set sizes");
        assertThat(x.initiator.outcome()).isEqualTo(RibltSession.Outcome.FALLBACK);
        assertThat(x.initiator.fallbackReason()).contains("does not fit in one responder message");
        assertThat(x.have).isEmpty();
        assertThat(x.need).isEmpty();
    }
}
