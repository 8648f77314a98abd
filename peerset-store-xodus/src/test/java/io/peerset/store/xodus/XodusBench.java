package io.peerset.store.xodus;

import io.peerset.api.Hex;
import io.peerset.api.Query;
import io.peerset.api.Record;
import io.peerset.api.spi.Bound;
import io.peerset.api.spi.RecordStore;
import io.peerset.api.spi.SyncView;
import java.io.IOException;
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
 * writes (id → encoded record, same batches, same durability) in the same run.
 *
 * <pre>
 * java -Xmx256m -cp … io.peerset.store.xodus.XodusBench xodus N DIR   # store vs raw Xodus, restart, heap
 * java -Xmx4g   -cp … io.peerset.store.xodus.XodusBench memory N       # heap of the in-memory store
 * </pre>
 * Not a JMH benchmark: each phase runs once over N records, so figures are rough.
 */
public final class XodusBench {
    private static final int BATCH = 1_000;
    private static final long T0 = 1_750_000_000L;

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

    static Record record(int i) {
        String pubkey = hex(sha("author-" + (i % 1000)));
        long ts = T0 + (long) i * 7_776_000 / 1_000_000; // a million records over 90 days
        List<List<String>> tags = List.of(List.of("t", "bench"), List.of("g", "u33d" + (i % 97)));
        String content = "benchmark record number " + i + " with some text to make it about the size of a short post.";
        byte[] canonical = Record.canonicalBytes(pubkey, ts, 1, tags, content);
        return Record.of(hex(sha(canonical)), pubkey, ts, 1, tags, content, "7".repeat(128));
    }

