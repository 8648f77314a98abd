package io.peerset.core.memory;

import io.peerset.api.spi.SignalingProvider;
import io.peerset.api.spi.SignalingStrategy;
import java.net.URI;
import java.util.List;

/**
 * Signalling name {@code "memory"}: a topic publish/subscribe hub inside the JVM
 * ({@code memory://<hub>}, default hub {@code memory://default}). The engine itself
 * connects {@code "memory"} rooms through {@link MemoryNetwork} without SDP; this
 * strategy serves code that needs a real {@link SignalingStrategy} without a server.
 */
public final class MemorySignalingProvider implements SignalingProvider {
    @Override
    public String name() {
        return "memory";
    }

    @Override
    public List<URI> defaultUrls() {
        return List.of(URI.create("memory://default"));
    }

    @Override
    public SignalingStrategy open(List<URI> urls) {
        List<URI> use = urls.isEmpty() ? defaultUrls() : urls;
        for (URI u : use) {
            if (!"memory".equals(u.getScheme())) {
                throw new IllegalArgumentException("memory signalling takes memory://<hub> URLs; got " + u);
            }
        }
        return new MemorySignaling(use.stream().map(MemorySignalingProvider::hubName).distinct().toList());
    }

    /** The hub (or network) name of a {@code memory://name} URL. */
    public static String hubName(URI u) {
        String host = u.getHost() != null ? u.getHost() : u.getSchemeSpecificPart().replaceFirst("^//", "");
        return host == null || host.isEmpty() ? "default" : host;
    }
}
