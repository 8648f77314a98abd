package io.peerset.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class BrokersTest {

    /** Whether the broker answers an MQTT CONNECT within a generous deadline (a loaded CI box is slow). */
    private static boolean answers(URI uri) {
        return Ports.poll(java.time.Duration.ofSeconds(30), () -> Ports.answersMqtt(uri.getHost(), uri.getPort()), () -> false);
    }

    @Test
    void embeddedHiveMqAnswersMqttOnLoopbackAndComesBackOnTheSamePortAfterRestart() {
        try (EmbeddedMqttBroker broker = EmbeddedMqttBroker.launchWithWebSocket()) {
            assertThat(broker.tcpUri().getHost()).isEqualTo("127.0.0.1");
            assertThat(answers(broker.tcpUri())).isTrue();
            assertThat(Ports.accepts(broker.webSocketUri().getPort())).isTrue();

            broker.stop();
            assertThat(broker.isRunning()).isFalse();
            assertThat(Ports.accepts(broker.tcpUri().getPort())).isFalse();

            broker.start();
            assertThat(answers(broker.tcpUri())).isTrue();
        }
    }

    @Test
    void mosquittoAnswersMqttOnLoopbackAndComesBackOnTheSamePortAfterRestart() {
        try (MosquittoBroker broker = MosquittoBroker.launchWithWebSocket()) {
            assertThat(answers(broker.tcpUri())).isTrue();
            assertThat(Ports.accepts(broker.webSocketUri().getPort())).isTrue();

            broker.stop();
            assertThat(Ports.accepts(broker.tcpUri().getPort())).isFalse();

            broker.start();
            assertThat(answers(broker.tcpUri())).isTrue();
        }
    }

    @Test
    void brokerWithoutWebSocketListenerSaysHowToGetOne() {
        try (MosquittoBroker broker = MosquittoBroker.launch()) {
            assertThat(broker.hasWebSocket()).isFalse();
            org.assertj.core.api.Assertions.assertThatThrownBy(broker::webSocketUri)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("launchWithWebSocket");
        }
    }

    @Test
    void missingMosquittoBinaryNamesTheAptPackage() {
        String before = System.getProperty(MosquittoBroker.BINARY_PROPERTY);
        System.setProperty(MosquittoBroker.BINARY_PROPERTY, "/nonexistent/mosquitto");
        try {
            assertThat(MosquittoBroker.isInstalled()).isFalse();
            org.assertj.core.api.Assertions.assertThatThrownBy(MosquittoBroker::launch)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("apt-get install mosquitto");
        } finally {
            if (before == null) {
                System.clearProperty(MosquittoBroker.BINARY_PROPERTY);
            } else {
                System.setProperty(MosquittoBroker.BINARY_PROPERTY, before);
            }
        }
    }
}
