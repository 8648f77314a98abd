package io.peerset.api.spi;

import io.peerset.api.Moderation;
import java.util.Map;

/** A named moderation chain ({@code standard}, {@code fort-knox}); found by ServiceLoader. */
public interface ModerationPreset {
    /** {@return the preset's name, e.g. {@code "standard"}} */
    String name();

    /**
     * Makes the preset's chain with these options.
     *
     * @param options the preset's options
     * @return the moderation chain
     * @throws IllegalArgumentException naming a bad or unknown option
     */
    Moderation create(Map<String, String> options);
}
