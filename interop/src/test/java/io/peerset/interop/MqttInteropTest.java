package io.peerset.interop;

import io.peerset.testkit.MosquittoBroker;
import org.junit.jupiter.api.Test;

/** {@code @trystero-p2p/mqtt} in Chromium (mosquitto's WebSocket listener) and a peerset node (its TCP listener). */
class MqttInteropTest {
    @Test
    void browserTrysteroPeerAndPeersetNodeExchangeEventsBothWaysAndPing() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.launchWithWebSocket()) {
            InteropScenario.run("mqtt", broker.tcpUri().toString(), broker.webSocketUri().toString());
        }
    }
}
