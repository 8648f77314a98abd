package io.peerset.core.engine;

import io.peerset.api.PeersetConfig.SignalingChoice;
import io.peerset.api.spi.SignalingProvider;
import io.peerset.api.spi.SignalingStrategy;
import io.peerset.core.link.PeerDiscovery;
import io.peerset.core.memory.MemoryNetwork;
import io.peerset.core.memory.MemorySignalingProvider;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the node's signalling choices into a room's {@link PeerDiscovery}s: the
 * in-JVM {@link MemoryNetwork} for {@code "memory"} (no SDP needed), and for any
 * other name Trystero's topic strategy over that provider's transport with WebRTC
 * links. The node's strategies are opened once and shared by its rooms.
 */
final class DiscoveryFactory implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DiscoveryFactory.class);

    private final Node node;
    private final Map<String, SignalingStrategy> strategies = new ConcurrentHashMap<>();

    DiscoveryFactory(Node node) {
        this.node = node;
    }

    List<PeerDiscovery> open(String appId, String roomId, String password) {
        List<PeerDiscovery> out = new ArrayList<>();
        for (SignalingChoice c : node.config().signaling()) {
            if (c.name().equals("memory")) {
                List<URI> urls = c.urls().isEmpty() ? List.of(URI.create("memory://default")) : c.urls();
                for (URI u : urls) {
                    out.add(MemoryNetwork.named(MemorySignalingProvider.hubName(u)).discovery(appId, roomId, node.selfId()));
                }
            } else {
                out.add(topicDiscovery(c, appId, roomId, password));
            }
        }
        return out;
    }

    private PeerDiscovery topicDiscovery(SignalingChoice c, String appId, String roomId, String password) {
        SignalingStrategy strategy = strategies.computeIfAbsent(c.name() + c.urls(), k -> {
            SignalingProvider p = provider(c.name());
            return p.open(c.urls().isEmpty() ? p.defaultUrls() : c.urls());
        });
        return TopicDiscoveries.create(strategy, node.config(), appId, roomId, password, node.selfId());
    }

    private static SignalingProvider provider(String name) {
        List<String> names = new ArrayList<>();
        for (SignalingProvider p : ServiceLoader.load(SignalingProvider.class, DiscoveryFactory.class.getClassLoader())) {
            if (p.name().equals(name)) {
                return p;
            }
            names.add(p.name());
        }
        throw new IllegalStateException("no signalling strategy named '" + name + "' on the classpath; available: " + names
            + " (add peerset-signal-" + name + " to your dependencies)");
    }

    @Override
    public void close() {
        for (SignalingStrategy s : strategies.values()) {
            try {
                s.close();
            } catch (RuntimeException e) {
                log.debug("closing signalling threw {}", e.toString());
            }
        }
        strategies.clear();
    }
}
