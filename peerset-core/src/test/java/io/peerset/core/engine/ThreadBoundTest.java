package io.peerset.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.Peerset;
import io.peerset.api.Room;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The thread bound documented in docs/ARCHITECTURE.md ("Threads"), for M Peersets with N rooms each
 * on in-memory signalling: per Peerset 1 timer and at most {@code availableProcessors} verifiers; per
 * room its room, ingest and notify threads; per in-memory link end one delivery thread; one thread per
 * memory network.
 */
class ThreadBoundTest {
    private static final int M = 3;
    private static final int N = 2;

    static long bound(int peersets, int roomsEach, int linkEndsPerRoom) {
        int cores = Runtime.getRuntime().availableProcessors();
        return (long) peersets * (1 + cores) + (long) peersets * roomsEach * (3 + linkEndsPerRoom) + 1;
    }

    @Test
    void threadsOfMPeersetsWithNRoomsEachStayWithinTheDocumentedBound() {
        int before = ManagementFactory.getThreadMXBean().getThreadCount();
        try (Nodes nodes = new Nodes()) {
            List<Room> rooms = new ArrayList<>();
            for (int i = 0; i < M; i++) {
                Peerset p = nodes.node();
                for (int r = 0; r < N; r++) {
                    rooms.add(p.join("app", "room-" + r));
                }
            }
            Nodes.await("every room sees the other " + (M - 1) + " Peersets", Duration.ofSeconds(30),
                () -> rooms.stream().allMatch(r -> Nodes.active(r, M - 1)));
            int delta = ManagementFactory.getThreadMXBean().getThreadCount() - before;
            long bound = bound(M, N, M - 1);
            assertThat((long) delta).as("threads started by %d Peersets of %d rooms (bound %d)", M, N, bound)
                .isPositive().isLessThanOrEqualTo(bound);
        }
    }
}
