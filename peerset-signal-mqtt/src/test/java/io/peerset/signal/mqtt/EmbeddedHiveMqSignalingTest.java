package io.peerset.signal.mqtt;

import io.peerset.testkit.EmbeddedMqttBroker;
import io.peerset.testkit.MqttBroker;
import java.net.URI;

/** MQTT signalling against HiveMQ CE embedded in the test JVM, over TCP. */
class EmbeddedHiveMqSignalingTest extends MqttSignalingContract {
    @Override
    MqttBroker startBroker() {
        return EmbeddedMqttBroker.launch();
    }

    @Override
    URI urlOf(MqttBroker broker) {
        return broker.tcpUri();
    }
}
