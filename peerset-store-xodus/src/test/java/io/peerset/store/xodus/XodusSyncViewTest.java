package io.peerset.store.xodus;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.SignedRecord;
import io.peerset.api.spi.Bound;
import io.peerset.api.spi.FingerprintAccumulator;
import io.peerset.api.spi.SyncView;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.IntToLongFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The persisted sum trie answers count/sum/nth/forEach exactly like a brute-force sorted list. */
class XodusSyncViewTest {
    private static final Comparator<SignedRecord> ORDER = Comparator.comparingLong(SignedRecord::createdAt)
        .thenComparing((a, b) -> Arrays.compareUnsigned(a.idBytes(), b.idBytes()));

    @TempDir Path tmp;

    @Test void rangesMatchBruteForceWhenRecordsAreSpreadOverMonths() {
        check(i -> 1_700_000_000L + (long) i * 977 % 7_776_000, 4_000, 1);
    }

    @Test void rangesMatchBruteForceWhenThousandsShareOneSecond() {
        check(i -> 1_700_000_000L, 4_000, 2);
    }

    @Test void rangesMatchBruteForceForBurstsAndOddTimestamps() {
        check(i -> switch (i % 5) {
            case 0 -> 0L;
            case 1 -> (1L << 40) + i % 3;       // beyond 2106: a different root child
            default -> 1_700_000_000L + i / 50; // bursts of 50 per second
        }, 4_000, 3);
    }

    private void check(IntToLongFunction timestamp, int n, long seed) {
        Random rnd = new Random(seed);
        List<SignedRecord> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(TestRecords.record(TestRecords.author(i % 5), timestamp.applyAsLong(i), 1, List.of(), "s" + seed + "/" + i));
        }
        try (XodusRecordStore s = XodusRecordStore.open(tmp.resolve("s" + seed), XodusStoreOptions.defaults().withDurable(false))) {
            for (int i = 0; i < n; i += 700) {
                s.putAll(all.subList(i, Math.min(n, i + 700)));
            }
            // delete a random third, one by one and in a burst, so nodes shrink and vanish
            List<SignedRecord> live = new ArrayList<>(all);
            for (int i = 0; i < n / 3; i++) {
                SignedRecord r = live.remove(rnd.nextInt(live.size()));
                assertThat(s.delete(r.id())).isTrue();
            }
            live.sort(ORDER);
            assertThat(s.verifyIntegrity()).isEmpty();
            assertMatches(s.syncView(), live, rnd);
        }
    }

    private static void assertMatches(SyncView v, List<SignedRecord> sorted, Random rnd) {
        assertThat(v.size()).isEqualTo(sorted.size());
        assertThat(v.sum(Bound.MIN, Bound.MAX).sum()).isEqualTo(TestRecords.sumOf(sorted).sum());
        assertThat(v.nth(Bound.MIN, sorted.size())).isEqualTo(Bound.MAX);
        for (int q = 0; q < 300; q++) {
            Bound a = randomBound(sorted, rnd);
            Bound b = randomBound(sorted, rnd);
            Bound lo = a.compareTo(b) <= 0 ? a : b;
            Bound hi = a.compareTo(b) <= 0 ? b : a;
            int from = lowerIndex(sorted, lo);
            int to = lowerIndex(sorted, hi);
            List<SignedRecord> expected = sorted.subList(from, to);
            FingerprintAccumulator sum = v.sum(lo, hi);
            assertThat(sum.count()).as("count of [%s, %s)", lo, hi).isEqualTo(expected.size());
            assertThat(sum.fingerprint()).isEqualTo(TestRecords.sumOf(expected).fingerprint());
            assertThat(v.count(hi, lo)).isZero();
            int k = rnd.nextInt(Math.max(1, expected.size() + 2));
            Bound nth = v.nth(lo, k);
            assertThat(nth).isEqualTo(from + k < sorted.size() ? TestRecords.at(sorted.get(from + k)) : Bound.MAX);
            if (q % 10 == 0) {
                List<Bound> seen = new ArrayList<>();
                v.forEach(lo, hi, (ts, id) -> seen.add(Bound.at(ts, id)));
                assertThat(seen).isEqualTo(expected.stream().map(TestRecords::at).toList());
            }
        }
    }

    private static Bound randomBound(List<SignedRecord> sorted, Random rnd) {
        switch (rnd.nextInt(6)) {
            case 0: return Bound.MIN;
            case 1: return Bound.MAX;
            case 2: { // a prefix bound as Negentropy sends them
                SignedRecord r = sorted.get(rnd.nextInt(sorted.size()));
                return Bound.of(r.createdAt(), Arrays.copyOf(r.idBytes(), rnd.nextInt(33)));
            }
            case 3: { // a timestamp between items
                SignedRecord r = sorted.get(rnd.nextInt(sorted.size()));
                return Bound.of(r.createdAt() + 1, new byte[0]);
            }
            default: return TestRecords.at(sorted.get(rnd.nextInt(sorted.size())));
        }
    }

    /** Index of the first item at or above the bound. */
    private static int lowerIndex(List<SignedRecord> sorted, Bound b) {
        int lo = 0;
        int hi = sorted.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            SignedRecord r = sorted.get(mid);
            if (b.compareTo(r.createdAt(), r.idBytes()) > 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
