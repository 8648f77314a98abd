package io.peerset.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerset.api.Draft;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

@PeersetSwarmTest(peers = 2, appId = "annotated", roomId = "room")
class PeersetSwarmAnnotationTest {
    private static final List<PeersetSwarm> GIVEN = new CopyOnWriteArrayList<>();

    @AfterAll
    static void everySwarmWasClosedAfterItsTest() {
        assertThat(GIVEN).hasSize(2).noneMatch(PeersetSwarm::isRunning);
    }

    @Test
    void classAnnotationGivesEachTestAStartedSwarm(PeersetSwarm swarm) throws Exception {
        GIVEN.add(swarm);
        assertThat(swarm.isRunning()).isTrue();
        assertThat(swarm.size()).isEqualTo(2);
        assertThat(swarm.room(1).appId()).isEqualTo("annotated");
        swarm.room(0).put(Draft.text("hello")).get();
        swarm.awaitConverged(Duration.ofSeconds(60));
        assertThat(swarm.room(1).size()).isEqualTo(1);
    }

    @Test
    @PeersetSwarmTest(peers = 4)
    void methodAnnotationOverridesTheClassOne(PeersetSwarm swarm) {
        GIVEN.add(swarm);
        assertThat(swarm.size()).isEqualTo(4);
        assertThat(swarm.room(3).roomId()).isEqualTo("swarm");
    }

    // This module's test classpath never holds peerset-signal-mqtt (its tests depend on this module, and Maven
    // refuses the cycle), so this always runs here; the twin with the module present is PeersetSwarmOverMqttTest
    // in peerset-signal-mqtt. The assertion below fails loudly rather than skipping if that ever changes.
    @Test
    void mqttTransportWithoutTheMqttModuleSaysWhichDependencyToAdd() {
        assertThat(SwarmTransport.mqttAvailable()).as("peerset-signal-mqtt must not be on this module's test classpath").isFalse();
        PeersetSwarm swarm = PeersetSwarm.builder().transport(SwarmTransport.embeddedMqtt()).build();
        assertThatThrownBy(swarm::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("io.peerset:peerset-signal-mqtt");
    }
}
