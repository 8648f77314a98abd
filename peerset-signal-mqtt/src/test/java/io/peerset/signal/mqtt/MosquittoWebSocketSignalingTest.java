package io.peerset.signal.mqtt;

import io.peerset.testkit.MosquittoBroker;
import io.peerset.testkit.MqttBroker;
import java.net.URI;

/** MQTT signalling against the installed mosquitto, over WebSocket (ws://…/mqtt), the way browsers connect. */
class MosquittoWebSocketSignalingTest extends MqttSignalingContract {
    @Override
    MqttBroker startBroker() {
        return MosquittoBroker.launchWithWebSocket();
    }

    @Override
    URI urlOf(MqttBroker broker) {
        return broker.webSocketUri();
    }
}
