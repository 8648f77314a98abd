package io.peerset.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.Draft;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PeersetSwarmDurableStoreTest {

    @Test
    void eachNodeStoresInItsOwnTemporaryFolderDeletedOnClose() throws Exception {
        Path dir;
        try (PeersetSwarm swarm = PeersetSwarm.builder().peers(2).store("xodus").build()) {
            swarm.start();
            dir = swarm.directory();
            swarm.room(0).put(Draft.text("durable")).get();
            swarm.room(1).put(Draft.text("also durable")).get();
            swarm.awaitConverged(Duration.ofSeconds(60));
            for (int i = 0; i < 2; i++) {
                assertThat(swarm.node(i).config().storeLocation()).isEqualTo(dir.resolve("node-" + i).toString());
                try (Stream<Path> files = Files.list(dir.resolve("node-" + i))) {
                    assertThat(files).as("node %d wrote its store", i).isNotEmpty();
                }
            }
        }
        assertThat(Files.exists(dir)).isFalse();
    }
}
