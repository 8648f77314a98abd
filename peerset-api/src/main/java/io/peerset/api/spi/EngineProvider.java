package io.peerset.api.spi;

import io.peerset.api.Peerset;
import io.peerset.api.PeersetConfig;

/** The engine behind {@link Peerset#builder()}; peerset-core provides it. */
public interface EngineProvider {
    /**
     * Starts a node with this configuration.
     *
     * @param config the validated configuration
     * @return the running node
     */
    Peerset start(PeersetConfig config);
}
