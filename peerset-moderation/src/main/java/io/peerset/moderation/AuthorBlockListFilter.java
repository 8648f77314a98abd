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
 * Records by listed authors are refused.
 *
 * <p>Options: {@code authors} (comma- or space-separated keys, 64-hex or {@code npub1…}),
 * {@code file} (one key per line, {@code #} comments). An empty list blocks nobody.
 */
public final class AuthorBlockListFilter implements ModerationFilter {
    public static final String NAME = "author-block-list";
    static final Set<String> OPTIONS = Set.of("authors", "file");

    private final Set<String> authors;

    /** @param authors hex or npub keys */
    public AuthorBlockListFilter(Collection<String> authors) {
        this.authors = AuthorKeys.parse(authors);
    }

    /** From {@code Moderation.filter("author-block-list", options)}: {@code authors} and/or {@code file}. */
    public static AuthorBlockListFilter fromOptions(Map<String, String> options) {
        Options o = Options.of(Options.filter(NAME), options, OPTIONS);
        List<String> keys = new ArrayList<>(o.list("authors"));
        keys.addAll(o.fileLines("file"));
        return new AuthorBlockListFilter(keys);
    }

    /** The blocked authors, lowercase hex. */
    public Set<String> authors() {
        return authors;
    }

    @Override public String name() {
        return NAME;
    }

    @Override public Verdict check(SignedRecord record, ModerationContext context) {
        return authors.contains(record.pubkey())
            ? Verdict.reject("author " + AuthorKeys.shortHex(record.pubkey()) + " is blocked in this room")
            : Verdict.accept();
    }

    @Override public String toString() {
        return NAME + "[" + authors.size() + " authors]";
    }
}
