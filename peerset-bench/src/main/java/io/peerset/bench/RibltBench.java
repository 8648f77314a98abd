package io.peerset.bench;

import io.peerset.api.Hex;
import io.peerset.core.ProtocolViolation;
import io.peerset.core.sync.Negentropy;
import io.peerset.core.sync.RibltSession;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * riblt1 (rateless IBLT) against Negentropy v1 on the same sets as {@link ReconcileBench}:
 * for n items of which d are missing (alternately at the responder and the initiator),
 * round trips, bytes each way, total against the d x 32 minimum and the goal
 * 2 x d x 32 + 8 KiB, and the CPU time each side spent (dominated by encoding its n
 * items). Every run checks that have/need is exactly the difference.
 *
 * <p>Usage: {@code RibltBench [--n 10000,100000,1000000] [--d 1,100,10000]}.
 */
public final class RibltBench {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private RibltBench() {}

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
        System.out.println("| n | d | protocol | round trips | initiator→responder B | responder→initiator B | total B "
                + "| minimum d×32 B | total / minimum | goal 2·d·32+8192 B | meets goal | symbols "
                + "| initiator CPU ms | responder CPU ms |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (int n : ns) {
            ReconcileBench.Universe u = ReconcileBench.Universe.of(n);
            for (int d : ds) {
                if (d > n) {
                    continue;
                }
                ReconcileBench.Split s = ReconcileBench.Split.of(u, d);
                riblt(u, s);
                negentropy(u, s);
            }
        }
    }

    private static void riblt(ReconcileBench.Universe u, ReconcileBench.Split s) throws ProtocolViolation {
        RibltSession initiator = RibltSession.builder(s.initiatorView).salt(31L * u.n + s.d).build();
        RibltSession responder = RibltSession.builder(s.responderView).build();
        List<byte[]> have = new ArrayList<>();
        List<byte[]> need = new ArrayList<>();
        long up = 0;
        long down = 0;
        int roundTrips = 0;
        long initCpu = 0;
        long respCpu = 0;
        long t = CPU.getCurrentThreadCpuTime();
        byte[] msg = initiator.initiate();
        initCpu += CPU.getCurrentThreadCpuTime() - t;
        while (msg != null) {
            roundTrips++;
            up += msg.length;
            t = CPU.getCurrentThreadCpuTime();
            byte[] reply = responder.reconcile(msg);
            respCpu += CPU.getCurrentThreadCpuTime() - t;
            down += reply.length;
            t = CPU.getCurrentThreadCpuTime();
            msg = initiator.reconcile(reply, have, need);
            initCpu += CPU.getCurrentThreadCpuTime() - t;
        }
        String protocol = "riblt1";
        if (initiator.outcome() != RibltSession.Outcome.RECONCILED) {
            // what a session pays: the sketch's round trips, then Negentropy from scratch
            protocol = "riblt1 gave up (" + initiator.fallbackReason() + ") → neg1";
            long[] neg = negentropyCost(s);
            roundTrips += (int) neg[0];
            up += neg[1];
            down += neg[2];
            initCpu += neg[3];
            respCpu += neg[4];
        } else {
            check("have", have, s.missingAtResponder);
            check("need", need, s.missingAtInitiator);
        }
        print(u.n, s.d, protocol, roundTrips, up, down, initiator.symbols(), initCpu, respCpu);
    }

    private static void negentropy(ReconcileBench.Universe u, ReconcileBench.Split s) throws ProtocolViolation {
        long[] c = negentropyCost(s);
        print(u.n, s.d, "neg1 (1 MiB cap)", (int) c[0], c[1], c[2], -1, c[3], c[4]);
    }

    /** Negentropy between the split's views: round trips, bytes up, bytes down, initiator and responder CPU ns. */
    private static long[] negentropyCost(ReconcileBench.Split s) throws ProtocolViolation {
        Negentropy initiator = Negentropy.of(s.initiatorView);
        Negentropy responder = Negentropy.of(s.responderView);
        List<byte[]> have = new ArrayList<>();
        List<byte[]> need = new ArrayList<>();
        long up = 0;
        long down = 0;
        int roundTrips = 0;
        long initCpu = 0;
        long respCpu = 0;
        long t = CPU.getCurrentThreadCpuTime();
        byte[] msg = initiator.initiate();
        initCpu += CPU.getCurrentThreadCpuTime() - t;
        while (msg != null) {
            roundTrips++;
            up += msg.length;
            t = CPU.getCurrentThreadCpuTime();
            byte[] reply = responder.reconcile(msg);
            respCpu += CPU.getCurrentThreadCpuTime() - t;
            down += reply.length;
            t = CPU.getCurrentThreadCpuTime();
            msg = initiator.reconcile(reply, have, need);
            initCpu += CPU.getCurrentThreadCpuTime() - t;
        }
        check("have", have, s.missingAtResponder);
        check("need", need, s.missingAtInitiator);
        return new long[] {roundTrips, up, down, initCpu, respCpu};
    }

    private static void print(int n, int d, String protocol, int roundTrips, long up, long down, int symbols,
                              long initCpuNs, long respCpuNs) {
        long total = up + down;
        long minimum = 32L * d;
        long goal = 2 * minimum + 8192;
        System.out.println(String.format(Locale.ROOT,
                "| %,d | %,d | %s | %d | %,d | %,d | %,d | %,d | %.2f | %,d | %s | %s | %,d | %,d |",
                n, d, protocol, roundTrips, up, down, total, minimum, (double) total / minimum, goal,
                total <= goal && roundTrips <= 4 ? "yes" : "no", symbols < 0 ? "–" : String.format(Locale.ROOT, "%,d", symbols),
                initCpuNs / 1_000_000, respCpuNs / 1_000_000));
    }

    private static void check(String what, List<byte[]> got, Set<String> expected) {
        Set<String> ids = new HashSet<>();
        for (byte[] id : got) {
            ids.add(Hex.encode(id));
        }
        if (!ids.equals(expected) || got.size() != expected.size()) {
            throw new IllegalStateException(what + " has " + ids.size() + " distinct ids; expected exactly the "
                    + expected.size() + " missing on the other side");
        }
    }

    private static int[] ints(String csv) {
        return Arrays.stream(csv.split(",")).mapToInt(v -> Integer.parseInt(v.trim().replace("_", ""))).toArray();
    }
}
