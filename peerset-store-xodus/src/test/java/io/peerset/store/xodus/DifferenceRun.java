package io.peerset.store.xodus;

import io.peerset.api.Hex;
import io.peerset.api.SignedRecord;
import io.peerset.api.spi.Bound;
import io.peerset.core.sync.Negentropy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Two stores that differ by a known set of records, closed, reopened and reconciled with
 * Negentropy over their persisted sums. Store A holds {@code n} records; B is a copy of A
 * (files copied while A is closed) missing {@code d/2} of them and holding {@code d - d/2}
 * others. Used by {@link XodusReconciliationTest} (scaled down) and {@link XodusSyncBench}.
 * A store already in {@code dir/a} (the first {@code n} records of {@link XodusBench#record},
 * as {@code XodusBench} leaves them) is used as it is rather than built again.
 */
final class DifferenceRun {
    /** What one run measured. */
    record Result(int n, int d, Set<String> onlyA, Set<String> onlyB, Set<String> have, Set<String> need,
                  long bytes, int rounds, double buildSeconds, double openMillisA, double openMillisB,
                  double firstFingerprintMillis, double reconcileMillis) {
        /** Bytes the differing ids alone take: the least any protocol must move. */
        long differenceIdBytes() {
            return (long) d * Negentropy.ID_SIZE;
        }
    }

    private DifferenceRun() {}

    static Result run(Path dir, int n, int d, Consumer<String> progress) throws IOException {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        long t = System.nanoTime();
        boolean prebuilt = Files.isDirectory(a);
        try (XodusRecordStore sa = XodusRecordStore.open(a, XodusStoreOptions.defaults())) {
            if (prebuilt && sa.size() != n) {
                throw new IllegalStateException(a + " holds " + sa.size() + " records, not " + n + ": remove it to build it afresh");
            }
            int toBuild = prebuilt ? 0 : n;
            for (int from = 0; from < toBuild; from += XodusBench.BATCH) {
                sa.putAll(XodusBench.batch(from, n));
                if (progress != null && (from / XodusBench.BATCH) % 100 == 99) {
                    progress.accept("built " + (from + XodusBench.BATCH) + " records of " + n);
                }
            }
        }
        copyTree(a, b);
        Set<String> onlyA = new HashSet<>();
        Set<String> onlyB = new HashSet<>();
        Random rnd = new Random(n * 31L + d);
        try (XodusRecordStore sb = XodusRecordStore.open(b, XodusStoreOptions.defaults())) {
            while (onlyA.size() < d / 2) {
                String id = XodusBench.record(rnd.nextInt(n)).id();
                if (onlyA.add(id) && !sb.delete(id)) {
                    throw new IllegalStateException("record " + id + " should be in the copy");
                }
            }
            List<SignedRecord> extra = new ArrayList<>();
            for (int i = 0; i < d - d / 2; i++) {
                SignedRecord r = XodusBench.record(n + 1 + i * 7); // new records spread beyond A's newest
                extra.add(r);
                onlyB.add(r.id());
            }
            sb.putAll(extra);
        }
        double build = (System.nanoTime() - t) / 1e9;

        t = System.nanoTime();
        XodusRecordStore sa = XodusRecordStore.open(a, XodusStoreOptions.defaults());
        double openA = (System.nanoTime() - t) / 1e6;
        t = System.nanoTime();
        XodusRecordStore sb = XodusRecordStore.open(b, XodusStoreOptions.defaults());
        double openB = (System.nanoTime() - t) / 1e6;
        try (sa; sb) {
            t = System.nanoTime();
            sa.syncView().fingerprint(Bound.MIN, Bound.MAX);
            double firstFp = (System.nanoTime() - t) / 1e6;
            t = System.nanoTime();
            Negentropy initiator = Negentropy.builder(sa.syncView()).frameSizeLimit(64 * 1024).build();
            Negentropy responder = Negentropy.builder(sb.syncView()).frameSizeLimit(64 * 1024).build();
            List<byte[]> have = new ArrayList<>();
            List<byte[]> need = new ArrayList<>();
            long bytes = 0;
            int rounds = 0;
            byte[] msg = initiator.initiate();
            try {
                while (msg != null) {
                    if (++rounds > 100) {
                        throw new IllegalStateException("reconciliation did not finish in 100 round trips");
                    }
                    bytes += msg.length;
                    byte[] reply = responder.reconcile(msg);
                    bytes += reply.length;
                    msg = initiator.reconcile(reply, have, need);
                }
            } catch (io.peerset.core.ProtocolViolation e) {
                throw new IllegalStateException("reconciliation failed: " + e.getMessage(), e);
            }
            double reconcile = (System.nanoTime() - t) / 1e6;
            return new Result(n, d, onlyA, onlyB, hex(have), hex(need), bytes, rounds, build, openA, openB, firstFp, reconcile);
        }
    }

    private static Set<String> hex(List<byte[]> ids) {
        Set<String> out = new HashSet<>();
        ids.forEach(id -> out.add(Hex.encode(id)));
        return out;
    }

    /** Copies a closed store's files (not its lock file). */
    private static void copyTree(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> s = Files.list(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (!p.getFileName().toString().equals("xd.lck")) {
                    Files.copy(p, to.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
