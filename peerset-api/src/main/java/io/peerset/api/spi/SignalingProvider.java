package io.peerset.api.spi;

import java.net.URI;
import java.util.List;

/**
 * A way for peers to find each other ({@code "mqtt"}, {@code "nostr"},
 * {@code "torrent"}, {@code "memory"}); found by ServiceLoader, chosen by name.
 * Putting a signalling module on the classpath is all it takes to use it.
 */
public interface SignalingProvider {
    /** {@return the short name users select it by} */
    String name();

    /** {@return the public servers used when the user names none (Trystero's defaults)} */
    List<URI> defaultUrls();

    /**
     * The public servers an application uses when the user names none. Trystero picks
     * some strategies' servers per app id (so that all peers of one app meet on the same
     * few); a provider that does the same overrides this. By default {@link #defaultUrls()}.
     *
     * @param appId the application id
     * @return the servers for this application
     */
    default List<URI> defaultUrls(String appId) {
        return defaultUrls();
    }

    /**
     * Connects (in the background) to the given servers.
     *
     * @param urls the servers to use
     * @return the strategy, connecting
     * @throws IllegalArgumentException naming a URL this strategy cannot use
     */
    SignalingStrategy open(List<URI> urls);
}
