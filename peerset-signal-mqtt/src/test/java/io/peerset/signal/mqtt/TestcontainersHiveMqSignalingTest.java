package io.peerset.signal.mqtt;

import io.peerset.testkit.MqttBroker;
import io.peerset.testkit.TestcontainersMqttBroker;
import java.net.URI;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * MQTT signalling against HiveMQ CE in Docker. Skipped where Docker is absent; the same contract
 * runs everywhere against {@link EmbeddedHiveMqSignalingTest} (same HiveMQ CE version, in-JVM) and
 * {@link MosquittoTcpSignalingTest} / {@link MosquittoWebSocketSignalingTest}.
 */
@Testcontainers(disabledWithoutDocker = true)
class TestcontainersHiveMqSignalingTest extends MqttSignalingContract {
    @Override
    MqttBroker startBroker() {
        return TestcontainersMqttBroker.launch();
    }

    @Override
    URI urlOf(MqttBroker broker) {
        return broker.tcpUri();
    }
}
