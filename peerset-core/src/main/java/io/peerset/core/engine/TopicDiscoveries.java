package io.peerset.core.engine;

import io.peerset.api.PeersetConfig;
import io.peerset.api.spi.SignalingStrategy;
import io.peerset.core.link.LinkFactory;
import io.peerset.core.link.PeerDiscovery;
import io.peerset.core.trystero.TopicSignaling;

/** Trystero topic signalling with WebRTC links for one room (the wiring for non-memory signalling). */
final class TopicDiscoveries {
    private TopicDiscoveries() {}

    static PeerDiscovery create(SignalingStrategy strategy, LinkFactory links, PeersetConfig config, String appId,
                                String roomId, String password, String selfId) {
        return TopicSignaling.builder(strategy, links)
            .appId(appId)
            .roomId(roomId)
            .password(password)
            .selfId(selfId)
            .offerTimeout(config.signalingTimeout())
            .build();
    }
}
