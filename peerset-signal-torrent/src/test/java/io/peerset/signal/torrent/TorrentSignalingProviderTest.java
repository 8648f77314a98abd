package io.peerset.signal.torrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerset.api.spi.SignalingProvider;
import io.peerset.core.link.DiscoveryProvider;
import io.peerset.core.link.LinkFactory;
import io.peerset.core.link.PeerDiscovery;
import io.peerset.core.link.PendingLink;
import io.peerset.core.link.RoomContext;
import io.peerset.core.trystero.TrysteroIds;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The provider as the engine finds and uses it, and the builder's validation. */
class TorrentSignalingProviderTest {
    /** Never asked for a link: these tests do not start a discovery. */
    private static final LinkFactory NO_LINKS = new LinkFactory() {
        @Override
        public PendingLink offer(String remotePeerId, Consumer<String> localCandidates) {
            throw new UnsupportedOperationException("not used");
        }

        @Override
        public PendingLink answer(String remotePeerId, String remoteOfferSdp, Consumer<String> localCandidates) {
            throw new UnsupportedOperationException("not used");
        }

        @Override
        public void close() {}
    };

    private static SignalingProvider torrent() {
        return ServiceLoader.load(SignalingProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("torrent")).findFirst().orElseThrow();
    }

    @Test
    void serviceLoaderFindsTheTorrentProviderWithTrysterosDefaultTrackers() {
        SignalingProvider p = torrent();
        assertThat(p).isInstanceOf(TorrentSignalingProvider.class).isInstanceOf(DiscoveryProvider.class);
        assertThat(p.defaultUrls()).hasSize(5).allSatisfy(u -> assertThat(u.getScheme()).isEqualTo("wss"))
                .contains(URI.create("wss://tracker.webtorrent.dev"), URI.create("wss://tracker.files.fm:7073/announce"));
        assertThat(((DiscoveryProvider) p).trickleIce()).as("trackers carry full SDPs").isFalse();
    }

    @Test
    void topicTransportIsRefusedWithDirections() {
        assertThatThrownBy(() -> torrent().open(List.of(URI.create("wss://tracker.webtorrent.dev"))))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("DiscoveryProvider");
    }

    @Test
    void discoveryForARoomUsesItsIdsAndTheDefaultTrackersWhenNoneAreNamed() {
        String self = TrysteroIds.randomPeerId();
        PeerDiscovery d = ((DiscoveryProvider) torrent()).discovery(new RoomContext("app", "room", "pw", self), List.of(),
                NO_LINKS);
        try {
            assertThat(d).isInstanceOf(TorrentDiscovery.class);
            TorrentDiscovery t = (TorrentDiscovery) d;
            assertThat(t.selfId()).isEqualTo(self);
            assertThat(t.infoHash()).isEqualTo(TrysteroIds.infoHash("app", "room"));
        } finally {
            d.close();
        }
    }

    @Test
    void builderRejectsBadSettingsNamingTheField() {
        TorrentDiscovery.Builder b = TorrentDiscovery.builder(NO_LINKS);
        assertThatThrownBy(() -> b.tracker(URI.create("https://tracker.example.org")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wss://");
        assertThatThrownBy(() -> b.tracker(URI.create("wss:///announce")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host");
        assertThatThrownBy(() -> b.selfId("tooShort")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exactly 20");
        assertThatThrownBy(() -> b.poolSize(0)).hasMessageContaining("poolSize");
        assertThatThrownBy(() -> b.announceInterval(Duration.ZERO)).hasMessageContaining("announceInterval");
        assertThatThrownBy(() -> b.reconnectBackoff(Duration.ofSeconds(5), Duration.ofSeconds(1)))
                .hasMessageContaining("at least the first");
        assertThatThrownBy(() -> TorrentDiscovery.builder(NO_LINKS).roomId("r").tracker(URI.create("ws://127.0.0.1:1")).build())
                .hasMessageContaining("appId");
        assertThatThrownBy(() -> TorrentDiscovery.builder(NO_LINKS).appId("a").roomId("r").build())
                .hasMessageContaining("at least one tracker");
    }

    @Test
    void roomContextHidesThePassword() {
        assertThat(new RoomContext("app", "room", "secret", "x").toString()).doesNotContain("secret");
        assertThatThrownBy(() -> new RoomContext("", "room", "", "x")).hasMessageContaining("appId");
    }
}
