package io.peerset.store.xodus;

import static io.peerset.store.xodus.TestRecords.author;
import static io.peerset.store.xodus.TestRecords.record;
import static io.peerset.store.xodus.TestRecords.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerset.api.Query;
import io.peerset.api.SignedRecord;
import io.peerset.api.spi.Bound;
import io.peerset.api.spi.PutOutcome;
import io.peerset.api.spi.RecordStore;
import io.peerset.api.spi.RecordStoreProvider;
import io.peerset.api.spi.SyncView;
import io.peerset.core.store.DurableRecordStoreContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared store contract (every test of {@link DurableRecordStoreContract}), plus what
 * is specific to the Xodus store: exact round trips, batching, integrity checks and the
 * rules for opening a directory.
 */
class XodusRecordStoreTest extends DurableRecordStoreContract {
    private static final String ALICE = author(1);
    private static final String BOB = author(2);

    @TempDir Path tmp;
    private final List<RecordStore> open = new ArrayList<>();

    private XodusRecordStore open(Path dir) {
        XodusRecordStore s = XodusRecordStore.open(dir, XodusStoreOptions.defaults());
        open.add(s);
        return s;
    }

    @AfterEach void closeAll() {
        open.forEach(RecordStore::close);
    }

    private int contractStores;
    private final java.util.IdentityHashMap<RecordStore, Path> contractDirs = new java.util.IdentityHashMap<>();

    @Override protected RecordStore newStore() {
        Path dir = tmp.resolve("contract-" + contractStores++);
        XodusRecordStore s = XodusRecordStore.open(dir, XodusStoreOptions.defaults());
        contractDirs.put(s, dir);
        return s;
    }

    @Override protected RecordStore reopen(RecordStore current) {
        Path dir = contractDirs.remove(current);
        current.close();
        XodusRecordStore s = XodusRecordStore.open(dir, XodusStoreOptions.defaults());
        assertThat(s.verifyIntegrity()).isEmpty();
        contractDirs.put(s, dir);
        return s;
    }

    @Test void recordsSurviveCloseAndReopenExactly() {
        Path dir = tmp.resolve("db");
        SignedRecord odd = record(ALICE, 1_700_000_000L, 30023,
            List.of(List.of("d", "post-1"), List.of("g", "u33d"), List.of("r", "https://example.org/ä?x=\"y\"")),
            "héllo ✓ 🎉 tab\t newline\n lone surrogate \ud800 end");
        SignedRecord plain = text(BOB, 1_700_000_001L, "plain");
        XodusRecordStore s = open(dir);
        assertThat(s.put(odd)).isEqualTo(PutOutcome.STORED);
        assertThat(s.put(plain)).isEqualTo(PutOutcome.STORED);
        s.close();

        XodusRecordStore again = open(dir);
        SignedRecord back = again.get(odd.id()).orElseThrow();
        assertThat(back.toJson()).isEqualTo(odd.toJson());
        assertThat(back.content()).isEqualTo(odd.content());
        assertThat(again.size()).isEqualTo(2);
        assertThat(again.countByAuthor(ALICE)).isEqualTo(1);
        assertThat(again.verifyIntegrity()).isEmpty();
    }

    @Test void secondPutOfTheSameRecordIsADuplicate() {
        XodusRecordStore s = open(tmp.resolve("own"));
        SignedRecord r = text(ALICE, 100, "x");
        assertThat(s.put(r)).isEqualTo(PutOutcome.STORED);
        assertThat(s.put(r)).isEqualTo(PutOutcome.DUPLICATE);
        assertThat(s.putAll(List.of(r, text(ALICE, 101, "y"), text(ALICE, 101, "y"))))
            .containsExactly(PutOutcome.DUPLICATE, PutOutcome.STORED, PutOutcome.DUPLICATE);
        assertThat(s.size()).isEqualTo(2);
    }

