package io.peerset.store.xodus;

import io.peerset.api.Draft;
import io.peerset.api.Peerset;
import io.peerset.api.Room;
import java.nio.file.Files;
import java.nio.file.Path;
import io.peerset.api.Query;
import java.time.Duration;
import java.util.Random;

/**
 * Heap of a real node whose xodus store holds N records: builds the store first if the
 * directory holds none (through the store, records need no signatures there), then starts
 * a node on it, joins a room, publishes one record through the room and measures the heap
 * used after GC. Run it with the heap limit under test:
 *
 * <pre>
 * java -Xmx256m -cp … io.peerset.store.xodus.XodusNodeHeapBench DIR 1000000
 * java -Xmx256m -cp … io.peerset.store.xodus.XodusNodeHeapBench memory   # the same node on the in-memory store, empty
 * </pre>
 */
public final class XodusNodeHeapBench {
    private XodusNodeHeapBench() {}

    public static void main(String[] args) throws Exception {
        boolean memory = args[0].equals("memory");
        // a node keeps each room's store at BASE/room-<first 16 hex of SHA-256(appId NUL roomId)>
        Path storeBase = memory ? null : Path.of(args[0]);
        Path dir = memory ? null : storeBase.resolve("room-" + io.peerset.api.Hex.encode(java.security.MessageDigest.getInstance("SHA-256")
            .digest("heap-bench\u0000room-1".getBytes(java.nio.charset.StandardCharsets.UTF_8))).substring(0, 16));
        if (!memory && !Files.isDirectory(dir)) {
            int n = Integer.parseInt(args[1]);
            long t = System.nanoTime();
            try (XodusRecordStore s = XodusRecordStore.open(dir, XodusStoreOptions.defaults())) {
                for (int from = 0; from < n; from += XodusBench.BATCH) {
                    s.putAll(XodusBench.batch(from, n));
                }
            }
            System.out.printf("built %,d records in %.0f s%n", n, XodusBench.secs(t));
        }
        long base = XodusBench.usedHeap();
        long t = System.nanoTime();
        var builder = Peerset.builder().retention(Duration.ofDays(36_500)); // the records are from 2025: keep them
        if (!memory) {
            builder.store("xodus", storeBase.toString());
        }
        try (Peerset node = builder.build(); Room room = node.join("heap-bench", "room-1")) {
            double startMs = XodusBench.secs(t) * 1000;
            room.put(Draft.text("hello from the heap benchmark")).get();
            long size = room.size();
            String fp = room.fingerprint();
            long idle = XodusBench.usedHeap();
            // some work, so caches fill: random gets and time-range queries through the room
            int n = (int) Math.min(size - 1, 1_000_000);
            Random rnd = new Random(7);
            t = System.nanoTime();
            int gets = 20_000;
            for (int i = 0; i < gets && n > 0; i++) {
                if (room.get(XodusBench.record(rnd.nextInt(n)).id()).get().isEmpty()) {
                    throw new IllegalStateException("a stored record was not found");
                }
            }
            double getSecs = XodusBench.secs(t);
            long got = 0;
            for (int i = 0; i < 200 && n > 0; i++) {
                long since = XodusBench.T0 + rnd.nextInt((int) (XodusBench.SPAN * n / 1_000_000));
                got += room.query(Query.builder().since(since).until(since + XodusBench.SPAN / 1_000).limit(1_000).build()).get().size();
            }
            long worked = XodusBench.usedHeap();
            System.out.printf("node on %s: %,d records, started and joined in %.0f ms, fingerprint %s%n",
                memory ? "the in-memory store" : "xodus " + dir, size, startMs, fp.substring(0, Math.min(8, fp.length())));
            System.out.printf("heap used after GC: %,d MB right after joining, %,d MB after %,d random gets (%,.0f /s) and 200 queries"
                    + " (%,d records); JVM before the node %,d MB; max heap %,d MB%n",
                idle >> 20, worked >> 20, gets, gets / getSecs, got, base >> 20, Runtime.getRuntime().maxMemory() >> 20);
        }
    }
}
