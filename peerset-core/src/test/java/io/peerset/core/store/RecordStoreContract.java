package io.peerset.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.Query;
import io.peerset.api.SignedRecord;
import io.peerset.api.spi.Bound;
import io.peerset.api.spi.FingerprintAccumulator;
import io.peerset.api.spi.PutOutcome;
import io.peerset.api.spi.RecordStore;
import io.peerset.api.spi.SyncView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RecordStore} must do. A store's test extends this class and
 * implements {@link #newStore()}; durable stores extend {@link DurableRecordStoreContract}.
 * Records come from {@link TestRecords} (correct ids, unsigned), since stores never
 * verify signatures.
 */
public abstract class RecordStoreContract {
    /** Newest first, equal timestamps lowest id first (NIP-01). */
    protected static final Comparator<SignedRecord> NEWEST_FIRST =
        Comparator.comparingLong(SignedRecord::createdAt).reversed().thenComparing(SignedRecord::id);

    protected static final long T0 = 1_700_000_000L;

    protected RecordStore store;
    protected final TestRecords records = new TestRecords(20240601L);

    /** A new, empty store. */
    protected abstract RecordStore newStore();

    @BeforeEach
    public void openStore() {
        store = newStore();
    }

    @AfterEach
    public void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Sum and count of these records' ids, computed from scratch. */
    protected static FingerprintAccumulator scratchSum(Collection<SignedRecord> rs) {
        FingerprintAccumulator acc = new FingerprintAccumulator();
        rs.forEach(r -> acc.add(r.idBytes()));
        return acc;
    }

    protected static List<String> ids(Collection<SignedRecord> rs) {
        return rs.stream().map(SignedRecord::id).collect(Collectors.toList());
    }

    /** Asserts that the store's sync view and indexes describe exactly these records. */
    protected void assertStoreHoldsExactly(Collection<SignedRecord> expected) {
        assertThat(store.size()).isEqualTo(expected.size());
        SyncView view = store.syncView();
        assertThat(view.size()).isEqualTo(expected.size());
        FingerprintAccumulator want = scratchSum(expected);
        FingerprintAccumulator got = view.sum(Bound.MIN, Bound.MAX);
        assertThat(got.sum()).as("sum of ids").isEqualTo(want.sum());
        assertThat(got.count()).isEqualTo(want.count());
        assertThat(view.fingerprint(Bound.MIN, Bound.MAX)).isEqualTo(want.fingerprint());
        List<SignedRecord> sorted = new ArrayList<>(expected);
        sorted.sort(NEWEST_FIRST);
        assertThat(ids(store.query(Query.all()))).isEqualTo(ids(sorted));
        Map<String, Long> perAuthor = expected.stream().collect(Collectors.groupingBy(SignedRecord::pubkey, Collectors.counting()));
        perAuthor.forEach((author, n) -> {
            assertThat(store.countByAuthor(author)).as("countByAuthor").isEqualTo(n);
            assertThat(ids(store.query(Query.builder().author(author).build())))
                .isEqualTo(ids(sorted.stream().filter(r -> r.pubkey().equals(author)).collect(Collectors.toList())));
        });
        for (SignedRecord r : expected) {
            assertThat(store.get(r.id())).contains(r);
        }
    }

    // ------------------------------------------------------------------ put, get, duplicate

    @Test
    public void storedRecordCanBeReadBackById() {
        SignedRecord r = records.note(records.newAuthor(), T0, "hello");
        assertThat(store.put(r)).isEqualTo(PutOutcome.STORED);
        SignedRecord back = store.get(r.id()).orElseThrow();
        assertThat(back).isEqualTo(r);
        assertThat(back.toJson()).isEqualTo(r.toJson());
        assertThat(store.contains(r.id())).isTrue();
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    public void unknownIdIsAbsent() {
        assertThat(store.get("00".repeat(32))).isEmpty();
        assertThat(store.contains("00".repeat(32))).isFalse();
        assertThat(store.size()).isZero();
        assertThat(store.query(Query.all())).isEmpty();
    }

    @Test
    public void puttingTheSameRecordTwiceIsADuplicateAndChangesNothing() {
        SignedRecord r = records.note(records.newAuthor(), T0, "once");
        store.put(r);
        byte[] before = store.syncView().fingerprint(Bound.MIN, Bound.MAX);
        assertThat(store.put(r)).isEqualTo(PutOutcome.DUPLICATE);
        assertThat(store.size()).isEqualTo(1);
        assertThat(store.countByAuthor(r.pubkey())).isEqualTo(1);
        assertThat(store.syncView().fingerprint(Bound.MIN, Bound.MAX)).isEqualTo(before);
    }

    @Test
    public void putAllReportsOutcomesInInputOrder() {
        String me = records.newAuthor();
        SignedRecord a = records.note(me, T0, "a");
        SignedRecord old = records.addressable(me, 30078, "x", T0, "v1");
        SignedRecord newer = records.addressable(me, 30078, "x", T0 + 5, "v2");
        SignedRecord eph = records.record(me, T0, 20001, List.of(), "typing");
        List<PutOutcome> out = store.putAll(List.of(a, old, a, newer, old, eph));
        assertThat(out).containsExactly(PutOutcome.STORED, PutOutcome.STORED, PutOutcome.DUPLICATE,
            PutOutcome.REPLACED, PutOutcome.SUPERSEDED, PutOutcome.EPHEMERAL);
        assertStoreHoldsExactly(List.of(a, newer));
    }

    // ------------------------------------------------------------------ replacement

    @Test
    public void newerAddressableVersionReplacesTheOlderEverywhere() {
        String me = records.newAuthor();
        SignedRecord v1 = records.addressable(me, 30078, "uuid-1", T0, "first");
        SignedRecord v2 = records.addressable(me, 30078, "uuid-1", T0 + 10, "second");
        assertThat(store.put(v1)).isEqualTo(PutOutcome.STORED);
        assertThat(store.put(v2)).isEqualTo(PutOutcome.REPLACED);
        assertThat(store.get(v1.id())).isEmpty();
        assertStoreHoldsExactly(List.of(v2));
    }

    @Test
    public void olderAddressableVersionArrivingLaterIsSuperseded() {
        String me = records.newAuthor();
        SignedRecord v1 = records.addressable(me, 30078, "uuid-1", T0, "first");
        SignedRecord v2 = records.addressable(me, 30078, "uuid-1", T0 + 10, "second");
        assertThat(store.put(v2)).isEqualTo(PutOutcome.STORED);
        assertThat(store.put(v1)).isEqualTo(PutOutcome.SUPERSEDED);
        assertStoreHoldsExactly(List.of(v2));
    }

    @Test
    public void addressableTieOnCreatedAtKeepsTheLowestIdInEitherOrder() {
        String me = records.newAuthor();
        SignedRecord[] first = records.tiedPair(me, 30078, "high-then-low", T0);
        assertThat(store.put(first[1])).isEqualTo(PutOutcome.STORED);
        assertThat(store.put(first[0])).isEqualTo(PutOutcome.REPLACED);

        SignedRecord[] second = records.tiedPair(me, 30078, "low-then-high", T0);
        assertThat(store.put(second[0])).isEqualTo(PutOutcome.STORED);
        assertThat(store.put(second[1])).isEqualTo(PutOutcome.SUPERSEDED);
        assertStoreHoldsExactly(List.of(first[0], second[0]));
    }

    @Test
    public void addressableRecordsWithAnotherDOrKindOrAuthorCoexist() {
        String me = records.newAuthor();
        String you = records.newAuthor();
        SignedRecord base = records.addressable(me, 30078, "a", T0, "x");
        SignedRecord otherD = records.addressable(me, 30078, "b", T0 + 1, "x");
        SignedRecord otherKind = records.addressable(me, 30023, "a", T0 + 2, "x");
        SignedRecord otherAuthor = records.addressable(you, 30078, "a", T0 + 3, "x");
        SignedRecord noD = records.record(me, T0 + 4, 30078, List.of(), "empty d");
        for (SignedRecord r : List.of(base, otherD, otherKind, otherAuthor, noD)) {
            assertThat(store.put(r)).isEqualTo(PutOutcome.STORED);
        }
        // a missing d tag is the empty d: an explicit ["d", ""] replaces it
        SignedRecord emptyD = records.addressable(me, 30078, "", T0 + 5, "explicit empty d");
        assertThat(store.put(emptyD)).isEqualTo(PutOutcome.REPLACED);
        assertStoreHoldsExactly(List.of(base, otherD, otherKind, otherAuthor, emptyD));
    }

    @Test
    public void replaceableKindsKeepTheNewestPerKindAndAuthorInEitherOrder() {
        String me = records.newAuthor();
        for (int kind : new int[] {0, 3, 10002}) {
            // a d tag does not matter for replaceable kinds
            SignedRecord older = records.record(me, T0, kind, List.of(List.of("d", "one")), "old " + kind);
            SignedRecord newer = records.record(me, T0 + 1, kind, List.of(List.of("d", "two")), "new " + kind);
            assertThat(store.put(older)).isEqualTo(PutOutcome.STORED);
            assertThat(store.put(newer)).isEqualTo(PutOutcome.REPLACED);
            assertThat(store.put(older)).isEqualTo(PutOutcome.SUPERSEDED);
            assertThat(store.get(older.id())).isEmpty();
        }
        assertThat(store.countByAuthor(me)).isEqualTo(3);

        String you = records.newAuthor();
        SignedRecord[] pair = records.tiedPair(you, 0, null, T0);
        assertThat(store.put(pair[1])).isEqualTo(PutOutcome.STORED);
        assertThat(store.put(pair[0])).isEqualTo(PutOutcome.REPLACED);
        assertThat(store.put(pair[1])).isEqualTo(PutOutcome.SUPERSEDED);
        assertThat(store.query(Query.builder().author(you).build())).containsExactly(pair[0]);
    }

    @Test
    public void ordinaryKindsAreNeverReplaced() {
        String me = records.newAuthor();
        SignedRecord a = records.record(me, T0, 1, List.of(List.of("d", "same")), "a");
        SignedRecord b = records.record(me, T0 + 1, 1, List.of(List.of("d", "same")), "b");
        SignedRecord c = records.record(me, T0 + 2, 40000, List.of(List.of("d", "same")), "c");
        SignedRecord d = records.record(me, T0 + 3, 40000, List.of(List.of("d", "same")), "d");
        assertThat(store.putAll(List.of(a, b, c, d))).containsOnly(PutOutcome.STORED);
        assertStoreHoldsExactly(List.of(a, b, c, d));
    }

    @Test
    public void ephemeralKindsAreNeverStored() {
        String me = records.newAuthor();
        for (int kind : new int[] {20000, 25050, 29999}) {
            SignedRecord r = records.record(me, T0, kind, List.of(), "now");
            assertThat(store.put(r)).isEqualTo(PutOutcome.EPHEMERAL);
            assertThat(store.get(r.id())).isEmpty();
        }
        assertThat(store.size()).isZero();
        assertThat(store.countByAuthor(me)).isZero();
        assertThat(store.syncView().size()).isZero();
    }

    // ------------------------------------------------------------------ queries

    @Test
    public void queryReturnsNewestFirstWithTiesLowestIdFirst() {
        String me = records.newAuthor();
        List<SignedRecord> rs = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            rs.add(records.note(me, T0 + i % 4, "n" + i));
        }
        store.putAll(rs);
        rs.sort(NEWEST_FIRST);
        assertThat(ids(store.query(Query.all()))).isEqualTo(ids(rs));
        assertThat(ids(store.query(Query.builder().author(me).build()))).isEqualTo(ids(rs));
    }

    @Test
    public void queryLimitKeepsTheNewestEvenWhenItCutsThroughATimestamp() {
        String me = records.newAuthor();
        List<SignedRecord> rs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            rs.add(records.note(me, T0 + i / 10, "n" + i)); // ten records per second
        }
        store.putAll(rs);
        rs.sort(NEWEST_FIRST);
        for (int limit : new int[] {1, 5, 10, 15, 39, 40}) {
            assertThat(ids(store.query(Query.builder().limit(limit).build())))
                .as("limit %d", limit).isEqualTo(ids(rs.subList(0, limit)));
            assertThat(ids(store.query(Query.builder().author(me).limit(limit).build())))
                .as("author, limit %d", limit).isEqualTo(ids(rs.subList(0, limit)));
        }
    }

    @Test
    public void queryByAuthorsReturnsOnlyTheirRecordsMerged() {
        List<String> authors = List.of(records.newAuthor(), records.newAuthor(), records.newAuthor());
        List<SignedRecord> rs = records.mixed(120, authors, T0, 30);
        store.putAll(rs);
        Query q = Query.builder().author(authors.get(0)).author(authors.get(2)).limit(25).build();
        List<SignedRecord> want = rs.stream().filter(q::matches).sorted(NEWEST_FIRST).limit(25).collect(Collectors.toList());
        assertThat(ids(store.query(q))).isEqualTo(ids(want));
        assertThat(store.query(Query.builder().author(records.newAuthor()).build())).isEmpty();
    }

    @Test
    public void queryByKindSinceUntilAndTag() {
        String me = records.newAuthor();
        SignedRecord note = records.note(me, T0, "note", List.of(List.of("t", "java")));
        SignedRecord reaction = records.record(me, T0 + 1, 7, List.of(List.of("t", "nostr")), "+");
        SignedRecord later = records.note(me, T0 + 2, "later", List.of(List.of("t", "java"), List.of("g", "u33d")));
        SignedRecord last = records.note(me, T0 + 3, "last");
        store.putAll(List.of(note, reaction, later, last));

        assertThat(store.query(Query.builder().kind(7).build())).containsExactly(reaction);
        assertThat(store.query(Query.builder().kind(1).kind(7).build())).containsExactly(last, later, reaction, note);
        assertThat(store.query(Query.builder().since(T0 + 1).until(T0 + 2).build()))
            .as("since and until are inclusive").containsExactly(later, reaction);
        assertThat(store.query(Query.builder().since(T0 + 3).build())).containsExactly(last);
        assertThat(store.query(Query.builder().until(T0).build())).containsExactly(note);
        assertThat(store.query(Query.builder().tag("t", "java").build())).containsExactly(later, note);
        assertThat(store.query(Query.builder().tag("t", "java").tag("t", "nostr").build()))
            .as("values of one tag name are alternatives").containsExactly(later, reaction, note);
        assertThat(store.query(Query.builder().tag("t", "java").tag("g", "u33d").build()))
            .as("every tag name must match").containsExactly(later);
        assertThat(store.query(Query.builder().author(me).kind(1).tag("t", "java").until(T0 + 1).build()))
            .containsExactly(note);
    }

    @Test
    public void randomQueriesAgreeWithFilteringEverything() {
        List<String> authors = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            authors.add(records.newAuthor());
        }
        List<SignedRecord> rs = records.mixed(500, authors, T0, 60);
        store.putAll(rs);
        Random random = new Random(11);
        int[] kinds = {1, 7, 42, 1063, 5};
        String[] tags = {"java", "nostr", "p2p", "none"};
        for (int i = 0; i < 150; i++) {
            Query.Builder b = Query.builder();
            for (int a = random.nextInt(3); a > 0; a--) {
                b.author(authors.get(random.nextInt(authors.size())));
            }
            for (int k = random.nextInt(3); k > 0; k--) {
                b.kind(kinds[random.nextInt(kinds.length)]);
            }
            long since = T0 + random.nextInt(70) - 5;
            if (random.nextBoolean()) {
                b.since(since);
            }
            if (random.nextBoolean()) {
                b.until(since + random.nextInt(40));
            }
            if (random.nextInt(3) == 0) {
                b.tag("t", tags[random.nextInt(tags.length)]);
            }
            if (random.nextBoolean()) {
                b.limit(1 + random.nextInt(60));
            }
            Query q = b.build();
            List<SignedRecord> want = rs.stream().filter(q::matches).sorted(NEWEST_FIRST).limit(q.limit())
                .collect(Collectors.toList());
            assertThat(ids(store.query(q))).as("%s", q).isEqualTo(ids(want));
        }
    }

    // ------------------------------------------------------------------ counts, delete, prune

    @Test
    public void countByAuthorFollowsPutsReplacementsAndDeletes() {
        String me = records.newAuthor();
        String you = records.newAuthor();
        SignedRecord a = records.note(me, T0, "a");
        SignedRecord b = records.note(me, T0 + 1, "b");
        SignedRecord v1 = records.addressable(me, 30078, "k", T0, "1");
        SignedRecord v2 = records.addressable(me, 30078, "k", T0 + 1, "2");
        store.putAll(List.of(a, b, v1, records.note(you, T0, "yours")));
        assertThat(store.countByAuthor(me)).isEqualTo(3);
        store.put(v2);
        assertThat(store.countByAuthor(me)).isEqualTo(3);
        store.delete(a.id());
        assertThat(store.countByAuthor(me)).isEqualTo(2);
        assertThat(store.countByAuthor(you)).isEqualTo(1);
        assertThat(store.countByAuthor(records.newAuthor())).isZero();
    }

    @Test
    public void deleteRemovesTheRecordFromEveryIndex() {
        String me = records.newAuthor();
        SignedRecord keep = records.note(me, T0, "keep");
        SignedRecord gone = records.note(me, T0 + 1, "gone", List.of(List.of("t", "x")));
        SignedRecord addr = records.addressable(me, 30078, "doc", T0, "v1");
        store.putAll(List.of(keep, gone, addr));
        assertThat(store.delete(gone.id())).isTrue();
        assertThat(store.delete(addr.id())).isTrue();
        assertThat(store.delete(gone.id())).as("second delete").isFalse();
        assertThat(store.query(Query.builder().tag("t", "x").build())).isEmpty();
        assertStoreHoldsExactly(List.of(keep));
        // the coordinate is free again: an older version may now be stored
        SignedRecord older = records.addressable(me, 30078, "doc", T0 - 10, "v0");
        assertThat(store.put(older)).isEqualTo(PutOutcome.STORED);
    }

    @Test
    public void deletingAnUnknownIdReturnsFalse() {
        store.put(records.note(records.newAuthor(), T0, "x"));
        assertThat(store.delete("ab".repeat(32))).isFalse();
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    public void pruneRemovesOnlyOlderRecordsAndKeepsIndexesAndFingerprintsConsistent() {
        List<String> authors = List.of(records.newAuthor(), records.newAuthor(), records.newAuthor());
        List<SignedRecord> rs = new ArrayList<>(records.mixed(400, authors, T0, 100));
        for (int i = 0; i < 20; i++) {
            rs.add(records.addressable(authors.get(i % 3), 30078, "doc" + i, T0 + 3 * i, "v"));
        }
        store.putAll(rs);
        long cut = T0 + 40;
        long expectedGone = rs.stream().filter(r -> r.createdAt() < cut).count();
        assertThat(store.pruneOlderThan(cut)).isEqualTo(expectedGone);
        List<SignedRecord> kept = rs.stream().filter(r -> r.createdAt() >= cut).collect(Collectors.toList());
        assertStoreHoldsExactly(kept);
        for (SignedRecord r : rs) {
            if (r.createdAt() < cut) {
                assertThat(store.contains(r.id())).isFalse();
            }
        }
        assertThat(store.syncView().count(Bound.MIN, Bound.of(cut, new byte[0]))).isZero();
        assertThat(store.pruneOlderThan(cut)).as("pruning again").isZero();
        // a pruned addressable coordinate accepts a new version
        SignedRecord fresh = records.addressable(authors.get(0), 30078, "doc0", T0 + 1, "again");
        assertThat(store.put(fresh)).isEqualTo(PutOutcome.STORED);
    }

    // ------------------------------------------------------------------ sync view

    @Test
    public void syncViewAgreesWithABruteForceModelOnRandomData() {
        List<String> authors = List.of(records.newAuthor(), records.newAuthor());
        Random random = new Random(5);
        Map<String, SignedRecord> model = new HashMap<>();
        List<SignedRecord> pool = records.mixed(900, authors, T0, 40);
        for (int step = 0; step < pool.size(); step++) {
            SignedRecord r = pool.get(step);
            assertThat(store.put(r)).isEqualTo(PutOutcome.STORED);
            model.put(r.id(), r);
            if (random.nextInt(5) == 0) {
                SignedRecord victim = model.values().iterator().next();
                assertThat(store.delete(victim.id())).isTrue();
                model.remove(victim.id());
            }
            if (step % 150 == 149) {
                assertSyncViewMatches(new ArrayList<>(model.values()), random);
            }
        }
        assertStoreHoldsExactly(model.values());
    }

    private void assertSyncViewMatches(List<SignedRecord> present, Random random) {
        Comparator<SignedRecord> order = Comparator.comparingLong(SignedRecord::createdAt)
            .thenComparing(SignedRecord::idBytes, Arrays::compareUnsigned);
        List<SignedRecord> sorted = new ArrayList<>(present);
        sorted.sort(order);
        SyncView view = store.syncView();
        List<String> all = new ArrayList<>();
        view.forEach(Bound.MIN, Bound.MAX, (ts, id) -> all.add(io.peerset.api.Hex.encode(id)));
        assertThat(all).isEqualTo(ids(sorted));
        for (int q = 0; q < 25; q++) {
            Bound lower = randomBound(random, sorted);
            Bound upper = randomBound(random, sorted);
            List<SignedRecord> in = new ArrayList<>();
            for (SignedRecord r : sorted) {
                if (lower.compareTo(r.createdAt(), r.idBytes()) <= 0 && upper.compareTo(r.createdAt(), r.idBytes()) > 0) {
                    in.add(r);
                }
            }
            assertThat(view.count(lower, upper)).as("count %s..%s", lower, upper).isEqualTo(in.size());
            FingerprintAccumulator want = scratchSum(in);
            assertThat(view.sum(lower, upper).sum()).isEqualTo(want.sum());
            assertThat(view.fingerprint(lower, upper)).isEqualTo(want.fingerprint());
            List<String> visited = new ArrayList<>();
            view.forEach(lower, upper, (ts, id) -> visited.add(io.peerset.api.Hex.encode(id)));
            assertThat(visited).isEqualTo(ids(in));
            int k = random.nextInt(sorted.size() + 2);
            List<SignedRecord> above = sorted.stream().filter(r -> lower.compareTo(r.createdAt(), r.idBytes()) <= 0)
                .collect(Collectors.toList());
            Bound nth = view.nth(lower, k);
            if (k < above.size()) {
                assertThat(nth).isEqualTo(Bound.at(above.get(k).createdAt(), above.get(k).idBytes()));
            } else {
                assertThat(nth).isEqualTo(Bound.MAX);
            }
        }
    }

    private static Bound randomBound(Random random, List<SignedRecord> sorted) {
        switch (random.nextInt(4)) {
            case 0:
                return random.nextBoolean() ? Bound.MIN : Bound.MAX;
            case 1:
                SignedRecord r = sorted.get(random.nextInt(sorted.size()));
                return Bound.at(r.createdAt(), r.idBytes());
            case 2:
                return Bound.of(T0 + random.nextInt(45) - 2, new byte[0]);
            default:
                byte[] prefix = new byte[1 + random.nextInt(3)];
                random.nextBytes(prefix);
                return Bound.of(T0 + random.nextInt(45), prefix);
        }
    }

    @Test
    public void syncViewForEachStopsWhenTheVisitorSaysSoAndCrossesLargeRanges() {
        String me = records.newAuthor();
        List<SignedRecord> rs = new ArrayList<>();
        for (int i = 0; i < 700; i++) {
            rs.add(records.note(me, T0 + i / 50, "n" + i));
        }
        store.putAll(rs);
        List<Long> times = new ArrayList<>();
        store.syncView().forEach(Bound.MIN, Bound.MAX, (ts, id) -> times.add(ts));
        assertThat(times).hasSize(700).isSorted();
        int[] visits = {0};
        store.syncView().forEach(Bound.MIN, Bound.MAX, (ts, id) -> ++visits[0] < 300);
        assertThat(visits[0]).isEqualTo(300);
    }

    @Test
    public void syncViewIsLiveAndReflectsLaterWrites() {
        SyncView view = store.syncView();
        assertThat(view.size()).isZero();
        SignedRecord r = records.note(records.newAuthor(), T0, "later");
        store.put(r);
        assertThat(view.size()).isEqualTo(1);
        assertThat(view.nth(Bound.MIN, 0)).isEqualTo(Bound.at(T0, r.idBytes()));
        store.delete(r.id());
        assertThat(view.count(Bound.MIN, Bound.MAX)).isZero();
    }

    // ------------------------------------------------------------------ concurrency

    @Test
    public void severalThreadsPuttingAtOnceLoseNothing() throws Exception {
        int threads = 4;
        int perThread = 300;
        List<List<SignedRecord>> batches = new ArrayList<>();
        List<SignedRecord> everything = new ArrayList<>();
        List<String> authors = List.of(records.newAuthor(), records.newAuthor(), records.newAuthor());
        for (int t = 0; t < threads; t++) {
            List<SignedRecord> batch = records.mixed(perThread, authors, T0, 100);
            batches.add(batch);
            everything.addAll(batch);
        }
        // every thread also races to write versions of one shared addressable coordinate
        String shared = records.newAuthor();
        List<SignedRecord> versions = new ArrayList<>();
        for (int v = 0; v < threads * 10; v++) {
            versions.add(records.addressable(shared, 30078, "race", T0 + v, "v" + v));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        try {
            CountDownLatch start = new CountDownLatch(1);
            AtomicBoolean writing = new AtomicBoolean(true);
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int me = t;
                writers.add(pool.submit(() -> {
                    start.await();
                    List<SignedRecord> batch = batches.get(me);
                    for (int i = 0; i < batch.size(); i++) {
                        if (i % 3 == 0) {
                            store.putAll(List.of(batch.get(i)));
                        } else {
                            store.put(batch.get(i));
                        }
                        if (i % 30 == 0) {
                            store.put(versions.get(me + threads * (i / 30)));
                        }
                    }
                    return null;
                }));
            }
            Future<?> reader = pool.submit(() -> {
                start.await();
                while (writing.get()) {
                    store.query(Query.builder().limit(20).build());
                    store.syncView().sum(Bound.MIN, Bound.MAX);
                    store.syncView().forEach(Bound.MIN, Bound.MAX, (ts, id) -> true);
                }
                return null;
            });
            start.countDown();
            for (Future<?> f : writers) {
                f.get(60, TimeUnit.SECONDS);
            }
            writing.set(false);
            reader.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        List<SignedRecord> expected = new ArrayList<>(everything);
        expected.add(versions.get(versions.size() - 1));
        assertStoreHoldsExactly(expected);
    }

    @Test
    public void closeIsIdempotent() {
        store.put(records.note(records.newAuthor(), T0, "x"));
        store.close();
        store.close();
        store = null;
    }
}