    @Test void ephemeralRecordsAreNeverStored() {
        XodusRecordStore s = open(tmp.resolve("own"));
        SignedRecord r = record(ALICE, 100, 20001, List.of(), "typing…");
        assertThat(s.put(r)).isEqualTo(PutOutcome.EPHEMERAL);
        assertThat(s.contains(r.id())).isFalse();
        assertThat(s.syncView().size()).isZero();
    }

    @Test void newerAddressableVersionReplacesTheOlderInEveryIndex() {
        XodusRecordStore s = open(tmp.resolve("own"));
        SignedRecord v1 = record(ALICE, 100, 30000, List.of(List.of("d", "uuid-1")), "v1");
        SignedRecord v2 = record(ALICE, 200, 30000, List.of(List.of("d", "uuid-1")), "v2");
        SignedRecord other = record(ALICE, 150, 30000, List.of(List.of("d", "uuid-2")), "other d");
        assertThat(s.put(v1)).isEqualTo(PutOutcome.STORED);
        assertThat(s.put(other)).isEqualTo(PutOutcome.STORED);
        assertThat(s.put(v2)).isEqualTo(PutOutcome.REPLACED);
        assertThat(s.get(v1.id())).isEmpty();
        assertThat(s.contains(v1.id())).isFalse();
        assertThat(s.countByAuthor(ALICE)).isEqualTo(2);
        assertThat(s.syncView().sum(Bound.MIN, Bound.MAX).sum()).isEqualTo(TestRecords.sumOf(List.of(v2, other)).sum());
        assertThat(s.query(Query.builder().author(ALICE).build())).containsExactly(v2, other);
        assertThat(s.verifyIntegrity()).isEmpty();
    }

    @Test void olderAddressableVersionIsSupersededAndTiesKeepTheLowestId() {
        XodusRecordStore s = open(tmp.resolve("own"));
        SignedRecord newer = record(ALICE, 200, 30000, List.of(List.of("d", "k")), "new");
        SignedRecord older = record(ALICE, 100, 30000, List.of(List.of("d", "k")), "old");
        assertThat(s.put(newer)).isEqualTo(PutOutcome.STORED);
        assertThat(s.put(older)).isEqualTo(PutOutcome.SUPERSEDED);
        assertThat(s.contains(older.id())).isFalse();

        SignedRecord a = record(BOB, 300, 30001, List.of(List.of("d", "t")), "a");
        SignedRecord b = record(BOB, 300, 30001, List.of(List.of("d", "t")), "b");
        SignedRecord low = a.id().compareTo(b.id()) < 0 ? a : b;
        SignedRecord high = low == a ? b : a;
        assertThat(s.put(high)).isEqualTo(PutOutcome.STORED);
        assertThat(s.put(low)).isEqualTo(PutOutcome.REPLACED);
        assertThat(s.put(high)).isEqualTo(PutOutcome.SUPERSEDED);
        assertThat(s.verifyIntegrity()).isEmpty();
    }

    @Test void replaceableKindsKeepOnlyTheNewestPerAuthor() {
        XodusRecordStore s = open(tmp.resolve("own"));
        SignedRecord p1 = record(ALICE, 10, 0, List.of(), "{\"name\":\"a\"}");
        SignedRecord p2 = record(ALICE, 20, 0, List.of(), "{\"name\":\"b\"}");
        SignedRecord bobs = record(BOB, 5, 0, List.of(), "{\"name\":\"bob\"}");
        s.putAll(List.of(p1, bobs));
        assertThat(s.put(p2)).isEqualTo(PutOutcome.REPLACED);
        assertThat(s.query(Query.builder().kind(0).build())).containsExactly(p2, bobs);
    }

    @Test void queriesComeNewestFirstWithTiesLowestIdFirst() {
        XodusRecordStore s = open(tmp.resolve("own"));
        List<SignedRecord> all = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            all.add(record(i % 2 == 0 ? ALICE : BOB, 1000 + i / 3, i % 3 == 0 ? 7 : 1,
                List.of(List.of("t", i % 4 == 0 ? "even4" : "other")), "n" + i));
        }
        s.putAll(all);
        Comparator<SignedRecord> newestFirst = Comparator.comparingLong(SignedRecord::createdAt).reversed().thenComparing(SignedRecord::id);

