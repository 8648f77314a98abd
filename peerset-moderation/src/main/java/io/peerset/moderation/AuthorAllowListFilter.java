package io.peerset.moderation;

import io.peerset.api.ModerationContext;
import io.peerset.api.ModerationFilter;
import io.peerset.api.SignedRecord;
import io.peerset.api.Verdict;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Only records by listed authors pass: the "Fort Knox" door.
 *
 * <p>Options: {@code authors} (comma- or space-separated keys, 64-hex or {@code npub1…}),
 * {@code file} (one key per line, {@code #} comments). At least one key is required.
 */
public final class AuthorAllowListFilter implements ModerationFilter {
    public static final String NAME = "author-allow-list";
    static final Set<String> OPTIONS = Set.of("authors", "file");

    private final Set<String> authors;

    /** @param authors hex or npub keys; at least one */
    public AuthorAllowListFilter(Collection<String> authors) {
        if (authors.isEmpty()) {
            throw new IllegalArgumentException("an author allow-list needs at least one author key (64 hex characters or npub1…)");
        }
        this.authors = AuthorKeys.parse(authors);
    }

    /** From {@code Moderation.filter("author-allow-list", options)}: {@code authors} and/or {@code file}. */
    public static AuthorAllowListFilter fromOptions(Map<String, String> options) {
        Options o = Options.of(Options.filter(NAME), options, OPTIONS);
        List<String> keys = new ArrayList<>(o.list("authors"));
        keys.addAll(o.fileLines("file"));
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(Options.filter(NAME) + " needs option 'authors' (comma-separated hex or npub "
                + "keys) or 'file' (one key per line)");
        }
        return new AuthorAllowListFilter(keys);
    }

    /** The allowed authors, lowercase hex. */
    public Set<String> authors() {
        return authors;
    }

    @Override public String name() {
        return NAME;
    }

    @Override public Verdict check(SignedRecord record, ModerationContext context) {
        return authors.contains(record.pubkey())
            ? Verdict.accept()
            : Verdict.reject("author " + AuthorKeys.shortHex(record.pubkey()) + " is not on this room's allow-list");
    }

    @Override public String toString() {
        return NAME + "[" + authors.size() + " authors]";
    }
}
