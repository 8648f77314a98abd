package io.peerset.signal.mqtt;

import io.peerset.api.spi.SignalingProvider;
import io.peerset.api.spi.SignalingStrategy;
import java.net.URI;
import java.util.List;

/**
 * {@code "mqtt"}: signalling through MQTT brokers, wire-compatible with Trystero's MQTT strategy.
 * Browsers reach brokers over WebSocket; a Java peer may also use plain TCP ({@code mqtt://}) to
 * the same broker.
 */
public final class MqttSignalingProvider implements SignalingProvider {
    /**
     * The public brokers of {@code @trystero-p2p/mqtt} 0.25.4 ({@code defaultRelayUrls}), in its order.
     * Trystero connects to a subset of them (its redundancy setting); peerset's core chooses.
     */
    private static final List<URI> DEFAULT_URLS = List.of(
            URI.create("wss://test.mosquitto.org:8081/mqtt"),
            URI.create("wss://broker.emqx.io:8084/mqtt"),
            URI.create("wss://public:public@public.cloud.shiftr.io"),
            URI.create("wss://broker-cn.emqx.io:8084/mqtt"),
            URI.create("wss://broker.hivemq.com:8884/mqtt"));

    @Override
    public String name() {
        return "mqtt";
    }

    @Override
    public List<URI> defaultUrls() {
        return DEFAULT_URLS;
    }

    /** Connects in the background to the given brokers, or to {@link #defaultUrls()} if the list is empty. */
    @Override
    public SignalingStrategy open(List<URI> urls) {
        return new MqttSignaling(urls == null || urls.isEmpty() ? DEFAULT_URLS : urls);
    }
}
