package io.peerset.api.spi;

import java.util.Map;

/**
 * Makes {@link RecordStore}s; found by {@link java.util.ServiceLoader} and chosen
 * by {@link #name()} ({@code "memory"}, {@code "xodus"}). Register it in
 * {@code META-INF/services/io.peerset.api.spi.RecordStoreProvider}.
 */
public interface RecordStoreProvider {
    /** {@return the short name users select it by} */
    String name();

    /**
     * Opens a store.
     *
     * @param location where it lives (a directory for durable stores; ignored by memory)
     * @param options provider-specific settings; unknown keys are an error
     * @return the open store
     * @throws IllegalArgumentException naming a bad location or option
     * @throws IllegalStateException if the location is held by another process or is not this store's
     */
    RecordStore open(String location, Map<String, String> options);
}
