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
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The seeds' "regex check on link field": every link ({@code r} tag value) must match, as a
 * whole, at least one configured regular expression. Records without links pass.
 *
 * <p>Patterns are compiled once. Because the patterns come from configuration and the links
 * from strangers, matching is bounded twice: links longer than {@code max-link-length}
 * (default 2048) are rejected before any matching, and each match runs on a character
 * sequence that counts its reads and gives up after {@code 2000 × (length + 16)} of them, so
 * even a pattern with catastrophic backtracking costs a bounded time per link (the record is
 * then rejected, saying so). Patterns with an obviously nested quantifier, a group of one
 * repeated atom that is itself repeated ({@code (a+)+}, {@code (x*)*}, {@code (a?)+}), are
 * refused at configuration time.
 *
 * <p>Options: {@code patterns} (whitespace-separated regular expressions; use {@code \s} for a
 * space), {@code patterns-file} (one per line, {@code #} comments), {@code max-link-length},
 * {@code tags} (comma-separated tag names holding links; default {@code r}).
 */
public final class LinkAllowListFilter implements ModerationFilter {
    public static final String NAME = "link-allow-list";
    static final Set<String> OPTIONS = Set.of("patterns", "patterns-file", "max-link-length", "tags");
    public static final int DEFAULT_MAX_LINK_LENGTH = 2048;
    private static final long STEPS_PER_CHAR = 2000;

    /** A group holding just one quantified atom, itself quantified: (a+)+, (\w*)*, ([a-z]?)+, (?:x+){2,}. */
    private static final Pattern NESTED_QUANTIFIER =
        Pattern.compile("\\((?:\\?:)?(?:\\\\.|\\[[^\\]]*\\]|[^()\\\\\\[\\]|])[+*?]\\)[+*{]");

    private final List<Pattern> patterns;
    private final int maxLinkLength;
    private final List<String> tags;

    /** Links in {@code r} tags must match one of these patterns; at most {@value #DEFAULT_MAX_LINK_LENGTH} characters. */
    public LinkAllowListFilter(Collection<String> patterns) {
        this(patterns, DEFAULT_MAX_LINK_LENGTH, List.of("r"));
    }

    /**
     * @param patterns regular expressions, each matched against a whole link
     * @param maxLinkLength longest link accepted, in characters
     * @param tags tag names whose values are links
     * @throws IllegalArgumentException for no pattern, a pattern that does not compile or nests quantifiers
     */
    public LinkAllowListFilter(Collection<String> patterns, int maxLinkLength, Collection<String> tags) {
        if (patterns.isEmpty()) {
            throw new IllegalArgumentException("link-allow-list needs at least one pattern, e.g. https://example\\.org/.*");
        }
        if (maxLinkLength < 1) {
            throw new IllegalArgumentException("max link length must be at least 1; got " + maxLinkLength);
        }
        if (tags.isEmpty()) {
            throw new IllegalArgumentException("link-allow-list needs at least one tag name holding links, usually r");
        }
        List<Pattern> compiled = new ArrayList<>();
        for (String p : patterns) {
            if (NESTED_QUANTIFIER.matcher(p).find()) {
                throw new IllegalArgumentException("link pattern '" + p + "' repeats a repeated group (like (a+)+), which can take "
                    + "exponential time on hostile links; rewrite it without the nested quantifier");
            }
            try {
                compiled.add(Pattern.compile(p));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("link pattern '" + p + "' is not a valid Java regular expression: "
                    + e.getDescription() + " near index " + e.getIndex(), e);
            }
        }
        this.patterns = List.copyOf(compiled);
        this.maxLinkLength = maxLinkLength;
        this.tags = List.copyOf(tags);
    }

    /** From {@code Moderation.filter("link-allow-list", options)}; see the class comment. */
    public static LinkAllowListFilter fromOptions(Map<String, String> options) {
        Options o = Options.of(Options.filter(NAME), options, OPTIONS);
        List<String> p = new ArrayList<>(o.spaceList("patterns"));
        p.addAll(o.fileLines("patterns-file"));
        if (p.isEmpty()) {
            throw new IllegalArgumentException(Options.filter(NAME) + " needs option 'patterns' (whitespace-separated regular "
                + "expressions, e.g. https://example\\.org/.*) or 'patterns-file'");
        }
        List<String> tags = o.has("tags") ? o.list("tags") : List.of("r");
        return new LinkAllowListFilter(p, o.intValue("max-link-length", DEFAULT_MAX_LINK_LENGTH, 1, 1 << 20), tags);
    }

    @Override public String name() {
        return NAME;
    }

    @Override public Verdict check(SignedRecord record, ModerationContext context) {
        for (List<String> t : record.tags()) {
            if (t.size() < 2 || !tags.contains(t.get(0))) {
                continue;
            }
            String link = t.get(1);
            if (link.length() > maxLinkLength) {
                return Verdict.reject("link is " + link.length() + " characters long; at most " + maxLinkLength + " are allowed");
            }
            Boolean ok = allowed(link);
            if (ok == null) {
                return Verdict.reject("link '" + shorten(link) + "' took too long to check against the allowed patterns");
            }
            if (!ok) {
                return Verdict.reject("link '" + shorten(link) + "' does not match any allowed link pattern " + patternList());
            }
        }
        return Verdict.accept();
    }

    /** True if a pattern matches the whole link, false if none does, null if matching exceeded its budget. */
    Boolean allowed(String link) {
        for (Pattern p : patterns) {
            BudgetedChars chars = new BudgetedChars(link, STEPS_PER_CHAR * (link.length() + 16));
            try {
                if (p.matcher(chars).matches()) {
                    return true;
                }
            } catch (BudgetExceeded e) {
                return null;
            }
        }
        return false;
    }

    private String patternList() {
        List<String> l = new ArrayList<>();
        for (Pattern p : patterns) {
            l.add(p.pattern());
            if (l.size() == 5 && patterns.size() > 5) {
                l.add("… " + (patterns.size() - 5) + " more");
                break;
            }
        }
        return l.toString();
    }

    private static String shorten(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }

    @Override public String toString() {
        return NAME + patternList();
    }

    private static final class BudgetExceeded extends RuntimeException {
        BudgetExceeded() {
            super("regular expression step budget exceeded", null, false, false);
        }
    }

    /** A string that throws once it has been read too many times: bounds any regex's running time. */
    private static final class BudgetedChars implements CharSequence {
        private final String s;
        private final int offset;
        private final int length;
        private final long[] budget;

        BudgetedChars(String s, long budget) {
            this(s, 0, s.length(), new long[] {budget});
        }

        private BudgetedChars(String s, int offset, int length, long[] budget) {
            this.s = s;
            this.offset = offset;
            this.length = length;
            this.budget = budget;
        }

        @Override public char charAt(int index) {
            if (--budget[0] < 0) {
                throw new BudgetExceeded();
            }
            return s.charAt(offset + index);
        }

        @Override public int length() {
            return length;
        }

        @Override public CharSequence subSequence(int start, int end) {
            return new BudgetedChars(s, offset + start, end - start, budget);
        }

        @Override public String toString() {
            return s.substring(offset, offset + length);
        }
    }
}
