package io.peerset.store.xodus;

import java.nio.file.Path;

/**
 * Restart-and-reconcile benchmark: builds a store of N records and a copy differing by D
 * records, reopens both (timing the opens) and reconciles them with Negentropy.
 *
 * <pre>
 * java -Xmx256m -cp … io.peerset.store.xodus.XodusSyncBench 1000000 100 DIR
 * </pre>
 * A store already in {@code DIR/a} with the same N benchmark records (e.g. the one
 * {@code XodusBench} left, moved there) is reused; {@code DIR/b} is always made afresh.
 */
public final class XodusSyncBench {
    private XodusSyncBench() {}

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        int d = Integer.parseInt(args[1]);
        Path dir = Path.of(args[2]);
        XodusBench.deleteTree(dir.resolve("b"));
        System.out.printf("load average at start %.1f%n", XodusBench.load());
        DifferenceRun.Result r = DifferenceRun.run(dir, n, d, System.out::println);
        boolean exact = r.have().equals(r.onlyA()) && r.need().equals(r.onlyB());
        System.out.printf("records %,d, differences %d (%d only in A, %d only in B)%n", n, d, r.onlyA().size(), r.onlyB().size());
        System.out.printf("build both stores (A by puts, B = copy of A +/- d) %.0f s%n", r.buildSeconds());
        System.out.printf("reopen A %.0f ms, B %.0f ms; first full fingerprint %.1f ms%n", r.openMillisA(), r.openMillisB(),
            r.firstFingerprintMillis());
        System.out.printf("reconciliation: %d round trips, %,d bytes exchanged (d x 32 = %,d bytes of ids; full id list %,d bytes), %.0f ms%n",
            r.rounds(), r.bytes(), r.differenceIdBytes(), (long) n * 32, r.reconcileMillis());
        System.out.printf("have/need exactly the difference: %s (have %d, need %d)%n", exact, r.have().size(), r.need().size());
        System.out.printf("on disk A %,d MB%n", XodusBench.du(dir.resolve("a")) >> 20);
        System.out.printf("load average at the end %.1f%n", XodusBench.load());
        if (!exact) {
            throw new IllegalStateException("reconciliation did not find exactly the difference");
        }
    }
}
