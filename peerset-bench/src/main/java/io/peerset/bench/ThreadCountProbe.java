package io.peerset.bench;

import io.peerset.api.Peerset;
import io.peerset.api.Room;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Threads per node: starts {@code nodes} in-memory Peersets in one JVM (one room each, in-memory
 * signalling, maxPeers 8), waits until every room has {@code minPeers} active peers (or a deadline),
 * and prints the JVM's live thread count. Run after {@code ./mvnw -B -q -pl peerset-bench -am package -DskipTests}:
 * {@code java -Xmx8g -cp peerset-bench/target/peerset-bench.jar io.peerset.bench.ThreadCountProbe 1000}.
 */
public final class ThreadCountProbe {
    private ThreadCountProbe() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int minPeers = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        long deadline = System.nanoTime() + Duration.ofMinutes(args.length > 2 ? Integer.parseInt(args[2]) : 5).toNanos();
        int before = ManagementFactory.getThreadMXBean().getThreadCount();
        List<Peerset> nodes = new ArrayList<>();
        List<Room> rooms = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Peerset p = Peerset.builder().signaling("memory", URI.create("memory://threads")).maxPeers(8).build();
            nodes.add(p);
            rooms.add(p.join("probe", "threads"));
        }
        int connected = 0;
        while (System.nanoTime() < deadline) {
            connected = (int) rooms.stream()
                .filter(r -> r.peers().stream().filter(x -> x.state().equals("ACTIVE")).count() >= minPeers).count();
            if (connected == n) {
                break;
            }
            Thread.sleep(1000);
        }
        long peers = rooms.stream().mapToLong(r -> r.peers().size()).sum();
        int threads = ManagementFactory.getThreadMXBean().getThreadCount();
        System.out.printf("nodes %d, rooms with >= %d active peers %d, sessions %d, threads %d (before %d, %.1f per node), %.0f s%n",
            n, minPeers, connected, peers, threads, before, (threads - before) / (double) n, (System.nanoTime() - t0) / 1e9);
        for (Peerset p : nodes) {
            p.close();
        }
        System.exit(0);
    }
}
