package io.peerset.api.spi;

import io.peerset.api.Moderation;
import java.util.Map;

/** A named moderation chain ({@code standard}, {@code fort-knox}); found by ServiceLoader. */
public interface ModerationPreset {
    String name();

    /** @throws IllegalArgumentException naming a bad or unknown option */
    Moderation create(Map<String, String> options);
}
