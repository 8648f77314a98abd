package io.peerset.store.xodus;

import io.peerset.api.Hex;
import io.peerset.api.Query;
import io.peerset.api.SignedRecord;
import io.peerset.api.spi.Bound;
import io.peerset.api.spi.RecordStore;
import io.peerset.api.spi.SyncView;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import jetbrains.exodus.ArrayByteIterable;
import jetbrains.exodus.ByteIterable;
import jetbrains.exodus.env.Cursor;
import jetbrains.exodus.env.Environment;
import jetbrains.exodus.env.EnvironmentConfig;
import jetbrains.exodus.env.Environments;
import jetbrains.exodus.env.Store;
import jetbrains.exodus.env.StoreConfig;

/**
 * One-shot benchmark of the Xodus store beside raw Xodus doing the same key/value
 * writes in the same run.
 *
 * <p><b>Raw Xodus</b> = one Xodus store {@code id(32) → the record's NIP-01 JSON}, the
 * same environment settings as the peerset store (durable commits, 32 MiB log cache, the
 * same Patricia store type, which was faster than Xodus' B+tree for these writes), the
 * same batches (one transaction per batch of {@value #BATCH}), JSON encoding inside the
 * timed part just as the store's own encoding is. Phases alternate batch by batch
 * between the two (store first on even batches, raw first on odd ones), so both see the
 * same machine load; record generation is outside the timings.
 *
 * <pre>
 * java -Xmx256m -cp … io.peerset.store.xodus.XodusBench xodus N DIR   # store vs raw Xodus, restart, heap
 * java -Xmx4g   -cp … io.peerset.store.xodus.XodusBench memory N      # heap of the in-memory store
 * </pre>
 * With {@code -Dbench.putOnly=true} the {@code xodus} mode stops after the writes.
 * Not a JMH benchmark: each phase runs once over N records, so figures are rough.
 */
public final class XodusBench {
    static final int BATCH = 1_000;
    static final long T0 = 1_750_000_000L;
    /** Seconds the records of a run spread over: 90 days. */
    static final long SPAN = 7_776_000L;

