package io.peerset.core.engine;

import io.peerset.api.Peerset;
import io.peerset.api.PeersetConfig;
import io.peerset.api.spi.EngineProvider;

/** The peerset-core engine, found by {@link io.peerset.api.Peerset#builder()} through ServiceLoader. */
public final class CoreEngineProvider implements EngineProvider {
    @Override
    public Peerset start(PeersetConfig config) {
        return new PeersetEngine(config);
    }
}
