package io.peerset.core.engine;

import io.peerset.api.spi.SignalingProvider;
import io.peerset.api.spi.SignalingStrategy;
import io.peerset.core.memory.MemorySignalingProvider;
import java.net.URI;
import java.util.List;

/**
 * Test signalling "memory-topics": the in-JVM topic hub under another name, so the
 * engine takes its Trystero topic-strategy path (TopicSignaling + WebRTC) instead of
 * pairing memory links directly.
 */
public final class TopicHubProvider implements SignalingProvider {
    private final MemorySignalingProvider hub = new MemorySignalingProvider();

    @Override public String name() { return "memory-topics"; }
    @Override public List<URI> defaultUrls() { return hub.defaultUrls(); }
    @Override public SignalingStrategy open(List<URI> urls) { return hub.open(urls); }
}
