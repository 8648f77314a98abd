package io.peerset.signal.torrent;

import io.peerset.api.spi.SignalingProvider;
import io.peerset.api.spi.SignalingStrategy;
import io.peerset.core.link.DiscoveryProvider;
import io.peerset.core.link.LinkFactory;
import io.peerset.core.link.PeerDiscovery;
import io.peerset.core.link.RoomContext;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * The {@code "torrent"} signalling strategy: peers meet through public WebTorrent
 * trackers, as Trystero's torrent strategy does. Found by {@link java.util.ServiceLoader};
 * since its announcements carry SDP offers it has no topic transport: the engine asks it
 * for a {@link PeerDiscovery} through {@link DiscoveryProvider}.
 */
public final class TorrentSignalingProvider implements SignalingProvider, DiscoveryProvider {
    /** Trystero 0.25.4's default trackers. */
    private static final List<URI> DEFAULT_TRACKERS = List.of(
            URI.create("wss://open.ftorrent.com"),
            URI.create("wss://tracker.webtorrent.dev"),
            URI.create("wss://tracker.openwebtorrent.com"),
            URI.create("wss://tracker.btorrent.xyz"),
            URI.create("wss://tracker.files.fm:7073/announce"));

    @Override
    public String name() {
        return "torrent";
    }

    @Override
    public List<URI> defaultUrls() {
        return DEFAULT_TRACKERS;
    }

    /**
     * Not available: tracker announcements carry offers, which a topic publish/subscribe
     * transport cannot express. Use {@link #discovery}.
     */
    @Override
    public SignalingStrategy open(List<URI> urls) {
        throw new UnsupportedOperationException("torrent signalling carries SDP offers in its tracker announcements "
                + "and has no topic transport; ask this provider for a room's PeerDiscovery through "
                + "io.peerset.core.link.DiscoveryProvider.discovery(...) instead");
    }

    /**
     * A {@link TorrentDiscovery} for the room on the given trackers (Trystero's defaults when
     * the list is empty), with default timings.
     */
    @Override
    public PeerDiscovery discovery(RoomContext room, List<URI> urls, LinkFactory links) {
        Objects.requireNonNull(room, "room");
        return TorrentDiscovery.builder(links)
                .appId(room.appId())
                .roomId(room.roomId())
                .password(room.password())
                .selfId(room.selfId())
                .trackers(urls == null || urls.isEmpty() ? DEFAULT_TRACKERS : urls)
                .build();
    }

    /** Trackers have no channel for trickled candidates: descriptions must carry them all. */
    @Override
    public boolean trickleIce() {
        return false;
    }
}
