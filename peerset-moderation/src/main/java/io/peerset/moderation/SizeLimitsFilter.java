package io.peerset.moderation;

import io.peerset.api.ModerationContext;
import io.peerset.api.ModerationFilter;
import io.peerset.api.SignedRecord;
import io.peerset.api.Verdict;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Size limits: the whole record as JSON, its content, its number of tags, and the content per
 * payload type (the {@code m} tag; a record without one is {@code text/plain}, the seeds' text).
 *
 * <p>Options (sizes in UTF-8 bytes): {@code max-json-bytes} (default {@value SignedRecord#MAX_JSON_BYTES}),
 * {@code max-content-bytes} (default {@value #DEFAULT_MAX_CONTENT_BYTES}), {@code max-tags}
 * (default {@value SignedRecord#MAX_TAGS}), and any number of {@code max-bytes.<type>} for the
 * content of one payload type, exact ({@code max-bytes.text/plain=2000}) or by major type
 * ({@code max-bytes.image/*=49152}); the exact type wins over the wildcard.
 */
public final class SizeLimitsFilter implements ModerationFilter {
    public static final String NAME = "size-limits";
    public static final int DEFAULT_MAX_CONTENT_BYTES = 32 * 1024;
    static final Set<String> OPTIONS = Set.of("max-json-bytes", "max-content-bytes", "max-tags");
    static final String PER_TYPE = "max-bytes.";

    private final int maxJsonBytes;
    private final int maxContentBytes;
    private final int maxTags;
    private final Map<String, Integer> perType;

    private SizeLimitsFilter(Builder b) {
        this.maxJsonBytes = b.maxJsonBytes;
        this.maxContentBytes = b.maxContentBytes;
        this.maxTags = b.maxTags;
        this.perType = Map.copyOf(b.perType);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** From {@code Moderation.filter("size-limits", options)}; see the class comment. */
    public static SizeLimitsFilter fromOptions(Map<String, String> options) {
        Options o = Options.of(Options.filter(NAME), options, OPTIONS, PER_TYPE);
        Builder b = builder()
            .maxJsonBytes(o.intValue("max-json-bytes", SignedRecord.MAX_JSON_BYTES, 1, Integer.MAX_VALUE))
            .maxContentBytes(o.intValue("max-content-bytes", DEFAULT_MAX_CONTENT_BYTES, 0, Integer.MAX_VALUE))
            .maxTags(o.intValue("max-tags", SignedRecord.MAX_TAGS, 0, Integer.MAX_VALUE));
        for (Map.Entry<String, String> e : o.withPrefix(PER_TYPE).entrySet()) {
            b.maxContentBytes(e.getKey(), (int) o.parseLong(PER_TYPE + e.getKey(), e.getValue(), 0, Integer.MAX_VALUE));
        }
        return b.build();
    }

    @Override public String name() {
        return NAME;
    }

    @Override public Verdict check(SignedRecord record, ModerationContext context) {
        if (record.tags().size() > maxTags) {
            return Verdict.reject("record has " + record.tags().size() + " tags; at most " + maxTags + " are allowed");
        }
        String type = mimeType(record);
        int content = utf8Length(record.content());
        Integer typeLimit = limitFor(type);
        if (typeLimit != null && content > typeLimit) {
            return Verdict.reject(type + " content is " + content + " bytes; at most " + typeLimit + " bytes are allowed for " + type);
        }
        if (content > maxContentBytes) {
            return Verdict.reject("content is " + content + " bytes; at most " + maxContentBytes + " bytes are allowed");
        }
        if (jsonUpperBound(record, content) > maxJsonBytes) {
            int json = utf8Length(record.toJson());
            if (json > maxJsonBytes) {
                return Verdict.reject("record is " + json + " bytes as JSON; at most " + maxJsonBytes + " bytes are allowed");
            }
        }
        return Verdict.accept();
    }

    /** Never less than the record's JSON size: fixed fields plus every string counted as if each character were escaped. */
    private static long jsonUpperBound(SignedRecord record, int contentBytes) {
        long n = 400 + 2L * contentBytes;
        for (java.util.List<String> t : record.tags()) {
            n += 2;
            for (String v : t) {
                n += 3 + 2L * utf8Length(v);
            }
        }
        return n;
    }

    private Integer limitFor(String type) {
        if (perType.isEmpty()) {
            return null;
        }
        Integer exact = perType.get(type);
        if (exact != null) {
            return exact;
        }
        int slash = type.indexOf('/');
        return slash < 0 ? null : perType.get(type.substring(0, slash) + "/*");
    }

    /** The {@code m} tag's type, lower case, parameters dropped; {@code text/plain} when absent. */
    static String mimeType(SignedRecord record) {
        String m = record.tag("m").orElse("text/plain");
        int semi = m.indexOf(';');
        return (semi >= 0 ? m.substring(0, semi) : m).strip().toLowerCase(Locale.ROOT);
    }

    /** UTF-8 length without encoding. */
    static int utf8Length(CharSequence s) {
        int n = 0;
        for (int i = 0, len = s.length(); i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    @Override public String toString() {
        return NAME + "[json " + maxJsonBytes + ", content " + maxContentBytes + ", tags " + maxTags
            + (perType.isEmpty() ? "" : ", " + new TreeMap<>(perType)) + "]";
    }

    /** Limits; every one has a default, so {@code builder().build()} is usable. */
    public static final class Builder {
        private int maxJsonBytes = SignedRecord.MAX_JSON_BYTES;
        private int maxContentBytes = DEFAULT_MAX_CONTENT_BYTES;
        private int maxTags = SignedRecord.MAX_TAGS;
        private final Map<String, Integer> perType = new TreeMap<>();

        private Builder() {}

        public Builder maxJsonBytes(int bytes) {
            this.maxJsonBytes = positive("max JSON bytes", bytes);
            return this;
        }

        public Builder maxContentBytes(int bytes) {
            this.maxContentBytes = notNegative("max content bytes", bytes);
            return this;
        }

        public Builder maxTags(int tags) {
            this.maxTags = notNegative("max tags", tags);
            return this;
        }

        /** Content limit for one payload type ({@code image/png}) or a major type ({@code image/*}). */
        public Builder maxContentBytes(String mimeType, int bytes) {
            String t = mimeType.strip().toLowerCase(Locale.ROOT);
            int slash = t.indexOf('/');
            if (slash <= 0 || slash == t.length() - 1 || t.indexOf('/', slash + 1) >= 0 || t.contains(";") || t.contains(" ")
                || (t.contains("*") && !t.endsWith("/*"))) {
                throw new IllegalArgumentException("payload type must look like text/plain or image/*; got '" + mimeType + "'");
            }
            perType.put(t, notNegative("max bytes for " + t, bytes));
            return this;
        }

        public SizeLimitsFilter build() {
            return new SizeLimitsFilter(this);
        }

        private static int positive(String what, int v) {
            if (v < 1) {
                throw new IllegalArgumentException(what + " must be at least 1; got " + v);
            }
            return v;
        }

        private static int notNegative(String what, int v) {
            if (v < 0) {
                throw new IllegalArgumentException(what + " must not be negative; got " + v);
            }
            return v;
        }
    }
}
