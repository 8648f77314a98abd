package io.peerset.store.xodus;

import io.peerset.api.spi.RecordStore;
import io.peerset.api.spi.RecordStoreProvider;
import java.nio.file.Path;
import java.util.Map;

/**
 * The {@code xodus} store: durable records in a directory ({@code --store xodus:DIR}).
 * Options: see {@link XodusStoreOptions}.
 */
public final class XodusStoreProvider implements RecordStoreProvider {
    @Override public String name() {
        return "xodus";
    }

    @Override public RecordStore open(String location, Map<String, String> options) {
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException("the xodus store needs a directory: give it as xodus:DIR, e.g. --store xodus:data");
        }
        Path dir;
        try {
            dir = Path.of(location);
        } catch (java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException("xodus store location '" + location + "' is not a valid path: " + e.getReason());
        }
        return XodusRecordStore.open(dir, XodusStoreOptions.parse(options == null ? Map.of() : options));
    }
}
