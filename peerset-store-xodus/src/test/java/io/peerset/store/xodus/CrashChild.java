package io.peerset.store.xodus;

import io.peerset.api.SignedRecord;
import io.peerset.api.spi.PutOutcome;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Child JVM of {@link XodusCrashTest}: opens the store, prints {@code READY}, then
 * ingests records from several threads (single puts and batches) and prints
 * {@code ACK <id>} for every record whose put has returned. The parent kills it with
 * SIGKILL at a random point.
 *
 * <p>Arguments: directory, seed, number of records, number of threads.
 */
public final class CrashChild {
    private CrashChild() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        int count = Integer.parseInt(args[2]);
        int threads = Integer.parseInt(args[3]);
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, StandardCharsets.US_ASCII);
        XodusRecordStore store = XodusRecordStore.open(dir, XodusStoreOptions.defaults());
        out.println("READY");
        out.flush();
        AtomicInteger next = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Random rnd = new Random(seed * 31 + t);
            Thread w = new Thread(() -> {
                while (true) {
                    int size = rnd.nextInt(4) == 0 ? 1 : 1 + rnd.nextInt(300);
                    int from = next.getAndAdd(size);
                    if (from >= count) {
                        return;
                    }
                    List<SignedRecord> batch = new ArrayList<>();
                    for (int i = from; i < Math.min(count, from + size); i++) {
                        batch.add(record(seed, i));
                    }
                    List<PutOutcome> outcomes = batch.size() == 1 ? List.of(store.put(batch.get(0))) : store.putAll(batch);
                    StringBuilder sb = new StringBuilder(batch.size() * 70);
                    for (int i = 0; i < batch.size(); i++) {
                        if (outcomes.get(i).isNew() || outcomes.get(i) == PutOutcome.DUPLICATE) {
                            sb.append("ACK ").append(batch.get(i).id()).append('\n');
                        }
                    }
                    synchronized (out) {
                        out.print(sb);
                        out.flush();
                    }
                }
            });
            w.start();
            workers.add(w);
        }
        for (Thread w : workers) {
            w.join();
        }
        store.close();
        out.println("DONE");
        out.flush();
    }

    /** SignedRecord {@code i} of round {@code seed}: mostly text, some addressable with their own d. */
    static SignedRecord record(long seed, int i) {
        String author = TestRecords.author((int) (i % 17));
        long ts = 1_700_000_000L + seed * 100_000 + i / 8; // bursts of eight per second
        if (i % 10 == 0) {
            return TestRecords.record(author, ts, 30000, List.of(List.of("d", seed + "-" + i)), "addressable " + i);
        }
        return TestRecords.record(author, ts, 1, List.of(List.of("t", "crash")), "round " + seed + " record " + i);
    }
}
