package io.peerset.bench;

import io.peerset.api.Hex;
import io.peerset.api.SignedRecord;
import io.peerset.core.store.MemoryRecordStore;
import io.peerset.core.store.OrderedIdTree;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Heap cost of the in-memory store per record (docs/BENCHMARKS.md, "In-memory store footprint"): 1M
 * seed-style addressable records (kind 30078 with d, g and ms tags, ~80 characters, 1 000 authors),
 * heap measured as totalMemory - freeMemory after 4 GCs. Args: N [shuffled].
 */
public final class MemoryStoreFootprint {
    static long used() {
        for (int i = 0; i < 4; i++) { System.gc(); try { Thread.sleep(150); } catch (InterruptedException e) {} }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        boolean shuffled = args.length > 1 && args[1].equals("shuffled");
        Random rnd = new Random(1);
        String[] authors = new String[1000];
        for (int i = 0; i < authors.length; i++) { byte[] b = new byte[32]; rnd.nextBytes(b); authors[i] = Hex.encode(b); }
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        long base = used();
        List<SignedRecord> rs = new ArrayList<>(n);
        long t0 = 1_700_000_000L;
        for (int i = 0; i < n; i++) {
            String pk = new String(authors[rnd.nextInt(authors.length)].toCharArray()); // own copy, as if parsed
            long ts = t0 + i / 10;
            List<List<String>> tags = List.of(List.of("d", Long.toHexString(rnd.nextLong()) + Long.toHexString(rnd.nextLong())),
                List.of("g", "u33dc0"), List.of("ms", Long.toString(ts * 1000 + rnd.nextInt(1000))));
            String content = "record number " + i + " with a short text payload of about eighty characters.....";
            String id = Hex.encode(md.digest(SignedRecord.canonicalBytes(pk, ts, 30078, tags, content)));
            byte[] sig = new byte[64]; rnd.nextBytes(sig);
            rs.add(SignedRecord.of(id, pk, ts, 30078, tags, content, Hex.encode(sig)));
        }
        if (shuffled) Collections.shuffle(rs, rnd);
        long afterRecords = used();

        // bare tree (sums on), same order
        OrderedIdTree tree = new OrderedIdTree();
        long tt = System.nanoTime();
        for (SignedRecord r : rs) tree.add(r.createdAt(), r.idBytes());
        double treeSecs = (System.nanoTime() - tt) / 1e9;
        long afterTree = used();
        long treeBytes = afterTree - afterRecords;
        tree = null;
        used();

        MemoryRecordStore store = new MemoryRecordStore();
        long st = System.nanoTime();
        for (SignedRecord r : rs) store.put(r);
        double storeSecs = (System.nanoTime() - st) / 1e9;
        long afterStore = used();
        long storeBytes = afterStore - afterRecords + 0;
        // the tree was released, so afterStore already excludes it (check)
        System.out.printf("n=%d order=%s%n", n, shuffled ? "shuffled" : "time-ordered");
        System.out.printf("records alone:         %.1f bytes/record%n", (afterRecords - base) / (double) n);
        System.out.printf("OrderedIdTree alone:   %.1f bytes/item, %.0f inserts/s%n", treeBytes / (double) n, n / treeSecs);
        System.out.printf("MemoryRecordStore:     %.1f bytes/record overhead (all indexes), %.0f puts/s%n", storeBytes / (double) n, n / storeSecs);
        System.out.printf("store size %d, sync size %d%n", store.size(), store.syncView().size());
        long qt = System.nanoTime();
        int q = 0;
        for (int i = 0; i < 10000; i++) { q += store.syncView().fingerprint(io.peerset.api.spi.Bound.MIN, io.peerset.api.spi.Bound.of(t0 + i * 10L, new byte[0])).length; }
        System.out.printf("fingerprint of a range: %.1f us%n", (System.nanoTime() - qt) / 1e3 / 10000);
        System.out.println(rs.size() + q);
    }
}
