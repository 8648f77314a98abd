package io.peerset.moderation;

import io.peerset.api.ModerationContext;
import io.peerset.api.ModerationFilter;
import io.peerset.api.SignedRecord;
import io.peerset.api.Verdict;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * At most N live (stored, not yet expired) records per author: the seeds' "max 5 records per
 * author". Counted with {@link ModerationContext#storedByAuthor}.
 *
 * <p>A record that takes the place of one already stored does not count as another: an
 * addressable record (kinds 30000–39999) with the same kind and {@code d} tag as a stored one
 * of the same author, a replaceable record (kinds 0, 3, 10000–19999) with the same kind, and a
 * record whose id is already stored. These are looked up among the author's newest
 * {@value #SCAN_LIMIT} stored records ({@link ModerationContext#recentByAuthor}); an author
 * who has more stored records than that (the quota was lowered, say) can only replace one of
 * the newest. Ephemeral records (20000–29999) are never stored and always pass.
 *
 * <p>Options: {@code max} (default 5).
 */
public final class AuthorQuotaFilter implements ModerationFilter {
    public static final String NAME = "author-quota";
    public static final int DEFAULT_MAX = 5;
    static final Set<String> OPTIONS = Set.of("max");
    static final int SCAN_LIMIT = 1024;

    private final int max;

    /** @param max the largest number of live records one author may have, at least 1 */
    public AuthorQuotaFilter(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("author quota must be at least 1 record; got " + max);
        }
        this.max = max;
    }

    /** From {@code Moderation.filter("author-quota", options)}: option {@code max}. */
    public static AuthorQuotaFilter fromOptions(Map<String, String> options) {
        Options o = Options.of(Options.filter(NAME), options, OPTIONS);
        return new AuthorQuotaFilter(o.intValue("max", DEFAULT_MAX, 1, Integer.MAX_VALUE));
    }

    public int max() {
        return max;
    }

    @Override public String name() {
        return NAME;
    }

    @Override public Verdict check(SignedRecord record, ModerationContext context) {
        if (record.isEphemeral()) {
            return Verdict.accept();
        }
        long stored = context.storedByAuthor(record.pubkey());
        if (stored < max) {
            return Verdict.accept();
        }
        List<SignedRecord> recent = context.recentByAuthor(record.pubkey(), (int) Math.min(stored, SCAN_LIMIT));
        for (SignedRecord r : recent) {
            if (r.id().equals(record.id()) || replaces(record, r)) {
                return Verdict.accept();
            }
        }
        return Verdict.reject("author already has " + stored + " live records and at most " + max
            + " are allowed per author; replace one (same kind and d tag) or wait until one expires");
    }

    /** True when {@code incoming} would take the place of {@code stored} (same author assumed). */
    static boolean replaces(SignedRecord incoming, SignedRecord stored) {
        if (incoming.kind() != stored.kind()) {
            return false;
        }
        if (incoming.isReplaceable()) {
            return true;
        }
        return incoming.isAddressable() && incoming.d().equals(stored.d());
    }

    @Override public String toString() {
        return NAME + "[max " + max + "]";
    }
}
