package io.peerset.signal.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class BrokerAddressTest {

    private static BrokerAddress parse(String url) {
        return BrokerAddress.parse(URI.create(url));
    }

    @Test
    void plainTcpUrlDefaultsToPort1883() {
        BrokerAddress a = parse("mqtt://broker.example");
        assertThat(a.port()).isEqualTo(1883);
        assertThat(a.tls()).isFalse();
        assertThat(a.webSocket()).isFalse();
        assertThat(parse("tcp://127.0.0.1:1884").port()).isEqualTo(1884);
    }

    @Test
    void tlsUrlDefaultsToPort8883() {
        BrokerAddress a = parse("mqtts://broker.example");
        assertThat(a.port()).isEqualTo(8883);
        assertThat(a.tls()).isTrue();
        assertThat(a.webSocket()).isFalse();
    }

    @Test
    void secureWebSocketUrlKeepsItsPathAndDefaultsToPort443() {
        BrokerAddress a = parse("wss://broker.hivemq.com:8884/mqtt");
        assertThat(a).extracting(BrokerAddress::host, BrokerAddress::port, BrokerAddress::tls, BrokerAddress::webSocket,
                BrokerAddress::path).containsExactly("broker.hivemq.com", 8884, true, true, "/mqtt");
        assertThat(parse("wss://h.example/mqtt").port()).isEqualTo(443);
        assertThat(parse("ws://h.example/mqtt").port()).isEqualTo(80);
    }

    @Test
    void credentialsInTheUrlBecomeUsernameAndPasswordAndStayOutOfLogs() {
        BrokerAddress a = parse("wss://public:public@public.cloud.shiftr.io");
        assertThat(a.username()).isEqualTo("public");
        assertThat(a.password()).isEqualTo("public");
        assertThat(a.display()).isEqualTo("wss://public.cloud.shiftr.io:443");
        assertThat(parse("mqtt://us%40er:p%3Ass@h").password()).isEqualTo("p:ss");
    }

    @Test
    void unsupportedSchemeIsRejectedNamingWhatIsExpected() {
        assertThatThrownBy(() -> parse("http://broker.example"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unsupported scheme 'http'")
                .hasMessageContaining("wss://");
    }

    @Test
    void urlWithoutHostIsRejected() {
        assertThatThrownBy(() -> parse("mqtt:///nohost"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no host");
    }

    @Test
    void pathOnTcpUrlIsRejected() {
        assertThatThrownBy(() -> parse("mqtt://h.example/mqtt"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only makes sense for ws://");
    }
}
