package io.peerset.api.spi;

import java.net.URI;
import java.util.List;

/**
 * A way for peers to find each other ({@code "mqtt"}, {@code "nostr"},
 * {@code "torrent"}, {@code "memory"}); found by ServiceLoader, chosen by name.
 * Putting a signalling module on the classpath is all it takes to use it.
 */
public interface SignalingProvider {
    /** Short name users select it by. */
    String name();

    /** The public servers used when the user names none (Trystero's defaults). */
    List<URI> defaultUrls();

    /**
     * Connects (in the background) to the given servers.
     *
     * @throws IllegalArgumentException naming a URL this strategy cannot use
     */
    SignalingStrategy open(List<URI> urls);
}
