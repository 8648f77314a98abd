package io.peerset.signal.mqtt;

import io.peerset.testkit.MosquittoBroker;
import io.peerset.testkit.MqttBroker;
import java.net.URI;

/** MQTT signalling against the installed mosquitto, over TCP (mqtt://). */
class MosquittoTcpSignalingTest extends MqttSignalingContract {
    @Override
    MqttBroker startBroker() {
        return MosquittoBroker.launch();
    }

    @Override
    URI urlOf(MqttBroker broker) {
        return broker.tcpUri();
    }
}
