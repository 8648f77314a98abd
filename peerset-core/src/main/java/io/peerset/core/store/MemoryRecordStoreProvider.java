package io.peerset.core.store;

import io.peerset.api.spi.RecordStore;
import io.peerset.api.spi.RecordStoreProvider;
import java.util.Map;
import java.util.TreeSet;

/** The {@code "memory"} store: {@link MemoryRecordStore}, the default. Takes no location and no options. */
public final class MemoryRecordStoreProvider implements RecordStoreProvider {
    /** The name users select it by. */
    public static final String NAME = "memory";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public RecordStore open(String location, Map<String, String> options) {
        if (options != null && !options.isEmpty()) {
            throw new IllegalArgumentException("the memory store takes no options; remove " + new TreeSet<>(options.keySet()));
        }
        return new MemoryRecordStore();
    }
}
