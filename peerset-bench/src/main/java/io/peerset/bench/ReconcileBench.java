package io.peerset.bench;

import io.peerset.api.Hex;
import io.peerset.api.spi.SyncView;
import io.peerset.core.ProtocolViolation;
import io.peerset.core.sync.Negentropy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Negentropy v1 reconciliation cost: for a universe of n items of which d are missing
 * on one side or the other (alternately at the responder and at the initiator),
 * measures round trips and bytes each way, beside the d x 32 bytes of ids that must
 * cross at the very least and the n x 32 bytes of the seeds' approach (every id
 * shipped). Every run checks that have/need is exactly the difference.
 *
 * <p>Usage: {@code ReconcileBench [--n 10000,100000,1000000] [--d 1,100,10000]}.
 */
public final class ReconcileBench {
    private static final long BASE_TIME = 1_700_000_000L;

    private record Config(String name, int frameSizeLimit, int maxMessageBytes) {}

    private static final List<Config> CONFIGS = List.of(
            new Config("unlimited", 0, 256 << 20),
            new Config("default (1 MiB cap)", 0, Negentropy.DEFAULT_MAX_MESSAGE_BYTES),
            new Config("frame 64 KiB", 64 << 10, Negentropy.DEFAULT_MAX_MESSAGE_BYTES));

    private ReconcileBench() {}

    public static void main(String[] args) throws Exception {
        int[] ns = {10_000, 100_000, 1_000_000};
        int[] ds = {1, 100, 10_000};
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (args[i].equals("--n")) {
                ns = ints(args[i + 1]);
            } else if (args[i].equals("--d")) {
                ds = ints(args[i + 1]);
            } else {
                throw new IllegalArgumentException("unknown option " + args[i] + "; expected --n or --d");
            }
        }
        System.out.println("| n | d | frames | round trips | initiator→responder B | responder→initiator B | total B "
                + "| minimum d×32 B | total / minimum | seeds n×32 B | largest message B | ms |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (int n : ns) {
            Universe u = Universe.of(n);
            for (int d : ds) {
                if (d > n) {
                    continue;
                }
                Split split = Split.of(u, d);
                for (Config c : CONFIGS) {
                    run(u, split, c);
                }
            }
        }
    }

    private static void run(Universe u, Split s, Config c) throws ProtocolViolation {
        Negentropy initiator = Negentropy.builder(s.initiatorView).frameSizeLimit(c.frameSizeLimit)
                .maxMessageBytes(c.maxMessageBytes).build();
        Negentropy responder = Negentropy.builder(s.responderView).frameSizeLimit(c.frameSizeLimit)
                .maxMessageBytes(c.maxMessageBytes).build();
        List<byte[]> have = new ArrayList<>();
        List<byte[]> need = new ArrayList<>();
        long up = 0;
        long down = 0;
        int roundTrips = 0;
        int largest = 0;
        long start = System.nanoTime();
        byte[] msg = initiator.initiate();
        while (msg != null) {
            roundTrips++;
            up += msg.length;
            largest = Math.max(largest, msg.length);
            byte[] reply = responder.reconcile(msg);
            down += reply.length;
            largest = Math.max(largest, reply.length);
            msg = initiator.reconcile(reply, have, need);
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        check("have", have, s.missingAtResponder);
        check("need", need, s.missingAtInitiator);
        long total = up + down;
        long minimum = 32L * s.d;
        System.out.println(String.format(Locale.ROOT, "| %,d | %,d | %s | %d | %,d | %,d | %,d | %,d | %.1f | %,d | %,d | %d |",
                u.n, s.d, c.name, roundTrips, up, down, total, minimum, (double) total / minimum, 32L * u.n, largest, ms));
    }

    private static void check(String what, List<byte[]> got, Set<String> expected) {
        Set<String> ids = new HashSet<>();
        for (byte[] id : got) {
            ids.add(Hex.encode(id));
        }
        if (!ids.equals(expected)) {
            throw new IllegalStateException(what + " has " + ids.size() + " distinct ids; expected exactly the "
                    + expected.size() + " missing on the other side");
        }
    }

    private static int[] ints(String csv) {
        return Arrays.stream(csv.split(",")).mapToInt(v -> Integer.parseInt(v.trim().replace("_", ""))).toArray();
    }

    /** n items in (timestamp, id) order: item i has id SHA-256("peerset-bench-" + i), created_at base + i / 3. */
    static final class Universe {
        final int n;
        final long[] timestamps;
        final byte[][] ids;

        private Universe(int n, long[] timestamps, byte[][] ids) {
            this.n = n;
            this.timestamps = timestamps;
            this.ids = ids;
        }

        static Universe of(int n) throws NoSuchAlgorithmException {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long[] ts = new long[n];
            byte[][] ids = new byte[n][];
            for (int i = 0; i < n; i++) {
                ts[i] = BASE_TIME + i / 3;
                ids[i] = sha.digest(("peerset-bench-" + i).getBytes(StandardCharsets.UTF_8));
            }
            // timestamps already ascend with i; order each group of equal timestamps by id
            for (int g = 0; g < n; g += 3) {
                int end = Math.min(n, g + 3);
                for (int i = g + 1; i < end; i++) {
                    for (int j = i; j > g && Arrays.compareUnsigned(ids[j - 1], ids[j]) > 0; j--) {
                        byte[] t = ids[j];
                        ids[j] = ids[j - 1];
                        ids[j - 1] = t;
                    }
                }
            }
            return new Universe(n, ts, ids);
        }
    }

    /** The two sides: d positions picked at random, alternately missing at the responder and the initiator. */
    static final class Split {
        final int d;
        final SyncView initiatorView;
        final SyncView responderView;
        final Set<String> missingAtInitiator = new HashSet<>();
        final Set<String> missingAtResponder = new HashSet<>();

        private Split(Universe u, int d) {
            this.d = d;
            Random random = new Random(42L * d + u.n);
            byte[] side = new byte[u.n]; // 0 both, 1 initiator lacks, 2 responder lacks
            int picked = 0;
            while (picked < d) {
                int p = random.nextInt(u.n);
                if (side[p] == 0) {
                    side[p] = (byte) (picked % 2 == 0 ? 2 : 1);
                    (side[p] == 1 ? missingAtInitiator : missingAtResponder).add(Hex.encode(u.ids[p]));
                    picked++;
                }
            }
            this.initiatorView = view(u, side, (byte) 1);
            this.responderView = view(u, side, (byte) 2);
        }

        static Split of(Universe u, int d) {
            return new Split(u, d);
        }

        private static SyncView view(Universe u, byte[] side, byte lacking) {
            int count = 0;
            for (byte s : side) {
                if (s != lacking) {
                    count++;
                }
            }
            long[] ts = new long[count];
            byte[][] ids = new byte[count][];
            int k = 0;
            for (int i = 0; i < u.n; i++) {
                if (side[i] != lacking) {
                    ts[k] = u.timestamps[i];
                    ids[k++] = u.ids[i];
                }
            }
            return new PackedSyncView(ts, ids);
        }
    }
}