        assertThat(s.query(Query.all())).isEqualTo(all.stream().sorted(newestFirst).toList());
        assertThat(s.query(Query.builder().limit(5).build())).isEqualTo(all.stream().sorted(newestFirst).limit(5).toList());
        Query byAuthor = Query.builder().author(BOB).since(1005).until(1015).limit(7).build();
        assertThat(s.query(byAuthor)).isEqualTo(all.stream().filter(byAuthor::matches).sorted(newestFirst).limit(7).toList());
        Query byKind = Query.builder().kind(7).author(ALICE).author(BOB).build();
        assertThat(s.query(byKind)).isEqualTo(all.stream().filter(byKind::matches).sorted(newestFirst).toList());
        Query kindOnly = Query.builder().kind(7).until(1010).limit(3).build();
        assertThat(s.query(kindOnly)).isEqualTo(all.stream().filter(kindOnly::matches).sorted(newestFirst).limit(3).toList());
        Query byTag = Query.builder().tag("t", "even4").build();
        assertThat(s.query(byTag)).isEqualTo(all.stream().filter(byTag::matches).sorted(newestFirst).toList());
    }

    @Test void deleteRemovesTheRecordFromEveryIndexAndTheSums() {
        XodusRecordStore s = open(tmp.resolve("own"));
        SignedRecord keep = text(ALICE, 100, "keep");
        SignedRecord gone = text(ALICE, 101, "gone");
        s.putAll(List.of(keep, gone));
        assertThat(s.get(gone.id())).isPresent(); // now cached
        assertThat(s.delete(gone.id())).isTrue();
        assertThat(s.delete(gone.id())).isFalse();
        assertThat(s.delete("not an id")).isFalse();
        assertThat(s.get(gone.id())).isEmpty();
        assertThat(s.countByAuthor(ALICE)).isEqualTo(1);
        assertThat(s.query(Query.all())).containsExactly(keep);
        assertThat(s.syncView().fingerprint(Bound.MIN, Bound.MAX)).isEqualTo(TestRecords.sumOf(List.of(keep)).fingerprint());
        assertThat(s.verifyIntegrity()).isEmpty();
    }

    @Test void pruningNinetyDayOldRecordsLeavesIndexesAndFingerprintsConsistent() {
        XodusRecordStore s = open(tmp.resolve("own"));
        long now = 1_760_000_000L;
        long day = 86_400;
        List<SignedRecord> all = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            long ts = now - (i % 180) * day - i; // 180 days of records, a few per second in places
            all.add(i % 50 == 0
                ? record(author(i % 7), ts, 30000, List.of(List.of("d", "slot-" + (i % 13))), "addr " + i)
                : record(author(i % 7), ts, 1, List.of(), "text " + i));
        }
        for (int i = 0; i < all.size(); i += 500) {
            s.putAll(all.subList(i, Math.min(all.size(), i + 500)));
        }
        long cutoff = now - 90 * day;
        List<SignedRecord> stored = all.stream().filter(r -> s.contains(r.id())).toList();
        long old = stored.stream().filter(r -> r.createdAt() < cutoff).count();

        assertThat(s.pruneOlderThan(cutoff)).isEqualTo(old);

        List<SignedRecord> left = stored.stream().filter(r -> r.createdAt() >= cutoff).toList();
        assertThat(s.size()).isEqualTo(left.size());
        assertThat(s.query(Query.builder().until(cutoff - 1).build())).isEmpty();
        SyncView v = s.syncView();
        assertThat(v.sum(Bound.MIN, Bound.MAX).sum()).isEqualTo(TestRecords.sumOf(left).sum());
        assertThat(v.count(Bound.MIN, Bound.of(cutoff, new byte[0]))).isZero();
        assertThat(v.nth(Bound.MIN, 0).timestamp()).isGreaterThanOrEqualTo(cutoff);
        assertThat(s.verifyIntegrity()).isEmpty();
        for (int a = 0; a < 7; a++) {
            String who = author(a);
            assertThat(s.countByAuthor(who)).isEqualTo(left.stream().filter(r -> r.pubkey().equals(who)).count());
        }
    }

    private static List<SignedRecord> tagged(int n) {
        List<SignedRecord> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<List<String>> tags = new ArrayList<>();
            tags.add(List.of("t", "topic-" + (i % 5)));
            tags.add(List.of("g", "u33d" + (i % 3)));
            if (i % 4 == 0) {
                tags.add(List.of("t", "topic-" + (i % 5))); // the same pair twice: one index entry
                tags.add(List.of("t", "extra"));
            }
            tags.add(List.of("topic", "long-name-" + (i % 2))); // not single-letter: never indexed
            all.add(record(i % 3 == 0 ? ALICE : BOB, 2_000 + i / 4, i % 7 == 0 ? 7 : 1, tags, "tagged " + i));
        }
        return all;
    }

    private static void assertTagQueriesMatchAScan(XodusRecordStore s, List<SignedRecord> stored) {
        Comparator<SignedRecord> newestFirst = Comparator.comparingLong(SignedRecord::createdAt).reversed().thenComparing(SignedRecord::id);
        List<Query> queries = List.of(
            Query.builder().tag("t", "topic-2").build(),
            Query.builder().tag("t", "topic-1").tag("t", "extra").limit(9).build(),
            Query.builder().tag("g", "u33d1").tag("t", "topic-3").since(2_010).until(2_040).build(),
            Query.builder().tag("t", "extra").kind(7).build(),
            Query.builder().tag("topic", "long-name-1").limit(11).build(),
            Query.builder().tag("t", "nobody-uses-this").build());
        for (Query q : queries) {
            assertThat(s.query(q)).as(q.toString())
                .isEqualTo(stored.stream().filter(q::matches).sorted(newestFirst).limit(q.limit()).toList());
        }
    }

    @Test void indexedTagQueriesAgreeWithFilteringEverythingAndDeletesLeaveNoEntries() {
        XodusRecordStore s = XodusRecordStore.open(tmp.resolve("tags"), XodusStoreOptions.defaults().withIndexedTags("t", "g"));
        open.add(s);
        List<SignedRecord> all = tagged(200);
        s.putAll(all);
        assertTagQueriesMatchAScan(s, all);
        List<SignedRecord> left = new ArrayList<>(all);
        for (int i = 0; i < all.size(); i += 3) {
            assertThat(s.delete(all.get(i).id())).isTrue();
            left.remove(all.get(i));
        }
        assertTagQueriesMatchAScan(s, left);
        assertThat(s.verifyIntegrity()).isEmpty();
    }

    @Test void changingTheIndexedTagsRebuildsTheTagIndexWhenTheStoreOpens() {
        Path dir = tmp.resolve("retag");
        List<SignedRecord> all = tagged(120);
        try (XodusRecordStore s = XodusRecordStore.open(dir, XodusStoreOptions.defaults())) {
            s.putAll(all);
            assertTagQueriesMatchAScan(s, all); // no index: scans
        }
        try (XodusRecordStore s = XodusRecordStore.open(dir, XodusStoreOptions.defaults().withIndexedTags("t"))) {
            assertThat(s.verifyIntegrity()).isEmpty(); // every t entry is there, and nothing else
            assertTagQueriesMatchAScan(s, all);
            s.put(record(ALICE, 3_000, 1, List.of(List.of("t", "later")), "after the rebuild"));
            assertThat(s.query(Query.builder().tag("t", "later").build())).hasSize(1);
        }
        try (XodusRecordStore s = XodusRecordStore.open(dir, XodusStoreOptions.defaults().withIndexedTags("g"))) {
            assertThat(s.verifyIntegrity()).isEmpty(); // the t entries are gone, the g ones are in
            assertThat(s.query(Query.builder().tag("t", "later").build())).hasSize(1);
        }
        try (XodusRecordStore s = XodusRecordStore.open(dir, XodusStoreOptions.defaults())) {
            assertThat(s.verifyIntegrity()).isEmpty();
            assertTagQueriesMatchAScan(s, s.query(Query.all()));
        }
    }

    @Test void indexTagsOptionTakesOnlySingleLetterNames() {
        assertThat(XodusStoreOptions.parse(Map.of("index.tags", " t, g ,d")).indexTags).containsExactly("d", "g", "t");
        assertThat(XodusStoreOptions.parse(Map.of("index.tags", "")).indexTags).isEmpty();
        for (String bad : List.of("topic", "t,,g", "1", "t;g")) {
            assertThatThrownBy(() -> XodusStoreOptions.parse(Map.of("index.tags", bad)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("single-letter tag names").hasMessageContaining(bad);
        }
    }

    @Test void authorCountsStayExactThroughBatchesReplacementsDeletesAndReopen() {
        Path dir = tmp.resolve("counts");
        SignedRecord older = record(ALICE, 10, 0, List.of(), "profile v1");
        SignedRecord newer = record(ALICE, 11, 0, List.of(), "profile v2");
        List<SignedRecord> texts = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            texts.add(text(i % 2 == 0 ? ALICE : BOB, 100 + i, "t" + i));
        }
        try (XodusRecordStore s = XodusRecordStore.open(dir, XodusStoreOptions.defaults())) {
            List<SignedRecord> batch = new ArrayList<>(texts.subList(0, 20));
            batch.add(older);
            batch.add(newer); // replaces older inside the same transaction
            s.putAll(batch);
            assertThat(s.countByAuthor(ALICE)).isEqualTo(11);
            assertThat(s.countByAuthor(BOB)).isEqualTo(10);
            s.putAll(texts.subList(20, 30));
            s.delete(texts.get(1).id());
            s.delete(texts.get(0).id());
            assertThat(s.countByAuthor(ALICE)).isEqualTo(15);
            assertThat(s.countByAuthor(BOB)).isEqualTo(14);
            for (int i = 1; i < 30; i += 2) {
                s.delete(texts.get(i).id()); // all of Bob's
            }
            assertThat(s.countByAuthor(BOB)).isZero();
            assertThat(s.verifyIntegrity()).isEmpty();
        }
        try (XodusRecordStore s = XodusRecordStore.open(dir, XodusStoreOptions.defaults())) {
            assertThat(s.countByAuthor(ALICE)).isEqualTo(15);
            assertThat(s.countByAuthor(BOB)).isZero();
            s.put(text(BOB, 500, "back"));
            assertThat(s.countByAuthor(BOB)).isEqualTo(1);
            assertThat(s.query(Query.builder().author(BOB).build())).hasSize(1);
            assertThat(s.verifyIntegrity()).isEmpty();
        }
    }

    @Test void aBatchIsOneCommitAndConcurrentWritersAllLand() throws Exception {
        XodusRecordStore s = open(tmp.resolve("own"));
        List<SignedRecord> batch = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            batch.add(TestRecords.numbered(1, i, 10, 5_000, 3));
        }
        long commitsBefore = s.commits();
        assertThat(s.putAll(batch)).allMatch(o -> o == PutOutcome.STORED);
        assertThat(s.commits() - commitsBefore).as("one putAll is one transaction").isEqualTo(1);

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<PutOutcome>> results = new ArrayList<>();
            for (int i = 0; i < 800; i++) {
                SignedRecord r = TestRecords.numbered(2, i, 10, 9_000, 2);
                results.add(pool.submit(() -> s.put(r)));
            }
            for (Future<PutOutcome> f : results) {
                assertThat(f.get()).isEqualTo(PutOutcome.STORED);
            }
        } finally {
            pool.shutdown();
        }
        assertThat(s.size()).isEqualTo(1_800);
        assertThat(s.verifyIntegrity()).isEmpty();
    }

    @Test void providerIsFoundByNameAndOpensADirectory() {
        RecordStoreProvider p = ServiceLoader.load(RecordStoreProvider.class).stream()
            .map(ServiceLoader.Provider::get).filter(x -> x.name().equals("xodus")).findFirst().orElseThrow();
        try (RecordStore s = p.open(tmp.resolve("via-spi").toString(), Map.of("cache.records", "100"))) {
            s.put(text(ALICE, 1, "x"));
            assertThat(s.size()).isEqualTo(1);
        }
        assertThatThrownBy(() -> p.open(tmp.toString(), Map.of("cache.size", "1")))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cache.size").hasMessageContaining("cache.records");
        assertThatThrownBy(() -> p.open("", Map.of())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("xodus:DIR");
    }

    @Test void secondOpenOfTheSameDirectoryFailsNamingIt() {
        Path dir = tmp.resolve("held");
        open(dir);
        assertThatThrownBy(() -> open(dir))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining(dir.toAbsolutePath().toString())
            .hasMessageContaining("in use");
    }

    @Test void aDirectoryWithForeignFilesIsRefusedAndLeftUntouched() throws Exception {
        Path dir = tmp.resolve("photos");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("holiday.jpg"), "not a database");
        assertThatThrownBy(() -> open(dir))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining(dir.toAbsolutePath().toString())
            .hasMessageContaining("not a peerset xodus store");
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("holiday.jpg");
        }
    }

    @Test void anotherApplicationsXodusEnvironmentIsRefused() {
        Path dir = tmp.resolve("other-app");
        jetbrains.exodus.env.Environment env = jetbrains.exodus.env.Environments.newInstance(dir.toFile());
        env.executeInTransaction(txn -> env.openStore("users", jetbrains.exodus.env.StoreConfig.WITHOUT_DUPLICATES, txn)
            .put(txn, Keys.wrap(new byte[] {1}), Keys.wrap(new byte[] {2})));
        env.close();
        assertThatThrownBy(() -> open(dir))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining(dir.toAbsolutePath().toString())
            .hasMessageContaining("another application");
    }

    @Test void aLogDamagedNearItsEndIsRefusedAndPutBackAsItWas() throws Exception {
        Path dir = filledStore("tail-damage");
        Path log = onlyLogFile(dir);
        byte[] bytes = Files.readAllBytes(log);
        for (int i = bytes.length / 2; i < bytes.length; i++) {
            bytes[i] ^= 0x5a;
        }
        Files.write(log, bytes);

        assertThatThrownBy(() -> open(dir))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining(dir.toAbsolutePath().toString())
            .hasMessageContaining("damaged");
        assertThat(Files.readAllBytes(log)).isEqualTo(bytes);
        assertThatThrownBy(() -> open(dir)).isInstanceOf(IllegalStateException.class).hasMessageContaining("damaged");
    }

    @Test void aLogOverwrittenWithGarbageIsRefusedAndNotRewritten() throws Exception {
        Path dir = filledStore("garbage");
        Path log = onlyLogFile(dir);
        byte[] bytes = Files.readAllBytes(log);
        new java.util.Random(7).nextBytes(bytes);
        Files.write(log, bytes);

        assertThatThrownBy(() -> open(dir))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining(dir.toAbsolutePath().toString());
        assertThat(Files.readAllBytes(log)).isEqualTo(bytes);
    }

    private Path filledStore(String name) {
        Path dir = tmp.resolve(name);
        XodusRecordStore s = open(dir);
        for (int i = 0; i < 20; i++) {
            s.putAll(List.of(TestRecords.numbered(3, i, 3, 1_000, 1)));
        }
        s.close();
        return dir;
    }

    private static Path onlyLogFile(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            List<Path> logs = files.filter(f -> f.toString().endsWith(".xd")).toList();
            assertThat(logs).hasSize(1);
            return logs.get(0);
        }
    }

    @Test void aFileIsNotADirectory() throws Exception {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertThatThrownBy(() -> open(file)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is a file");
    }

    @Test void aClosedStoreSaysSo() {
        XodusRecordStore s = open(tmp.resolve("own"));
        s.close();
        s.close();
        assertThatThrownBy(() -> s.put(text(ALICE, 1, "late"))).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> s.syncView().size()).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
}
