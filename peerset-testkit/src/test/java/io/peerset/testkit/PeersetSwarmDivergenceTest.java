package io.peerset.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerset.api.Draft;
import io.peerset.api.Moderation;
import io.peerset.api.SignedRecord;
import io.peerset.api.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PeersetSwarmDivergenceTest {

    @Test
    void awaitConvergedNamesThePeerThatLacksRecordsAndWhichOnes() throws Exception {
        // peer 2 refuses every record that comes from another peer: its own reach the others, theirs never reach it
        try (PeersetSwarm swarm = PeersetSwarm.builder().peers(3)
                .configure((i, b) -> {
                    if (i == 2) {
                        b.moderation(Moderation.of((record, context) ->
                                context.local() ? Verdict.accept() : Verdict.reject("deaf to its peers")));
                    }
                })
                .build()) {
            swarm.start();
            SignedRecord fromZero = swarm.room(0).put(Draft.text("only 0 and 1 will hold this")).get();
            SignedRecord fromTwo = swarm.room(2).put(Draft.text("everyone will hold this")).get();
            // peers 0 and 1 do converge on both records: the failure below is about peer 2 alone
            assertThat(Ports.poll(Duration.ofSeconds(60),
                    () -> swarm.room(0).size() == 2 && swarm.room(1).size() == 2, () -> false))
                    .as("peers 0 and 1 hold both records").isTrue();
            assertThat(swarm.room(1).get(fromTwo.id()).get()).isPresent();

            assertThatThrownBy(() -> swarm.awaitConverged(Duration.ofSeconds(2)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("did not converge within PT2S")
                    .hasMessageContaining("peer 2 (" + swarm.node(2).identity().npub().substring(0, 16))
                    .hasMessageContaining("lacks 1 of 2 records: " + fromZero.id().substring(0, 16))
                    .hasMessageContaining("records per peer: peer 0 = 2, peer 1 = 2, peer 2 = 1")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("peer 0 (").doesNotContain("peer 1 ("));
        }
    }

    @Test
    void closingDeletesTheFolderAndTheSwarmStartsAgainOnItsReleasedNetwork() {
        PeersetSwarm swarm = PeersetSwarm.builder().peers(2).build();
        swarm.start();
        Path dir = swarm.directory();
        assertThat(dir).isDirectory();
        java.net.URI network = swarm.node(0).config().signaling().get(0).urls().get(0);
        swarm.close();
        assertThat(Files.exists(dir)).isFalse();
        assertThatThrownBy(() -> swarm.room(0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not running");
        swarm.start();
        try {
            // the released in-memory network is reused, and none of the closed nodes lingers in it
            assertThat(swarm.node(0).config().signaling().get(0).urls()).containsExactly(network);
            assertThat(swarm.room(1).peers()).hasSize(1);
            assertThat(swarm.room(0).peers()).hasSize(1);
        } finally {
            swarm.close();
        }
    }

    @Test
    void builderNamesTheBadOption() {
        assertThatThrownBy(() -> PeersetSwarm.builder().peers(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("peers must be between 1 and 64; got 0");
        assertThatThrownBy(() -> PeersetSwarm.builder().room("app", " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("roomId must not be empty");
    }
}
