package io.peerset.moderation;

import io.peerset.api.Moderation;
import io.peerset.api.ModerationFilter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The chain behind {@link StandardPreset} and {@link FortKnoxPreset}, from their options. */
final class Presets {
    private Presets() {}

    /** Options both presets take. */
    static final Set<String> STANDARD_OPTIONS = Set.of(
        "max-per-author",
        "banned-words", "banned-words-file", "banned-words-default",
        "link-patterns", "link-patterns-file",
        "duplicate-window", "duplicate-similarity",
        "max-json-bytes", "max-content-bytes",
        "max-future-skew", "max-age",
        "block-authors", "block-authors-file");

    /** Options fort-knox takes besides the standard ones. */
    static final Set<String> FORT_KNOX_OPTIONS;

    static {
        Set<String> s = new TreeSet<>(STANDARD_OPTIONS);
        s.add("allow-authors");
        s.add("allow-authors-file");
        FORT_KNOX_OPTIONS = Set.copyOf(s);
    }

    /** Fort-knox's link policy when no pattern is given: https links only. */
    static final String FORT_KNOX_DEFAULT_LINK_PATTERN = "https://[^\\s]+";

    static Moderation build(String presetName, Options o, boolean fortKnox) {
        List<ModerationFilter> chain = new ArrayList<>();
        // cheapest and most decisive first
        if (fortKnox) {
            List<String> allow = new ArrayList<>(o.list("allow-authors"));
            allow.addAll(o.fileLines("allow-authors-file"));
            if (allow.isEmpty()) {
                throw new IllegalArgumentException("moderation preset 'fort-knox' admits only allow-listed authors: set option "
                    + "'allow-authors' (comma-separated 64-hex or npub1… keys) or 'allow-authors-file' (one key per line)");
            }
            chain.add(new AuthorAllowListFilter(allow));
        }
        List<String> block = new ArrayList<>(o.list("block-authors"));
        block.addAll(o.fileLines("block-authors-file"));
        if (!block.isEmpty()) {
            chain.add(new AuthorBlockListFilter(block));
        }
        if (fortKnox) {
            chain.add(new AuthenticatedSenderFilter());
        }
        chain.add(new TimestampBoundsFilter(Optional.ofNullable(o.duration("max-future-skew", null)),
            Optional.ofNullable(o.duration("max-age", null))));
        chain.add(SizeLimitsFilter.builder()
            .maxJsonBytes(o.intValue("max-json-bytes", io.peerset.api.SignedRecord.MAX_JSON_BYTES, 1, Integer.MAX_VALUE))
            .maxContentBytes(o.intValue("max-content-bytes", SizeLimitsFilter.DEFAULT_MAX_CONTENT_BYTES, 0, Integer.MAX_VALUE))
            .build());
        List<String> patterns = new ArrayList<>(o.spaceList("link-patterns"));
        patterns.addAll(o.fileLines("link-patterns-file"));
        if (patterns.isEmpty() && fortKnox) {
            patterns.add(FORT_KNOX_DEFAULT_LINK_PATTERN);
        }
        if (!patterns.isEmpty()) {
            chain.add(new LinkAllowListFilter(patterns));
        }
        chain.add(new NoLinksInTextFilter());
        BannedWordsFilter.Builder words = BannedWordsFilter.builder();
        if (o.bool("banned-words-default", !o.has("banned-words-file"))) {
            words.defaultList();
        }
        if (o.has("banned-words-file")) {
            words.file(Path.of(o.string("banned-words-file", "")));
        }
        words.words(o.list("banned-words"));
        try {
            chain.add(words.build());
        } catch (IllegalArgumentException empty) {
            if (fortKnox) {
                throw new IllegalArgumentException("moderation preset 'fort-knox' runs every filter and needs banned words: "
                    + "leave 'banned-words-default' true or give 'banned-words' or 'banned-words-file'", empty);
            }
            // standard with the word list switched off and no words given: no word filter
        }
        chain.add(new AuthorQuotaFilter(o.intValue("max-per-author", AuthorQuotaFilter.DEFAULT_MAX, 1, Integer.MAX_VALUE)));
        chain.add(new DuplicatesFilter(o.duration("duplicate-window", DuplicatesFilter.DEFAULT_WINDOW),
            o.doubleValue("duplicate-similarity", DuplicatesFilter.DEFAULT_SIMILARITY, 0, 1),
            DuplicatesFilter.DEFAULT_RECENT, DuplicatesFilter.DEFAULT_MIN_LENGTH));
        Moderation m = Moderation.of(chain);
        return fortKnox ? m.authenticatedPeersOnly(true) : m;
    }
}
