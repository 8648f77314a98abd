package io.peerset.core.sync;

import io.peerset.api.Hex;
import io.peerset.api.spi.Bound;
import io.peerset.api.spi.FingerprintAccumulator;
import io.peerset.core.ProtocolViolation;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NegentropyWireTest {
    private static String varint(long n) {
        WireWriter w = new WireWriter();
        w.writeVarint(n);
        return Hex.encode(w.toByteArray());
    }

    @Test
    void varintsAreBase128MostSignificantFirst() throws Exception {
        assertThat(varint(0)).isEqualTo("00");
        assertThat(varint(127)).isEqualTo("7f");
        assertThat(varint(128)).isEqualTo("8100");
        assertThat(varint(16384)).isEqualTo("818000");
        assertThat(varint(1_700_000_001L)).isEqualTo(Hex.encode(FingerprintAccumulator.varint(1_700_000_001L)));
        assertThat(new WireReader(Hex.decode("81ffffffffffffffff7f")).readVarint("test")).isEqualTo(-1L); // 2^64 - 1
        assertThat(new WireReader(Hex.decode("8080800a")).readVarint("test")).isEqualTo(10L); // leading zero digits
    }

    @Test
    void emptySetOpensWithAnEmptyIdListOverTheWholeUniverse() {
        byte[] first = Negentropy.of(SortedArraySyncView.of(List.of())).initiate();
        assertThat(Hex.encode(first)).isEqualTo("6100000200");
    }

    @Test
    void smallSetOpensWithAllItsIds() throws Exception {
        byte[] first = Negentropy.of(SortedArraySyncView.of(TestItems.items(3, i -> true))).initiate();
        NegentropyMessage m = NegentropyMessage.parse(first);
        assertThat(m.ranges()).hasSize(1);
        assertThat(m.ranges().get(0).upperBound()).isEqualTo(Bound.MAX);
        assertThat(m.ranges().get(0).mode()).isEqualTo(Negentropy.Mode.ID_LIST);
        assertThat(m.ranges().get(0).ids()).hasSize(3);
    }

    @Test
    void largeSetOpensWithSixteenFingerprintsAndDeltaEncodedBounds() throws Exception {
        byte[] first = Negentropy.of(SortedArraySyncView.of(TestItems.items(1600, i -> true))).initiate();
        NegentropyMessage m = NegentropyMessage.parse(first);
        assertThat(m.ranges()).hasSize(16).allSatisfy(r -> assertThat(r.mode()).isEqualTo(Negentropy.Mode.FINGERPRINT));
        // bucket 1 ends at item 100, which opens a new timestamp (items 99..101 share 1700000033)
        // so the first bound is 1700000033 with the shortest prefix after item 99
        assertThat(m.ranges().get(0).upperBound().timestamp()).isEqualTo(TestItems.createdAt(100));
        assertThat(first[1] & 0x80).as("first timestamp is a multi-byte varint of 1 + 1700000033").isNotZero();
        assertThat(m.ranges().get(15).upperBound()).isEqualTo(Bound.MAX);
        assertThat(m.ranges().get(15).idPrefix()).isEmpty();
    }

    @Test
    void minimalBoundUsesAnEmptyPrefixAcrossTimestampsAndTheSharedPrefixPlusOneWithin() {
        byte[] a = Hex.decode("ab12" + "00".repeat(30));
        byte[] b = Hex.decode("ab34" + "00".repeat(30));
        assertThat(WireBound.minimal(Bound.at(5, a), Bound.at(6, b)).prefix).isEmpty();
        assertThat(Hex.encode(WireBound.minimal(Bound.at(5, a), Bound.at(5, b)).prefix)).isEqualTo("ab34");
    }

    @Test
    void echoedBoundsKeepThePrefixLengthTheyArrivedWith() throws Exception {
        // responder with nothing in common answers a fingerprint over (ts 10, prefix 00 00) with an
        // id list ending at the very same bytes: skip, bound, mode 2, count 0
        SortedArraySyncView view = SortedArraySyncView.of(TestItems.items(3, i -> true));
        byte[] fp = new byte[16];
        byte[] reply = Negentropy.of(view).reconcile(Hex.decode("61 0b 02 0000 01" .replace(" ", "") + Hex.encode(fp)));
        assertThat(Hex.encode(reply)).isEqualTo("61" + "0b020000" + "02" + "00");
    }

    @Test
    void initiatorReportsHaveInOrderAndNeedInTheOrderReceived() throws Exception {
        SortedArraySyncView mine = SortedArraySyncView.of(TestItems.items(10, i -> i < 5));
        SortedArraySyncView theirs = SortedArraySyncView.of(TestItems.items(10, i -> i >= 3));
        Negentropy initiator = Negentropy.of(mine);
        byte[] reply = Negentropy.of(theirs).reconcile(initiator.initiate());
        List<byte[]> have = new ArrayList<>();
        List<byte[]> need = new ArrayList<>();
        assertThat(initiator.reconcile(reply, have, need)).isNull();
        List<byte[]> expectedHave = new ArrayList<>();
        mine.forEach(Bound.MIN, Bound.MAX, (ts, id) -> indexOf(id) >= 3 || expectedHave.add(id));
        assertThat(expectedHave).hasSize(3);
        assertThat(new ArrayList<>(Exchange.hex(have))).isEqualTo(new ArrayList<>(Exchange.hex(expectedHave)));
        List<String> expectedNeed = new ArrayList<>();
        for (byte[] id : NegentropyMessage.parse(reply).ranges().get(0).ids()) {
            int index = indexOf(id);
            if (index >= 5) {
                expectedNeed.add(Hex.encode(id));
            }
        }
        assertThat(new ArrayList<>(Exchange.hex(need))).isEqualTo(expectedNeed);
    }

    private static int indexOf(byte[] id) {
        for (int i = 0; i < 10; i++) {
            if (java.util.Arrays.equals(TestItems.id(i), id)) {
                return i;
            }
        }
        throw new AssertionError();
    }

    @Test
    void sortedArrayViewAgreesWithSummingItemsOneByOne() throws ProtocolViolation {
        SortedArraySyncView view = SortedArraySyncView.of(TestItems.items(500, i -> i % 7 != 0));
        java.util.Random r = new java.util.Random(3);
        for (int t = 0; t < 200; t++) {
            Bound lo = view.nth(Bound.MIN, r.nextInt(460));
            Bound hi = r.nextInt(10) == 0 ? Bound.MAX : view.nth(lo, r.nextInt(40));
            FingerprintAccumulator naive = new FingerprintAccumulator();
            long[] count = {0};
            view.forEach(lo, hi, (ts, id) -> {
                naive.add(id);
                count[0]++;
                return true;
            });
            assertThat(view.count(lo, hi)).isEqualTo(count[0]);
            assertThat(view.fingerprint(lo, hi)).isEqualTo(naive.fingerprint());
        }
    }
}
