package io.peerset.store.xodus;

import io.peerset.api.Draft;
import io.peerset.api.Peerset;
import io.peerset.api.Room;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

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
        Path dir = memory ? null : Path.of(args[0]);
        if (!memory && !Files.exists(dir.resolve("00000000000.xd"))) {
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
            builder.store("xodus", dir.toString());
        }
        try (Peerset node = builder.build(); Room room = node.join("heap-bench", "room-1")) {
            double startMs = XodusBench.secs(t) * 1000;
            room.put(Draft.text("hello from the heap benchmark")).get();
            long size = room.size();
            String fp = room.fingerprint();
            long heap = XodusBench.usedHeap();
            System.out.printf("node on %s: %,d records, started and joined in %.0f ms, fingerprint %s%n",
                memory ? "the in-memory store" : "xodus " + dir, size, startMs, fp.substring(0, Math.min(8, fp.length())));
            System.out.printf("heap used after GC %,d MB (JVM before the node: %,d MB; max heap %,d MB)%n",
                heap >> 20, base >> 20, Runtime.getRuntime().maxMemory() >> 20);
        }
    }
}
