package io.peerset.moderation;

import io.peerset.api.ModerationContext;
import io.peerset.api.ModerationFilter;
import io.peerset.api.SignedRecord;
import io.peerset.api.Verdict;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Duplicate detection against the author's newest stored records
 * ({@link ModerationContext#recentByAuthor}, {@code recent} of them, default 20):
 * <ul>
 *   <li><b>exact</b>: the same text as any of them, after folding case, accents, look-alike
 *       letters, invisible characters, punctuation and spacing ("Hello, world!" = "hello world");
 *       non-text payloads ({@code m} tag not {@code text/…}) compare byte for byte;</li>
 *   <li><b>near</b>: text at least {@code similarity} alike (Jaccard index of character
 *       3-gram sets, default 0.85) to one written within {@code window} of it (default 1h) —
 *       the "same ad with a counter at the end" pattern.</li>
 * </ul>
 * Texts shorter than {@code min-length} folded characters (default 8: "ok", "+1", "thanks")
 * are never duplicates. A record that replaces a stored one (same kind and {@code d} tag, an
 * edit) is not compared with the record it replaces, nor is a record with itself.
 *
 * <p>Options: {@code window}, {@code similarity}, {@code recent}, {@code min-length}.
 */
public final class DuplicatesFilter implements ModerationFilter {
    public static final String NAME = "duplicates";
    static final Set<String> OPTIONS = Set.of("window", "similarity", "recent", "min-length");
    public static final Duration DEFAULT_WINDOW = Duration.ofHours(1);
    public static final double DEFAULT_SIMILARITY = 0.85;
    public static final int DEFAULT_RECENT = 20;
    public static final int DEFAULT_MIN_LENGTH = 8;
    /** Remembered stored records; about 100 bytes each, so at most ~6 MB. */
    private static final int CACHE_SIZE = 65_536;

    private final Duration window;
    private final double similarity;
    private final int recent;
    private final int minLength;
    private final Map<Long, Folded> cache = new LinkedHashMap<>(256, 0.75f, true) {
        @Override protected boolean removeEldestEntry(Map.Entry<Long, Folded> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    /** Defaults: 1h window, 0.85 similarity, newest 20 records, texts of 8+ characters. */
    public DuplicatesFilter() {
        this(DEFAULT_WINDOW, DEFAULT_SIMILARITY, DEFAULT_RECENT, DEFAULT_MIN_LENGTH);
    }

    /**
     * @param window how far apart in creation time two near-identical records count as duplicates
     * @param similarity Jaccard index (0 exclusive to 1) from which texts are near-identical
     * @param recent how many of the author's newest records to compare with
     * @param minLength shortest folded text that can be a duplicate
     */
    public DuplicatesFilter(Duration window, double similarity, int recent, int minLength) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("duplicate window must be positive; got " + window);
        }
        if (!(similarity > 0 && similarity <= 1)) {
            throw new IllegalArgumentException("similarity must be greater than 0 and at most 1; got " + similarity);
        }
        if (recent < 1 || recent > 10_000) {
            throw new IllegalArgumentException("recent must be between 1 and 10000 records; got " + recent);
        }
        if (minLength < 0) {
            throw new IllegalArgumentException("min length must not be negative; got " + minLength);
        }
        this.window = window;
        this.similarity = similarity;
        this.recent = recent;
        this.minLength = minLength;
    }

    /** From {@code Moderation.filter("duplicates", options)}; see the class comment. */
    public static DuplicatesFilter fromOptions(Map<String, String> options) {
        Options o = Options.of(Options.filter(NAME), options, OPTIONS);
        return new DuplicatesFilter(o.duration("window", DEFAULT_WINDOW), o.doubleValue("similarity", DEFAULT_SIMILARITY, 0, 1),
            o.intValue("recent", DEFAULT_RECENT, 1, 10_000), o.intValue("min-length", DEFAULT_MIN_LENGTH, 0, Integer.MAX_VALUE));
    }

    @Override public String name() {
        return NAME;
    }

    @Override public Verdict check(SignedRecord record, ModerationContext context) {
        boolean text = BannedWordsFilter.isText(record);
        String mine = text ? TextNormalizer.comparable(record.content()) : record.content();
        if (mine.length() < minLength) {
            return Verdict.accept();
        }
        int[] myShingles = null;
        long myHash = hash64(mine);
        long windowSeconds = window.getSeconds();
        for (SignedRecord r : context.recentByAuthor(record.pubkey(), recent)) {
            if (r.id().equals(record.id()) || AuthorQuotaFilter.replaces(record, r)) {
                continue;
            }
            boolean otherText = BannedWordsFilter.isText(r);
            if (text != otherText) {
                continue;
            }
            Folded other = folded(r, text);
            if (other.hash == myHash && other.length == mine.length() && comparable(r, text).equals(mine)) {
                return Verdict.reject("the author already has a record with the same " + (text ? "text" : "content")
                    + " (" + shortId(r) + "); write something new or edit that one");
            }
            if (!text || Math.abs(record.createdAt() - r.createdAt()) > windowSeconds) {
                continue;
            }
            if (myShingles == null) {
                myShingles = shingles(mine);
            }
            int[] theirs = other.shingles(r);
            if (Math.min(myShingles.length, theirs.length) < similarity * Math.max(myShingles.length, theirs.length)) {
                continue; // the Jaccard index cannot reach the threshold with set sizes this different
            }
            double j = jaccard(myShingles, theirs);
            if (j >= similarity) {
                return Verdict.reject("text is " + Math.round(j * 100) + "% alike to the author's record " + shortId(r)
                    + " written " + Duration.ofSeconds(Math.abs(record.createdAt() - r.createdAt())).toString().substring(2).toLowerCase()
                    + " apart (near-duplicates within " + window.toString().substring(2).toLowerCase() + " are refused)");
            }
        }
        return Verdict.accept();
    }

    private Folded folded(SignedRecord r, boolean text) {
        Long key = Long.parseUnsignedLong(r.id(), 0, 16, 16); // 64 bits of a SHA-256 id
        Folded f;
        synchronized (cache) {
            f = cache.get(key);
        }
        if (f == null) {
            String c = comparable(r, text);
            f = new Folded(hash64(c), c.length());
            synchronized (cache) {
                cache.put(key, f);
            }
        }
        return f;
    }

    private static String comparable(SignedRecord r, boolean text) {
        return text ? TextNormalizer.comparable(r.content()) : r.content();
    }

    /** 64-bit FNV-1a of the characters. */
    static long hash64(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0, n = s.length(); i < n; i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }

    private static String shortId(SignedRecord r) {
        return r.id().substring(0, 12) + "…";
    }

    /** Distinct hashes of the character 3-grams, sorted. */
    static int[] shingles(String s) {
        if (s.length() < 3) {
            return new int[] {s.hashCode()};
        }
        int[] h = new int[s.length() - 2];
        for (int i = 0; i + 3 <= s.length(); i++) {
            int x = s.charAt(i) * 0x9E3779B1 + s.charAt(i + 1) * 0x85EBCA77 + s.charAt(i + 2) * 0xC2B2AE3D;
            h[i] = x ^ (x >>> 15);
        }
        Arrays.sort(h);
        int n = 0;
        for (int i = 0; i < h.length; i++) {
            if (i == 0 || h[i] != h[i - 1]) {
                h[n++] = h[i];
            }
        }
        return Arrays.copyOf(h, n);
    }

    /** |a ∩ b| / |a ∪ b| of two sorted sets. */
    static double jaccard(int[] a, int[] b) {
        int i = 0;
        int j = 0;
        int common = 0;
        while (i < a.length && j < b.length) {
            if (a[i] == b[j]) {
                common++;
                i++;
                j++;
            } else if (a[i] < b[j]) {
                i++;
            } else {
                j++;
            }
        }
        int union = a.length + b.length - common;
        return union == 0 ? 1.0 : (double) common / union;
    }

    @Override public String toString() {
        return NAME + "[window " + window + ", similarity " + similarity + ", recent " + recent + "]";
    }

    /**
     * What is remembered of a stored record: a 64-bit hash and the length of its comparison
     * form (small, so thousands fit), and its 3-grams once a near-duplicate check needed them.
     */
    private static final class Folded {
        final long hash;
        final int length;
        private volatile int[] shingles;

        Folded(long hash, int length) {
            this.hash = hash;
            this.length = length;
        }

        int[] shingles(SignedRecord r) {
            int[] s = shingles;
            if (s == null) {
                s = DuplicatesFilter.shingles(comparable(r, true));
                shingles = s;
            }
            return s;
        }
    }
}
