package io.peerset.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.Draft;
import io.peerset.api.SignedRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A swarm over MQTT signalling on an embedded broker and real WebRTC data channels. Runs only with
 * peerset-signal-mqtt on the classpath, which this module cannot depend on (that module's tests depend
 * on this one): {@code ./mvnw verify -pl peerset-testkit -Pmqtt-swarm} after installing it.
 */
@EnabledIf("io.peerset.testkit.SwarmTransport#mqttAvailable")
class MqttSwarmTest {
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    @RegisterExtension
    static PeersetSwarm swarm = PeersetSwarm.builder()
            .peers(3)
            .transport(SwarmTransport.embeddedMqtt())
            .room("swarm-test", "mqtt", "secret")
            .build();

    @Test
    void swarmOfThreeConvergesOverMqttAndWebRtcAfterEachWritesRecords() throws Exception {
        assertThat(swarm.broker().isRunning()).isTrue();
        assertThat(swarm.node(0).config().signaling().get(0).urls()).containsExactly(swarm.broker().tcpUri());
        List<SignedRecord> written = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            for (int n = 0; n < 3; n++) {
                written.add(swarm.room(i).put(Draft.text("peer " + i + " record " + n)).get());
            }
        }
        swarm.awaitConverged(DEADLINE);
        for (int i = 0; i < 3; i++) {
            assertThat(swarm.room(i).size()).isEqualTo(written.size());
        }
    }
}
