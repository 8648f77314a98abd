package io.peerset.signal.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.Draft;
import io.peerset.api.SignedRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import io.peerset.testkit.PeersetSwarm;
import io.peerset.testkit.SwarmTransport;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The testkit's {@link PeersetSwarm} over MQTT signalling on an embedded broker and real WebRTC data channels.
 * It lives here, not in peerset-testkit, because this module is the one that has both on its test classpath
 * (peerset-testkit cannot depend on peerset-signal-mqtt, whose tests depend on it).
 */
class PeersetSwarmOverMqttTest {
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
