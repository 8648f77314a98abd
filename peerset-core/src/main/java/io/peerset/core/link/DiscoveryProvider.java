package io.peerset.core.link;

import java.net.URI;
import java.util.List;

/**
 * Optional second face of an {@link io.peerset.api.spi.SignalingProvider} whose wire does
 * not fit the topic publish/subscribe {@link io.peerset.api.spi.SignalingStrategy}: the
 * WebTorrent tracker strategy, whose announcements carry SDP offers. The engine checks
 * {@code provider instanceof DiscoveryProvider} and, if so, asks it for a room's
 * {@link PeerDiscovery} directly instead of wrapping {@code provider.open(urls)} in the
 * core's topic strategy.
 */
public interface DiscoveryProvider {
    /**
     * A discovery for one room, not yet started. It uses but does not close {@code links};
     * closing the discovery closes its server connections.
     *
     * @param urls the servers to use ({@code SignalingProvider.defaultUrls()} when the user named none)
     * @param links makes the WebRTC links; must be in the ICE mode {@link #trickleIce()} asks for
     * @throws IllegalArgumentException naming a URL this provider cannot use
     */
    PeerDiscovery discovery(RoomContext room, List<URI> urls, LinkFactory links);

    /**
     * Whether the link factory handed to {@link #discovery} should trickle ICE candidates
     * ({@code true}) or put every candidate into the session description ({@code false},
     * the torrent strategy, which has no channel for candidates).
     */
    default boolean trickleIce() {
        return true;
    }
}
