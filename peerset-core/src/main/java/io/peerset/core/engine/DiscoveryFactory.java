package io.peerset.core.engine;

import io.peerset.api.PeersetConfig;
import io.peerset.api.PeersetConfig.SignalingChoice;
import io.peerset.api.spi.SignalingProvider;
import io.peerset.api.spi.SignalingStrategy;
import io.peerset.core.link.DiscoveryProvider;
import io.peerset.core.link.PeerDiscovery;
import io.peerset.core.link.RoomContext;
import io.peerset.core.memory.MemoryNetwork;
import io.peerset.core.memory.MemorySignalingProvider;
import io.peerset.core.rtc.WebRtcLinkFactory;
import io.peerset.core.trystero.TopicSignaling;
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
 * in-JVM {@link MemoryNetwork} for {@code "memory"} (no SDP needed); a provider that is
 * a {@link DiscoveryProvider} (torrent) makes its own discovery; any other name gets
 * Trystero's topic strategy over that provider's transport. Both use WebRTC links. One per
 * {@link PeersetEngine}: the node's strategies and WebRTC factories are made once and shared by its rooms.
 */
final class DiscoveryFactory implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DiscoveryFactory.class);

    private final PeersetConfig config;
    private final Map<String, SignalingStrategy> strategies = new ConcurrentHashMap<>();
    /** Native WebRTC factories per node (trickle, full-SDP), made on first use: memory-only nodes never load the native library. */
    private WebRtcLinkFactory webRtc;
    private WebRtcLinkFactory webRtcFullSdp;

    DiscoveryFactory(PeersetConfig config) {
        this.config = config;
    }

    /** A room's discovery and the name of the strategy behind it (the same name on every peer). */
    record Named(String strategy, PeerDiscovery discovery) {}

    List<Named> open(String appId, String roomId, String password, String selfId) {
        List<Named> out = new ArrayList<>();
        for (SignalingChoice c : config.signaling()) {
            if (c.name().equals("memory")) {
                List<URI> urls = c.urls().isEmpty() ? List.of(URI.create("memory://default")) : c.urls();
                for (URI u : urls) {
                    String hub = MemorySignalingProvider.hubName(u);
                    out.add(new Named("memory " + hub, MemoryNetwork.named(hub).discovery(appId, roomId, selfId)));
                }
            } else {
                out.add(new Named(c.name(), topicDiscovery(c, appId, roomId, password, selfId)));
            }
        }
        return out;
    }

    private PeerDiscovery topicDiscovery(SignalingChoice c, String appId, String roomId, String password, String selfId) {
        SignalingProvider p = provider(c.name());
        List<URI> urls = c.urls().isEmpty() ? p.defaultUrls(appId) : c.urls();
        if (p instanceof DiscoveryProvider) {
            DiscoveryProvider dp = (DiscoveryProvider) p;
            return dp.discovery(new RoomContext(appId, roomId, password, selfId), urls, webRtc(dp.trickleIce()));
        }
        SignalingStrategy strategy = strategies.computeIfAbsent(c.name() + urls, k -> p.open(urls));
        return TopicSignaling.builder(strategy, webRtc(true))
            .appId(appId)
            .roomId(roomId)
            .password(password)
            .selfId(selfId)
            .offerTimeout(config.signalingTimeout())
            .ticker(config.ticker())
            .build();
    }

    private synchronized WebRtcLinkFactory webRtc(boolean trickle) {
        if (trickle) {
            if (webRtc == null) {
                webRtc = WebRtcLinkFactory.builder().trickle(true).build();
            }
            return webRtc;
        }
        if (webRtcFullSdp == null) {
            webRtcFullSdp = WebRtcLinkFactory.builder().trickle(false).build();
        }
        return webRtcFullSdp;
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
        synchronized (this) {
            for (WebRtcLinkFactory f : new WebRtcLinkFactory[] {webRtc, webRtcFullSdp}) {
                if (f != null) {
                    try {
                        f.close();
                    } catch (RuntimeException e) {
                        log.debug("closing WebRTC threw {}", e.toString());
                    }
                }
            }
            webRtc = null;
            webRtcFullSdp = null;
        }
    }
}
