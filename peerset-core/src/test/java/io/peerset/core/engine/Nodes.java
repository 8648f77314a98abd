package io.peerset.core.engine;

import io.peerset.api.Peerset;
import io.peerset.api.PeersetConfig;
import io.peerset.api.Room;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/** Test scaffolding: nodes on a private in-memory network, and polling with a deadline. */
final class Nodes implements AutoCloseable {
    final String network = "test-" + UUID.randomUUID();
    private final List<Peerset> nodes = new ArrayList<>();

    PeersetConfig.Builder builder() {
        return Peerset.builder()
            .signaling("memory", URI.create("memory://" + network))
            .handshakeTimeout(Duration.ofSeconds(5))
            .challengeTimeout(Duration.ofSeconds(5))
            .syncInterval(Duration.ofMillis(500))
            .idleTimeout(Duration.ofSeconds(20));
    }

    Peerset node() {
        return node(UnaryOperator.identity());
    }

    Peerset node(UnaryOperator<PeersetConfig.Builder> tweak) {
        Peerset p = tweak.apply(builder()).build();
        nodes.add(p);
        return p;
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting until " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting until " + what);
            }
        }
    }

    static boolean active(Room room, int peers) {
        return room.peers().stream().filter(p -> p.state().equals("ACTIVE")).count() >= peers;
    }

    @Override
    public void close() {
        for (Peerset p : nodes) {
            p.close();
        }
    }
}
