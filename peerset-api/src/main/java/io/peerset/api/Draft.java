package io.peerset.api;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An unsigned record being composed: content, kind and tags. Immutable; each
 * method returns a new draft. Signing it with an {@link Identity} gives a {@link SignedRecord}.
 *
 * <pre>{@code
 * SignedRecord r = identity.sign(Draft.text("hello").link("https://example.org").geohash("u33d"));
 * }</pre>
 *
 * <p>The seeds' fields map onto tags: uuid → {@code d} (with {@link #uuid} the kind
 * becomes addressable, {@value #DEFAULT_ADDRESSABLE_KIND}, unless set), geolocation →
 * {@code g}, link → {@code r}, millisecond timestamp → {@code ms}, payload MIME type → {@code m}.
 */
public final class Draft {
    /** Kind of a plain text note (NIP-01). */
    public static final int TEXT_KIND = 1;
    /** Kind used for records that carry a uuid ({@code d} tag) unless another is set. */
    public static final int DEFAULT_ADDRESSABLE_KIND = 30078;

    private final String content;
    private final Integer kind;
    private final List<List<String>> tags;
    private final Long createdAtMillis;
    private final boolean msTag;

    private Draft(String content, Integer kind, List<List<String>> tags, Long createdAtMillis, boolean msTag) {
        this.content = content;
        this.kind = kind;
        this.tags = tags;
        this.createdAtMillis = createdAtMillis;
        this.msTag = msTag;
    }

    /**
     * A draft whose content is this text.
     *
     * @param content the content, not null
     * @return a new draft
     */
    public static Draft text(String content) {
        return new Draft(Objects.requireNonNull(content, "content"), null, List.of(), null, true);
    }

    /**
     * Sets the NIP-01 kind (0–65535).
     *
     * @param kind the kind
     * @return a new draft
     */
    public Draft kind(int kind) {
        if (kind < 0 || kind > 65535) {
            throw new IllegalArgumentException("kind must be between 0 and 65535; got " + kind);
        }
        return new Draft(content, kind, tags, createdAtMillis, msTag);
    }

    /**
     * Adds a tag {@code [name, values…]}.
     *
     * @param name the tag name
     * @param values the tag values
     * @return a new draft
     */
    public Draft tag(String name, String... values) {
        List<String> t = new ArrayList<>(1 + values.length);
        t.add(Objects.requireNonNull(name, "tag name"));
        for (String v : values) {
            t.add(Objects.requireNonNull(v, "tag value"));
        }
        List<List<String>> nt = new ArrayList<>(tags);
        nt.add(List.copyOf(t));
        return new Draft(content, kind, List.copyOf(nt), createdAtMillis, msTag);
    }

    /**
     * The seeds' uuid: a {@code d} tag, making the record addressable (replaceable by a newer one with the same uuid).
     *
     * @param uuid the uuid
     * @return a new draft
     */
    public Draft uuid(String uuid) { return tag("d", uuid); }

    /**
     * The seeds' link: an {@code r} tag.
     *
     * @param url the link
     * @return a new draft
     */
    public Draft link(String url) { return tag("r", url); }

    /**
     * The seeds' geolocation: a {@code g} tag with a geohash.
     *
     * @param geohash the geohash
     * @return a new draft
     */
    public Draft geohash(String geohash) { return tag("g", geohash); }

    /**
     * Payload MIME type: an {@code m} tag, which selects the {@code PayloadCodec}.
     *
     * @param mimeType the MIME type
     * @return a new draft
     */
    public Draft mime(String mimeType) { return tag("m", mimeType); }

    /**
     * Creation time in milliseconds; by default the time of signing (by the room's
     * {@link PeersetConfig#clock()} when a room signs it).
     *
     * @param millis milliseconds since the epoch, not negative
     * @return a new draft
     */
    public Draft createdAtMillis(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("creation time must not be negative; got " + millis);
        }
        return new Draft(content, kind, tags, millis, true);
    }

    /**
     * Creation time in whole seconds ({@code created_at}), with no {@code ms} tag: the
     * event is exactly the NIP-01 fields given (as {@code peerset sign} needs).
     *
     * @param seconds seconds since the epoch, not negative
     * @return a new draft
     */
    public Draft createdAt(long seconds) {
        if (seconds < 0 || seconds > Long.MAX_VALUE / 1000) {
            throw new IllegalArgumentException("created_at must be a non-negative number of seconds; got " + seconds);
        }
        return new Draft(content, kind, tags, seconds * 1000, false);
    }

    /**
     * Same draft, without the {@code ms} tag that signing otherwise adds.
     *
     * @return a new draft
     */
    public Draft withoutMillisTag() {
        return new Draft(content, kind, tags, createdAtMillis, false);
    }

    /** {@return the content} */
    public String content() { return content; }

    /** {@return the tags added so far} */
    public List<List<String>> tags() { return tags; }

    SignedRecord signWith(Identity identity, Clock clock) {
        long ms = createdAtMillis != null ? createdAtMillis : clock.millis();
        long seconds = ms / 1000;
        boolean hasD = false;
        for (List<String> t : tags) {
            if (t.get(0).equals("d")) {
                hasD = true;
                break;
            }
        }
        int k = kind != null ? kind : (hasD ? DEFAULT_ADDRESSABLE_KIND : TEXT_KIND);
        List<List<String>> allTags = new ArrayList<>(tags);
        if (msTag) {
            allTags.add(List.of("ms", Long.toString(ms)));
        }
        List<List<String>> finalTags = SignedRecord.copyTags(allTags);
        String pubkey = identity.publicKeyHex();
        byte[] id = Crypto.sha256(SignedRecord.canonicalBytes(pubkey, seconds, k, finalTags, content));
        byte[] sig = identity.sign(id);
        return SignedRecord.of(Hex.encode(id), pubkey, seconds, k, finalTags, content, Hex.encode(sig));
    }
}
