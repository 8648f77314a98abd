package io.peerset.core.engine;

import io.peerset.api.PeersetConfig;
import io.peerset.api.spi.SignalingStrategy;
import io.peerset.core.link.PeerDiscovery;

/** Trystero topic signalling with WebRTC links for one room (the wiring for non-memory signalling). */
final class TopicDiscoveries {
    private TopicDiscoveries() {}

    static PeerDiscovery create(SignalingStrategy strategy, PeersetConfig config, String appId, String roomId,
                                String password, String selfId) {
        throw new IllegalStateException("WebRTC signalling is not wired into this build yet (io.peerset.core.trystero.TopicSignaling)");
    }
}
