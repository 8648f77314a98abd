package io.peerset.api.spi;

import io.peerset.api.ModerationFilter;
import java.util.Map;

/** Makes a configurable {@link ModerationFilter} chosen by name; found by ServiceLoader. */
public interface ModerationFilterProvider {
    /** Short name, e.g. {@code "banned-words"}. */
    String name();

    /** @throws IllegalArgumentException naming a bad or unknown option */
    ModerationFilter create(Map<String, String> options);
}
