package io.peerset.signal.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerset.api.spi.SignalingProvider;
import java.net.URI;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class MqttSignalingProviderTest {

    @Test
    void providerIsFoundByServiceLoaderUnderTheNameMqtt() {
        assertThat(ServiceLoader.load(SignalingProvider.class).stream().map(ServiceLoader.Provider::get))
                .filteredOn(p -> p.name().equals("mqtt"))
                .singleElement()
                .isInstanceOf(MqttSignalingProvider.class);
    }

    @Test
    void defaultUrlsAreTrysterosPublicWebSocketBrokersAndAllParse() {
        List<URI> urls = new MqttSignalingProvider().defaultUrls();
        assertThat(urls).hasSize(5).allMatch(u -> u.getScheme().equals("wss"));
        assertThat(urls).contains(URI.create("wss://broker.hivemq.com:8884/mqtt"),
                URI.create("wss://test.mosquitto.org:8081/mqtt"));
        urls.forEach(BrokerAddress::parse);
    }

    @Test
    void openRejectsANonMqttUrlBeforeConnectingAnything() {
        assertThatThrownBy(() -> new MqttSignalingProvider().open(List.of(URI.create("mqtt://127.0.0.1:1"),
                URI.create("wss://"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void topicsWithWildcardsAreRefusedWithAClearMessage() {
        try (MqttSignaling signaling = new MqttSignaling(List.of(URI.create("mqtt://127.0.0.1:1")))) {
            assertThatThrownBy(() -> signaling.publish("a/+/b", "x"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'+'");
            assertThatThrownBy(() -> signaling.subscribe("", (t, m) -> { }))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-empty");
            assertThat(signaling.connectedServers()).isZero();
        }
    }

    @Test
    void outboundMessageAboveThePayloadLimitIsRefused() {
        try (MqttSignaling signaling = new MqttSignaling(List.of(URI.create("mqtt://127.0.0.1:1")))) {
            assertThatThrownBy(() -> signaling.publish("t", "x".repeat(64 * 1024 + 1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("65536");
        }
    }
}
