package io.peerset.moderation;

import io.peerset.api.Moderation;
import io.peerset.api.spi.ModerationPreset;
import java.util.Map;

/**
 * {@code Moderation.preset("standard")}: the seeds' rules for an open room.
 *
 * <p>Chain, in order: author-block-list (only if {@code block-authors} is given),
 * timestamp-bounds, size-limits, link-allow-list (only if {@code link-patterns} is given),
 * no-links-in-text, banned-words (built-in list unless switched off), author-quota (5),
 * duplicates.
 *
 * <p>Options: {@code max-per-author} (5), {@code banned-words} (comma-separated, added),
 * {@code banned-words-file} (replaces the built-in list), {@code banned-words-default}
 * (true/false), {@code link-patterns} (whitespace-separated regexes), {@code link-patterns-file},
 * {@code duplicate-window} (1h), {@code duplicate-similarity} (0.85), {@code max-json-bytes}
 * (65536), {@code max-content-bytes} (32768), {@code max-future-skew} (the node's {@code maxFutureSkew}, 10m by default), {@code max-age}
 * (the retention), {@code block-authors}, {@code block-authors-file}.
 */
public final class StandardPreset implements ModerationPreset {
    public static final String NAME = "standard";

    @Override public String name() {
        return NAME;
    }

    @Override public Moderation create(Map<String, String> options) {
        Options o = Options.of(Options.preset(NAME), options, Presets.STANDARD_OPTIONS);
        return Presets.build(NAME, o, false);
    }
}