    private static void xodus(int n, Path dir) throws Exception {
        deleteTree(dir);
        Path storeDir = dir.resolve("store");
        Path rawDir = dir.resolve("raw");

        // ---- writes: the store, then raw Xodus, same records and batches
        long t = System.nanoTime();
        try (XodusRecordStore s = XodusRecordStore.open(storeDir, XodusStoreOptions.defaults())) {
            List<Record> batch = new ArrayList<>(BATCH);
            for (int i = 0; i < n; i++) {
                batch.add(record(i));
                if (batch.size() == BATCH) {
                    s.putAll(batch);
                    batch.clear();
                }
            }
            s.putAll(batch);
        }
        double storePut = n / secs(t);
        EnvironmentConfig cfg = new EnvironmentConfig().setLogDurableWrite(true).setMemoryUsage(32L << 20)
            .setManagementEnabled(false).setLogCacheShared(false);
        t = System.nanoTime();
        Environment env = Environments.newInstance(rawDir.toFile(), cfg);
        Store raw = env.computeInTransaction(txn -> env.openStore("records", StoreConfig.WITHOUT_DUPLICATES, txn));
        for (int i = 0; i < n; i += BATCH) {
            int from = i;
            env.executeInTransaction(txn -> {
                for (int j = from; j < Math.min(n, from + BATCH); j++) {
                    Record r = record(j);
                    raw.put(txn, new ArrayByteIterable(r.idBytes()), new ArrayByteIterable(RecordCodec.encode(r)));
                }
            });
        }
        double rawPut = n / secs(t);

        // ---- random gets
        int gets = Math.min(n, 100_000);
        Random rnd = new Random(1);
        int[] picks = new int[gets];
        String[] pickIds = new String[gets];
        for (int i = 0; i < gets; i++) {
            picks[i] = rnd.nextInt(n);
            pickIds[i] = record(picks[i]).id();
        }
        t = System.nanoTime();
        env.executeInReadonlyTransaction(txn -> {
            for (int i = 0; i < gets; i++) {
                if (raw.get(txn, new ArrayByteIterable(Hex.decode(pickIds[i]))) == null) {
                    throw new IllegalStateException("raw get missed");
                }
            }
        });
        double rawGet = gets / secs(t);
        t = System.nanoTime();
        long rawScanned = env.computeInReadonlyTransaction(txn -> {
            long c = 0;
            try (Cursor cur = raw.openCursor(txn)) {
                while (cur.getNext()) {
                    ByteIterable v = cur.getValue();
                    c += v.getLength() > 0 ? 1 : 0;
                }
            }
            return c;
        });
        double rawScan = rawScanned / secs(t);
        env.close();

        // ---- restart: open, first fingerprint, reads, heap
        System.gc();
        t = System.nanoTime();
        XodusRecordStore s = XodusRecordStore.open(storeDir, XodusStoreOptions.defaults());
        double openMs = secs(t) * 1000;
        t = System.nanoTime();
        byte[] fp = s.syncView().fingerprint(Bound.MIN, Bound.MAX);
        double firstFpMs = secs(t) * 1000;
        t = System.nanoTime();
        for (int i = 0; i < gets; i++) {
            if (s.get(pickIds[i]).isEmpty()) {
                throw new IllegalStateException("store get missed");
            }
        }
        double storeGet = gets / secs(t);
        t = System.nanoTime();
        long[] scanned = {0};
        s.syncView().forEach(Bound.MIN, Bound.MAX, (ts, id) -> {
            scanned[0]++;
            return true;
        });
        double storeItemScan = scanned[0] / secs(t);
        t = System.nanoTime();
        int queries = 200;
        long got = 0;
        for (int i = 0; i < queries; i++) {
            long since = T0 + rnd.nextInt(7_776_000 - 100_000);
            got += s.query(Query.builder().since(since).until(since + 7_776).limit(1_000).build()).size();
        }
        double queryRecords = got / secs(t);
        SyncView v = s.syncView();
        t = System.nanoTime();
        int fps = 20_000;
        for (int i = 0; i < fps; i++) {
            long a = T0 + rnd.nextInt(7_776_000);
            long b = a + rnd.nextInt(100_000);
            v.fingerprint(Bound.of(a, new byte[0]), Bound.of(b, new byte[0]));
        }
        double fpRate = fps / secs(t);
        t = System.nanoTime();
        for (int i = 0; i < fps; i++) {
            v.nth(Bound.of(T0 + rnd.nextInt(7_776_000), new byte[0]), rnd.nextInt(1000));
        }
        double nthRate = fps / secs(t);
        long heap = usedHeap();

        System.out.printf("records                      %,d%n", n);
        System.out.printf("put (batches of %d, durable) store %,.0f rec/s   raw Xodus %,.0f rec/s   ratio %.0f%%%n",
            BATCH, storePut, rawPut, 100 * storePut / rawPut);
        System.out.printf("get by id (random, %,d)     store %,.0f /s       raw Xodus %,.0f /s   ratio %.0f%%%n",
            gets, storeGet, rawGet, 100 * storeGet / rawGet);
        System.out.printf("full scan                    store items %,.0f /s  raw Xodus records %,.0f /s%n", storeItemScan, rawScan);
        System.out.printf("time-range query (limit 1000) %,.0f records/s%n", queryRecords);
        System.out.printf("fingerprint of random range  %,.0f /s   nth %,.0f /s%n", fpRate, nthRate);
        System.out.printf("on disk                      store %,d MB   raw Xodus %,d MB%n", du(storeDir) >> 20, du(rawDir) >> 20);
        System.out.printf("reopen                       %.0f ms, first full fingerprint %.1f ms (%s)%n", openMs, firstFpMs, hex(fp).substring(0, 8));
        System.out.printf("heap used with the store open (after GC) %,d MB (max heap %,d MB)%n",
            heap >> 20, Runtime.getRuntime().maxMemory() >> 20);
        s.close();
    }

    private static void memory(int n) throws Exception {
        RecordStore s = java.util.ServiceLoader.load(io.peerset.api.spi.RecordStoreProvider.class).stream()
            .map(java.util.ServiceLoader.Provider::get).filter(p -> p.name().equals("memory")).findFirst()
            .orElseThrow(() -> new IllegalStateException("no memory store provider on the classpath"))
            .open("", java.util.Map.of());
        long before = usedHeap();
        List<Record> batch = new ArrayList<>(BATCH);
        for (int i = 0; i < n; i++) {
            batch.add(record(i));
            if (batch.size() == BATCH) {
                s.putAll(batch);
                batch.clear();
            }
        }
        s.putAll(batch);
        long after = usedHeap();
        System.out.printf("memory store: %,d records, heap used %,d MB (%,d MB above the empty JVM)%n",
            s.size(), after >> 20, (after - before) >> 20);
        s.close();
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static double secs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static long du(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
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

    private static String hex(byte[] b) {
        return Hex.encode(b);
    }
}
