package io.peerset.signal.nostr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerset.api.spi.SignalingProvider;
import io.peerset.api.spi.SignalingStrategy;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class NostrSignalingProviderTest {
    @Test
    void isFoundByNameThroughServiceLoader() {
        assertThat(ServiceLoader.load(SignalingProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("nostr")).findFirst())
                .hasValueSatisfying(p -> assertThat(p.defaultUrls()).hasSize(28).allMatch(u -> u.getScheme().equals("wss")));
    }

    @Test
    void rejectsUrlsThatAreNotWebSocketUrls() {
        NostrSignalingProvider p = new NostrSignalingProvider();
        assertThatThrownBy(() -> p.open(List.of(URI.create("http://relay.example.org"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must start with ws:// or wss://; got http://relay.example.org");
        assertThatThrownBy(() -> p.open(List.of(URI.create("wss:///path"))))
                .hasMessageContaining("must name a host");
        assertThatThrownBy(() -> p.open(List.of())).hasMessageContaining("at least one relay URL");
    }

    @Test
    void rejectsBadTopicsAndOversizedMessages() {
        try (SignalingStrategy s = new NostrSignalingProvider().open(List.of(URI.create("ws://127.0.0.1:9")))) {
            assertThatThrownBy(() -> s.subscribe("", (t, m) -> { })).hasMessageContaining("topic must be 1 to 1024 characters; got 0");
            assertThatThrownBy(() -> s.publish("t", "x".repeat(70_000))).hasMessageContaining("signalling message too large");
        }
    }

    @Test
    void optionsNameTheBadValue() {
        assertThatThrownBy(() -> NostrSignaling.Options.builder().rateLimit(0, 5).build())
                .hasMessageContaining("rateLimit eventsPerSecond");
        assertThatThrownBy(() -> NostrSignaling.Options.builder().maxFrameBytes(10).build())
                .hasMessageContaining("maxFrameBytes must be at least 4096");
        assertThatThrownBy(() -> NostrSignaling.Options.builder().reconnect(Duration.ofSeconds(5), Duration.ofSeconds(1)).build())
                .hasMessageContaining("reconnect max must not be below its min");
    }

    @Test
    void closeLeavesNoThreadsRunning() throws Exception {
        try (NodeRelay relay = NodeRelay.start()) {
            NostrSignaling s = new NostrSignaling(List.of(relay.url(), URI.create("ws://127.0.0.1:" + NodeRelay.freePort())),
                    RealRelaySignalingTest.fastOptions());
            s.subscribe("t", new Inbox());
            Poll.until(Duration.ofSeconds(20), "connected", () -> s.connectedServers() == 1);
            s.close();
            Poll.until(Duration.ofSeconds(20), "no WebSocket or peerset-nostr thread left", () -> Thread.getAllStackTraces().keySet()
                    .stream().noneMatch(t -> t.isAlive() && (t.getName().startsWith("WebSocket") || t.getName().startsWith("peerset-nostr"))));
        }
    }

    @Test
    void socketThreadsAreDaemons() throws Exception {
        try (NodeRelay relay = NodeRelay.start();
             NostrSignaling s = new NostrSignaling(List.of(relay.url()), RealRelaySignalingTest.fastOptions())) {
            Poll.until(Duration.ofSeconds(20), "connected", () -> s.connectedServers() == 1);
            assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> t.getName().startsWith("WebSocket")
                    || t.getName().startsWith("peerset-nostr")).isNotEmpty().allMatch(Thread::isDaemon);
        }
    }
}