    private XodusBench() {}

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int n = Integer.parseInt(args[1]);
        if (mode.equals("memory")) {
            memory(n);
        } else {
            xodus(n, Path.of(args[2]));
        }
    }

    /** SignedRecord {@code i} of the benchmark stream: kind 1, tags t and g, ~90 characters, 1 000 authors, 90 days. */
    static SignedRecord record(int i) {
        String pubkey = hex(sha("author-" + (i % 1000)));
        long ts = T0 + (long) i * SPAN / 1_000_000;
        List<List<String>> tags = List.of(List.of("t", "bench"), List.of("g", "u33d" + (i % 97)));
        String content = "benchmark record number " + i + " with some text to make it about the size of a short post.";
        byte[] canonical = SignedRecord.canonicalBytes(pubkey, ts, 1, tags, content);
        return SignedRecord.of(hex(sha(canonical)), pubkey, ts, 1, tags, content, "7".repeat(128));
    }

    static List<SignedRecord> batch(int from, int n) {
        List<SignedRecord> out = new ArrayList<>(BATCH);
        for (int i = from; i < Math.min(n, from + BATCH); i++) {
            out.add(record(i));
        }
        return out;
    }

    /** Environment settings of raw Xodus: the store's own. */
    static Environment rawEnvironment(Path dir) {
        EnvironmentConfig cfg = new EnvironmentConfig().setLogDurableWrite(true).setMemoryUsage(32L << 20)
            .setManagementEnabled(false).setLogCacheShared(false);
        return Environments.newInstance(dir.toFile(), cfg);
    }

    private static void xodus(int n, Path dir) throws Exception {
        deleteTree(dir);
        Path storeDir = dir.resolve("store");
        Path rawDir = dir.resolve("raw");
        System.out.printf("load average at start %.1f%n", load());

        // ---- writes, alternating batch by batch
        long storeNanos = 0;
        long rawNanos = 0;
        long storeCpu = 0;
        long rawCpu = 0;
        long storeThreadCpu = 0;
        long rawThreadCpu = 0;
        Environment env = rawEnvironment(rawDir);
        Store raw = env.computeInTransaction(txn -> env.openStore("records", StoreConfig.WITHOUT_DUPLICATES_WITH_PREFIXING, txn));
        XodusRecordStore s = XodusRecordStore.open(storeDir, XodusStoreOptions.defaults());
        long commitsBefore = s.commits();
        for (int from = 0, b = 0; from < n; from += BATCH, b++) {
            List<SignedRecord> recs = batch(from, n);
            for (int turn = 0; turn < 2; turn++) {
                boolean storeTurn = (turn == 0) == (b % 2 == 0);
                long cpu = cpu();
                long threadCpu = threadCpu(s);
                long t = System.nanoTime();
                if (storeTurn) {
                    s.putAll(recs);
                    storeNanos += System.nanoTime() - t;
                    storeCpu += cpu() - cpu;
                    storeThreadCpu += threadCpu(s) - threadCpu;
                } else {
                    env.executeInTransaction(txn -> {
                        for (SignedRecord r : recs) {
                            raw.put(txn, new ArrayByteIterable(r.idBytes()),
                                new ArrayByteIterable(r.toJson().getBytes(StandardCharsets.UTF_8)));
                        }
                    });
                    rawNanos += System.nanoTime() - t;
                    rawCpu += cpu() - cpu;
                    rawThreadCpu += threadCpu(s) - threadCpu;
                }
            }
        }
        long storeCommits = s.commits() - commitsBefore;
        if (Boolean.getBoolean("bench.putOnly")) { // quick comparisons while working on the write path
            System.out.printf("put store %,.0f rec/s   raw Xodus %,.0f rec/s   ratio %.0f%%   CPU per record store %.1f us   raw %.1f us   ratio %.0f%%%n",
                n / (storeNanos / 1e9), n / (rawNanos / 1e9), 100.0 * rawNanos / storeNanos,
                storeThreadCpu / 1e3 / n, rawThreadCpu / 1e3 / n, 100.0 * rawThreadCpu / storeThreadCpu);
            s.close();
            env.close();
            return;
        }
        s.close();
        env.close();
        double storePut = n / (storeNanos / 1e9);
        double rawPut = n / (rawNanos / 1e9);
        System.out.printf("load average after writes %.1f%n", load());

        // ---- restart
        System.gc();
        long t = System.nanoTime();
        s = XodusRecordStore.open(storeDir, XodusStoreOptions.defaults());
        double openMs = secs(t) * 1000;
        t = System.nanoTime();
        byte[] fp = s.syncView().fingerprint(Bound.MIN, Bound.MAX);
        double firstFpMs = secs(t) * 1000;
        Environment env2 = rawEnvironment(rawDir);
        Store raw2 = env2.computeInTransaction(txn -> env2.openStore("records", StoreConfig.USE_EXISTING, txn));

        // ---- random gets (cold caches after the restart), alternating in chunks
        int gets = Math.min(n, 100_000);
        Random rnd = new Random(1);
        String[] pickIds = new String[gets];
        for (int i = 0; i < gets; i++) {
            pickIds[i] = record(rnd.nextInt(n)).id();
        }
        long storeGetNanos = 0;
        long rawGetNanos = 0;
        for (int from = 0; from < gets; from += BATCH) {
            int end = Math.min(gets, from + BATCH);
            t = System.nanoTime();
            for (int i = from; i < end; i++) {
                if (s.get(pickIds[i]).isEmpty()) {
                    throw new IllegalStateException("store get missed");
                }
            }
            storeGetNanos += System.nanoTime() - t;
            int f = from;
            t = System.nanoTime();
            env2.executeInReadonlyTransaction(txn -> {
                for (int i = f; i < end; i++) {
                    ByteIterable v = raw2.get(txn, new ArrayByteIterable(Hex.decode(pickIds[i])));
                    if (v == null) {
                        throw new IllegalStateException("raw get missed");
                    }
                    SignedRecord.fromJson(new String(v.getBytesUnsafe(), 0, v.getLength(), StandardCharsets.UTF_8));
                }
            });
            rawGetNanos += System.nanoTime() - t;
        }
        double storeGet = gets / (storeGetNanos / 1e9);
        double rawGet = gets / (rawGetNanos / 1e9);

        // ---- range scans: the store by time range (newest first); raw Xodus can only scan everything, by id
        t = System.nanoTime();
        int queries = 200;
        long got = 0;
        for (int i = 0; i < queries; i++) {
            long since = T0 + rnd.nextInt((int) (SPAN * n / 1_000_000) + 1);
            got += s.query(Query.builder().since(since).until(since + SPAN / 1_000).limit(1_000).build()).size();
        }
        double queryRecords = got / secs(t);
        t = System.nanoTime();
        long tagGot = 0;
        for (int i = 0; i < queries; i++) {
            tagGot += s.query(Query.builder().tag("g", "u33d" + rnd.nextInt(97)).limit(1_000).build()).size();
        }
        double tagRecords = tagGot / secs(t);
        t = System.nanoTime();
        long[] scanned = {0};
        s.syncView().forEach(Bound.MIN, Bound.MAX, (ts, id) -> {
            scanned[0]++;
            return true;
        });
        double storeItemScan = scanned[0] / secs(t);
        t = System.nanoTime();
        long rawScanned = env2.computeInReadonlyTransaction(txn -> {
            long c = 0;
            try (Cursor cur = raw2.openCursor(txn)) {
                while (cur.getNext()) {
                    ByteIterable v = cur.getValue();
                    SignedRecord.fromJson(new String(v.getBytesUnsafe(), 0, v.getLength(), StandardCharsets.UTF_8));
                    c++;
                }
            }
            return c;
        });
        double rawScan = rawScanned / secs(t);
        env2.close();

        SyncView v = s.syncView();
        t = System.nanoTime();
        int fps = 20_000;
        long spanNow = SPAN * n / 1_000_000 + 1;
        for (int i = 0; i < fps; i++) {
            long a = T0 + (long) (rnd.nextDouble() * spanNow);
            long b = a + rnd.nextInt(100_000);
            v.fingerprint(Bound.of(a, new byte[0]), Bound.of(b, new byte[0]));
        }
        double fpRate = fps / secs(t);
        t = System.nanoTime();
        for (int i = 0; i < fps; i++) {
            v.nth(Bound.of(T0 + (long) (rnd.nextDouble() * spanNow), new byte[0]), rnd.nextInt(1000));
        }
        double nthRate = fps / secs(t);
        long heap = usedHeap();

        System.out.printf("records                      %,d%n", n);
        System.out.printf("put (batches of %d, durable) store %,.0f rec/s   raw Xodus %,.0f rec/s   ratio %.0f%%  (%d store commits)%n",
            BATCH, storePut, rawPut, 100 * storePut / rawPut, storeCommits);
        System.out.printf("put, CPU per record: working threads store %.1f us   raw Xodus %.1f us   ratio %.0f%%;"
                + "  whole process (GC, Xodus cleaner too) store %.1f us   raw Xodus %.1f us%n",
            storeThreadCpu / 1e3 / n, rawThreadCpu / 1e3 / n, 100.0 * rawThreadCpu / storeThreadCpu,
            storeCpu / 1e3 / n, rawCpu / 1e3 / n);
        System.out.printf("get by id (random, %,d)     store %,.0f /s       raw Xodus %,.0f /s (incl. JSON parse)   ratio %.0f%%%n",
            gets, storeGet, rawGet, 100 * storeGet / rawGet);
        System.out.printf("time-range query (limit 1000) %,.0f records/s;  tag query g=… (limit 1000) %,.0f records/s%n",
            queryRecords, tagRecords);
        System.out.printf("full scan                    store items (time order) %,.0f /s   raw Xodus records (id order, JSON parse) %,.0f /s%n",
            storeItemScan, rawScan);
        System.out.printf("fingerprint of random range  %,.0f /s   nth %,.0f /s%n", fpRate, nthRate);
        System.out.printf("on disk                      store %,d MB   raw Xodus %,d MB%n", du(storeDir) >> 20, du(rawDir) >> 20);
        System.out.printf("reopen                       %.0f ms, first full fingerprint %.1f ms (%s)%n", openMs, firstFpMs, hex(fp).substring(0, 8));
        System.out.printf("heap used with the store open (after GC) %,d MB (max heap %,d MB)%n",
            heap >> 20, Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf("load average at the end %.1f%n", load());
        s.close();
    }

    private static void memory(int n) throws Exception {
        RecordStore s = java.util.ServiceLoader.load(io.peerset.api.spi.RecordStoreProvider.class).stream()
            .map(java.util.ServiceLoader.Provider::get).filter(p -> p.name().equals("memory")).findFirst()
            .orElseThrow(() -> new IllegalStateException("no memory store provider on the classpath"))
            .open("", java.util.Map.of());
        long before = usedHeap();
        for (int i = 0; i < n; i += BATCH) {
            s.putAll(batch(i, n));
        }
        long after = usedHeap();
        System.out.printf("memory store: %,d records, heap used %,d MB (%,d MB above the empty JVM)%n",
            s.size(), after >> 20, (after - before) >> 20);
        s.close();
    }

    static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** CPU time of the calling thread plus the store's writer thread. */
    private static long threadCpu(XodusRecordStore s) {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        return mx.getCurrentThreadCpuTime() + mx.getThreadCpuTime(s.writerThreadId());
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static double secs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    static long du(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    private static byte[] sha(String s) {
        return sha(s.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] sha(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] b) {
        return Hex.encode(b);
    }
}
