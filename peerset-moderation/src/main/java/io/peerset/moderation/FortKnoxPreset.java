package io.peerset.moderation;

import io.peerset.api.Moderation;
import io.peerset.api.spi.ModerationPreset;
import java.util.Map;

/**
 * {@code Moderation.preset("fort-knox", Map.of("allow-authors", "npub1…,npub1…"))}: only
 * allow-listed authors, only peers that proved their key, every filter.
 *
 * <p>Chain, in order: author-allow-list (required: {@code allow-authors} or
 * {@code allow-authors-file}), author-block-list (if given), authenticated-sender,
 * timestamp-bounds, size-limits, link-allow-list ({@code link-patterns}, by default
 * {@code https://[^\s]+}: https links only), no-links-in-text, banned-words, author-quota,
 * duplicates; and {@link Moderation#authenticatedPeersOnly(boolean) authenticatedPeersOnly(true)}.
 *
 * <p>Options: those of {@link StandardPreset} plus {@code allow-authors} and
 * {@code allow-authors-file}.
 */
public final class FortKnoxPreset implements ModerationPreset {
    public static final String NAME = "fort-knox";

    @Override public String name() {
        return NAME;
    }

    @Override public Moderation create(Map<String, String> options) {
        Options o = Options.of(Options.preset(NAME), options, Presets.FORT_KNOX_OPTIONS);
        return Presets.build(NAME, o, true);
    }
}
