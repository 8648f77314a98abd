package io.peerset.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.Draft;
import io.peerset.api.Peerset;
import io.peerset.api.Room;
import io.peerset.core.memory.MemoryLink;
import io.peerset.core.memory.MemoryNetwork;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The swarm: 50 in-memory peers, 20 000 records written at random peers,
 * 5 % of link messages lost, peers leaving and rejoining while records flow — and
 * every peer must end with the identical set.
 */
class SwarmTest {
    private static final Logger log = LoggerFactory.getLogger(SwarmTest.class);
    private static final int PEERS = 50;
    private static final int RECORDS = Integer.getInteger("swarm.records", 20_000);
    private static final double LOSS = 0.05;
    private static final int WINDOW = 64;

    @Test
    void fiftyPeersWithLossAndChurnConvergeToTheSameSet() throws Exception {
        try (Nodes nodes = new Nodes()) {
            MemoryNetwork.named(nodes.network)
                .linkOptions(MemoryLink.Options.reliable().withLoss(LOSS))
                .announceInterval(100);
            List<Peerset> peers = new ArrayList<>();
            AtomicReferenceArray<Room> rooms = new AtomicReferenceArray<>(PEERS);
            for (int i = 0; i < PEERS; i++) {
                Peerset p = nodes.node(b -> b.maxPeers(6)
                    .handshakeTimeout(Duration.ofSeconds(2))
                    .challengeTimeout(Duration.ofSeconds(2))
                    .syncInterval(Duration.ofSeconds(1))
                    .idleTimeout(Duration.ofSeconds(10)));
                peers.add(p);
                rooms.set(i, p.join("swarm", "room"));
            }
            long t0 = System.nanoTime();
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicInteger churns = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(3);
            Future<?> churn = pool.submit(() -> {
                Random rnd = new Random(7);
                while (writing.get()) {
                    int i = rnd.nextInt(PEERS);
                    Room r = rooms.getAndSet(i, null);
                    if (r == null) {
                        continue;
                    }
                    r.close();
                    sleepQuietly(200 + rnd.nextInt(300)); // a peer is away for a while, as churn does
                    rooms.set(i, peers.get(i).join("swarm", "room"));
                    churns.incrementAndGet();
                    sleepQuietly(100);
                }
                return null;
            });
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                int seed = w;
                writers.add(pool.submit(() -> {
                    Random rnd = new Random(100 + seed);
                    // writes are pipelined: up to WINDOW puts in flight per writer
                    java.util.ArrayDeque<java.util.concurrent.CompletableFuture<?>> inFlight = new java.util.ArrayDeque<>();
                    for (int n = 0; n < RECORDS / 2; ) {
                        Room r = rooms.get(rnd.nextInt(PEERS));
                        if (r == null) {
                            continue;
                        }
                        String text = "record " + seed + "-" + n;
                        java.util.concurrent.CompletableFuture<?> f = r.put(Draft.text(text));
                        if (f.isCompletedExceptionally()) {
                            continue; // the room closed under us (churn): write at another peer
                        }
                        inFlight.add(f);
                        n++;
                        while (inFlight.size() > WINDOW) {
                            inFlight.poll().get();
                        }
                    }
                    for (java.util.concurrent.CompletableFuture<?> f : inFlight) {
                        f.get();
                    }
                    return null;
                }));
            }
            for (Future<?> f : writers) {
                f.get();
            }
            writing.set(false);
            churn.get();
            pool.shutdown();
            long written = System.nanoTime();
            log.info("swarm: {} records written in {} ms with {} churn events", RECORDS, (written - t0) / 1_000_000, churns.get());

            try {
            Nodes.await("all " + PEERS + " peers hold the same " + RECORDS + " records", Duration.ofSeconds(150), () -> {
                Set<String> prints = new HashSet<>();
                for (int i = 0; i < PEERS; i++) {
                    Room r = rooms.get(i);
                    if (r.size() != RECORDS) {
                        return false;
                    }
                    prints.add(r.fingerprint());
                }
                return prints.size() == 1;
            });
            } catch (AssertionError e) {
                for (int i = 0; i < PEERS; i++) {
                    Room r = rooms.get(i);
                    log.warn("swarm peer {} {}: {} records, fp {}, peers {}", i, r.selfId(), r.size(), r.fingerprint().substring(0, 8),
                        r.peers().stream().map(p -> p.peerId().substring(0, 4) + ":" + p.state() + "/" + p.strikes()).toList());
                }
                throw e;
            }
            log.info("swarm: converged {} ms after the last write ({} ms in all)",
                (System.nanoTime() - written) / 1_000_000, (System.nanoTime() - t0) / 1_000_000);
            long bytesIn = 0;
            for (int i = 0; i < PEERS; i++) {
                bytesIn += rooms.get(i).peers().stream().mapToLong(io.peerset.api.PeerInfo::bytesIn).sum();
            }
            log.info("swarm: {} MB received over the links still open", bytesIn >> 20);
            Set<String> prints = new HashSet<>();
            for (int i = 0; i < PEERS; i++) {
                prints.add(rooms.get(i).fingerprint());
                assertThat(rooms.get(i).size()).isEqualTo(RECORDS);
            }
            assertThat(prints).hasSize(1);
            assertThat(churns.get()).isPositive();
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
