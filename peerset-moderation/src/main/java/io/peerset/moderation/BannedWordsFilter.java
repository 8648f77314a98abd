package io.peerset.moderation;

import io.peerset.api.ModerationContext;
import io.peerset.api.ModerationFilter;
import io.peerset.api.SignedRecord;
import io.peerset.api.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Rejects text that contains a banned word or phrase, matched as whole words after folding
 * look-alike spellings (see {@link TextNormalizer}): {@code ＢＡＤ}, {@code bаd} with a Cyrillic
 * {@code а}, {@code b\u200Bad}, {@code b̶a̶d̶}, {@code b4d}, {@code baaaad} and {@code b.a.d} all
 * read as {@code bad}, while {@code class}, {@code passage} or {@code Scunthorpe} never match
 * a shorter banned word inside them.
 *
 * <p>List entries, one per line ({@code #} starts a comment): a word ({@code spam}), a phrase
 * matched as consecutive words ({@code free money}), or a prefix ending in {@code *}
 * ({@code spam*} matches spammer, spamming; at least three characters before the star).
 *
 * <p>Checked: the content when the record is text (no {@code m} tag, or an {@code m} tag
 * starting with {@code text/}), and the values of the tags named by {@code tags}
 * (default {@code subject}, {@code title}, {@code t}).
 *
 * <p>Spelled-out words ({@code b a d}, {@code b.a.d}, {@code b-a-d}) are caught when three or
 * more single characters follow each other with at most three separator characters between
 * them; a word split into longer pieces ({@code ba d}) is not, because joining
 * ordinary neighbouring words ("it's hit") would reject innocent text.
 *
 * <p>Options ({@code Moderation.filter("banned-words", options)}): {@code words} (comma-separated
 * entries added to the list), {@code file} (a UTF-8 list file; replaces the built-in list),
 * {@code default-list} ({@code true}/{@code false}: include the built-in list; default true
 * unless {@code file} is given), {@code tags} (comma-separated tag names to check as well).
 */
public final class BannedWordsFilter implements ModerationFilter {
    public static final String NAME = "banned-words";
    /** Classpath resource of the built-in list: a few mild placeholder profanities and spam phrases. */
    public static final String DEFAULT_LIST_RESOURCE = "/io/peerset/moderation/banned-words.txt";
    static final Set<String> OPTIONS = Set.of("words", "file", "default-list", "tags");

    private static final int SPELLED_MIN = 3;
    private static final int SPELLED_MAX_GAP = 3;

    private final Map<String, String> words;       // folded word -> list entry
    private final Map<String, String> prefixes;    // folded prefix -> list entry
    private final Map<String, String> phrases;     // folded words joined by ' ' -> list entry
    private final Set<String> phraseStarts;        // first folded word of each phrase
    private final int maxWordLength;
    private final int maxPhraseWords;
    private final int[] prefixLengths;
    private final List<String> tags;

    private BannedWordsFilter(Builder b) {
        Map<String, String> w = new HashMap<>();
        Map<String, String> p = new HashMap<>();
        Map<String, String> ph = new HashMap<>();
        int maxLen = 0;
        int maxWords = 0;
        Set<Integer> lengths = new TreeSet<>();
        for (String raw : b.entries) {
            String entry = raw.strip();
            boolean prefix = entry.endsWith("*");
            String body = prefix ? entry.substring(0, entry.length() - 1) : entry;
            List<TextNormalizer.Token> toks = TextNormalizer.tokens(TextNormalizer.fold(body));
            if (toks.isEmpty()) {
                throw new IllegalArgumentException("banned word entry '" + raw + "' has no letters or digits; "
                    + "give a word, a phrase, or a prefix ending in *");
            }
            if (prefix) {
                if (toks.size() != 1) {
                    throw new IllegalArgumentException("banned word entry '" + raw + "': a prefix ending in * must be one word");
                }
                String f = TextNormalizer.primary(toks.get(0).text);
                if (f.length() < 3) {
                    throw new IllegalArgumentException("banned word entry '" + raw
                        + "': a prefix needs at least 3 letters before the *, or it would match too many words");
                }
                p.putIfAbsent(f, entry);
                lengths.add(f.length());
            } else if (toks.size() == 1) {
                String f = TextNormalizer.primary(toks.get(0).text);
                w.putIfAbsent(f, entry);
                maxLen = Math.max(maxLen, f.length());
            } else {
                StringBuilder sb = new StringBuilder();
                for (TextNormalizer.Token t : toks) {
                    if (sb.length() > 0) {
                        sb.append(' ');
                    }
                    sb.append(TextNormalizer.primary(t.text));
                }
                ph.putIfAbsent(sb.toString(), entry);
                maxWords = Math.max(maxWords, toks.size());
            }
        }
        this.words = Map.copyOf(w);
        this.prefixes = Map.copyOf(p);
        this.phrases = Map.copyOf(ph);
        Set<String> starts = new HashSet<>();
        for (String phrase : ph.keySet()) {
            starts.add(phrase.substring(0, phrase.indexOf(' ')));
        }
        this.phraseStarts = Set.copyOf(starts);
        this.maxWordLength = Math.max(maxLen, lengths.isEmpty() ? 0 : ((TreeSet<Integer>) lengths).last());
        this.maxPhraseWords = maxWords;
        this.prefixLengths = lengths.stream().mapToInt(Integer::intValue).toArray();
        this.tags = List.copyOf(b.tags);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The built-in list only. */
    public static BannedWordsFilter defaultList() {
        return builder().defaultList().build();
    }

    /** From {@code Moderation.filter("banned-words", options)}; see the class comment for the options. */
    public static BannedWordsFilter fromOptions(Map<String, String> options) {
        Options o = Options.of(Options.filter(NAME), options, OPTIONS);
        Builder b = builder();
        List<String> fromFile = o.fileLines("file");
        if (o.bool("default-list", !o.has("file"))) {
            b.defaultList();
        }
        b.words(fromFile);
        b.words(o.list("words"));
        if (o.has("tags")) {
            b.tags(o.list("tags"));
        }
        if (b.entries.isEmpty()) {
            throw new IllegalArgumentException(Options.filter(NAME) + " has an empty word list; give option 'words' or "
                + "'file', or leave 'default-list' true");
        }
        return b.build();
    }

    /** The built-in list's entries. */
    public static List<String> defaultEntries() {
        try (InputStream in = BannedWordsFilter.class.getResourceAsStream(DEFAULT_LIST_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("built-in word list " + DEFAULT_LIST_RESOURCE + " is missing from the peerset-moderation jar");
            }
            return Options.lines(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read built-in word list " + DEFAULT_LIST_RESOURCE, e);
        }
    }

    @Override public String name() {
        return NAME;
    }

    @Override public Verdict check(SignedRecord record, ModerationContext context) {
        if (isText(record)) {
            String hit = find(record.content());
            if (hit != null) {
                return Verdict.reject("text contains a banned word (" + mask(hit) + "); rephrase without it");
            }
        }
        if (!tags.isEmpty()) {
            for (List<String> t : record.tags()) {
                if (t.size() >= 2 && tags.contains(t.get(0))) {
                    for (int i = 1; i < t.size(); i++) {
                        String hit = find(t.get(i));
                        if (hit != null) {
                            return Verdict.reject("tag '" + t.get(0) + "' contains a banned word (" + mask(hit) + ")");
                        }
                    }
                }
            }
        }
        return Verdict.accept();
    }

    /** True when the record's content is text: no {@code m} tag, or one starting with {@code text/}. */
    static boolean isText(SignedRecord record) {
        return record.tag("m").map(m -> m.startsWith("text/")).orElse(true);
    }

    /** The list entry found in this text, or null. */
    String find(String text) {
        if (text.isEmpty()) {
            return null;
        }
        List<TextNormalizer.Token> toks = TextNormalizer.tokens(TextNormalizer.fold(text));
        for (TextNormalizer.Token t : toks) {
            String hit = matchWord(t.text);
            if (hit != null) {
                return hit;
            }
        }
        if (!phrases.isEmpty() && toks.size() >= 2) {
            String hit = matchPhrases(toks);
            if (hit != null) {
                return hit;
            }
        }
        return matchSpelled(toks);
    }

    private String matchWord(String token) {
        if (token.length() > 4 * maxWordLength + 16 && prefixLengths.length == 0) {
            return null; // far longer than any entry, even before squeezing repeats
        }
        if (TextNormalizer.isPlain(token)) {
            return matchReading(token);
        }
        for (String v : TextNormalizer.variants(token)) {
            String e = matchReading(v);
            if (e != null) {
                return e;
            }
        }
        return null;
    }

    private String matchReading(String v) {
        String e = words.get(v);
        if (e != null) {
            return e;
        }
        for (int len : prefixLengths) {
            if (v.length() < len) {
                break;
            }
            e = prefixes.get(v.substring(0, len));
            if (e != null) {
                return e;
            }
        }
        return null;
    }

    private String matchPhrases(List<TextNormalizer.Token> toks) {
        String[] primary = new String[toks.size()];
        for (int i = 0; i < primary.length; i++) {
            String t = toks.get(i).text;
            primary[i] = TextNormalizer.isPlain(t) ? t : TextNormalizer.primary(t);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < primary.length; i++) {
            if (!phraseStarts.contains(primary[i])) {
                continue;
            }
            sb.setLength(0);
            sb.append(primary[i]);
            for (int k = 1; k < maxPhraseWords && i + k < primary.length; k++) {
                sb.append(' ').append(primary[i + k]);
                String e = phrases.get(sb.toString());
                if (e != null) {
                    return e;
                }
            }
        }
        return null;
    }

    /** Runs of single characters ("b a d", "b.a.d"): every stretch of three or more is read as a word. */
    private String matchSpelled(List<TextNormalizer.Token> toks) {
        int i = 0;
        while (i < toks.size()) {
            if (toks.get(i).text.length() != 1) {
                i++;
                continue;
            }
            int j = i + 1;
            while (j < toks.size() && toks.get(j).text.length() == 1
                && toks.get(j).start - toks.get(j - 1).end <= SPELLED_MAX_GAP) {
                j++;
            }
            if (j - i >= SPELLED_MIN) {
                StringBuilder run = new StringBuilder(j - i);
                for (int k = i; k < j; k++) {
                    run.append(toks.get(k).text);
                }
                int limit = Math.max(maxWordLength, SPELLED_MIN);
                for (int s = 0; s + SPELLED_MIN <= run.length(); s++) {
                    for (int len = SPELLED_MIN; len <= limit && s + len <= run.length(); len++) {
                        String hit = matchWord(run.substring(s, s + len));
                        if (hit != null) {
                            return hit;
                        }
                    }
                }
            }
            i = j;
        }
        return null;
    }

    /** "shit" → "s***": says which entry matched without repeating it. */
    static String mask(String entry) {
        StringBuilder sb = new StringBuilder(entry.length());
        int first = entry.codePointAt(0);
        sb.appendCodePoint(first);
        for (int i = Character.charCount(first); i < entry.length(); ) {
            int cp = entry.codePointAt(i);
            i += Character.charCount(cp);
            sb.append(Character.isLetterOrDigit(cp) ? '*' : (char) cp);
        }
        return sb.toString();
    }

    /** Number of distinct entries (words, phrases, prefixes) after folding. */
    public int size() {
        return words.size() + prefixes.size() + phrases.size();
    }

    @Override public String toString() {
        return NAME + "[" + size() + " entries, tags " + tags + "]";
    }

    /** Collects list entries; {@link #build()} folds and validates them. */
    public static final class Builder {
        private final Set<String> entries = new LinkedHashSet<>();
        private List<String> tags = List.of("subject", "title", "t");

        private Builder() {}

        /** Adds entries: words, phrases, or prefixes ending in {@code *}. */
        public Builder words(Collection<String> words) {
            for (String w : words) {
                entries.add(Objects.requireNonNull(w, "word"));
            }
            return this;
        }

        public Builder words(String... words) {
            return words(List.of(words));
        }

        /** Adds the built-in list. */
        public Builder defaultList() {
            return words(defaultEntries());
        }

        /** Adds the entries of a UTF-8 list file, one per line, {@code #} comments. */
        public Builder file(Path file) {
            return words(Options.of("banned word list", Map.of("file", file.toString()), Set.of("file")).fileLines("file"));
        }

        /** Tag names whose values are checked besides the content (default subject, title, t); none to check content only. */
        public Builder tags(Collection<String> tagNames) {
            this.tags = new ArrayList<>(tagNames);
            return this;
        }

        public BannedWordsFilter build() {
            if (entries.isEmpty()) {
                throw new IllegalArgumentException("a banned-words filter needs at least one word; add words, a file, or the default list");
            }
            return new BannedWordsFilter(this);
        }
    }
}
