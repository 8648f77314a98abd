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

class PeersetSwarmInMemoryTest {
    /** Generous: a loaded CI machine is slow, and polling returns as soon as the swarm converges. */
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @RegisterExtension
    static PeersetSwarm swarm = PeersetSwarm.builder().peers(3).room("swarm-test", "in-memory").build();

    @Test
    void swarmOfThreeIsConnectedBeforeTheTestStarts() {
        assertThat(swarm.size()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            assertThat(swarm.room(i).appId()).isEqualTo("swarm-test");
            assertThat(swarm.room(i).roomId()).isEqualTo("in-memory");
            assertThat(swarm.room(i).peers()).filteredOn(p -> p.state().equals("ACTIVE")).hasSize(2);
        }
    }

    @Test
    void swarmOfThreeConvergesAfterEachWritesRecords() throws Exception {
        List<SignedRecord> written = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            for (int n = 0; n < 5; n++) {
                written.add(swarm.room(i).put(Draft.text("peer " + i + " record " + n)).get());
            }
        }
        swarm.awaitConverged(DEADLINE);
        for (int i = 0; i < 3; i++) {
            for (SignedRecord r : written) {
                assertThat(swarm.room(i).get(r.id()).get()).as("peer %d holds %s", i, r.id()).isPresent();
            }
        }
    }

    @Test
    void inMemorySwarmHasNoBrokerAndSaysHowToGetOne() {
        assertThatThrownBy(swarm::broker)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SwarmTransport.embeddedMqtt()");
    }
}
