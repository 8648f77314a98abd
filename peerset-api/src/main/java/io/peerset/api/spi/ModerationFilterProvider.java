package io.peerset.api.spi;

import io.peerset.api.ModerationFilter;
import java.util.Map;

/** Makes a configurable {@link ModerationFilter} chosen by name; found by ServiceLoader. */
public interface ModerationFilterProvider {
    /** {@return the short name, e.g. {@code "banned-words"}} */
    String name();

    /**
     * Makes a filter with these options.
     *
     * @param options the filter's options
     * @return a new filter
     * @throws IllegalArgumentException naming a bad or unknown option
     */
    ModerationFilter create(Map<String, String> options);
}
