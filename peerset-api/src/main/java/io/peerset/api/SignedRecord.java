package io.peerset.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One record: an immutable, signed Nostr NIP-01 event.
 *
 * <p>{@code id} is the lowercase hex SHA-256 of the canonical serialisation
 * {@code [0,pubkey,created_at,kind,tags,content]}; {@code pubkey} is the author's
 * x-only secp256k1 key and {@code sig} a BIP-340 Schnorr signature of the id. Any
 * Nostr library can verify a peerset record.
 *
 * <p>A {@code SignedRecord} built by {@link #of} or {@link #fromJson} has a well-formed
 * shape (hex lengths, tag structure) but is not yet known to be authentic: call
 * {@link #verify()} before trusting it. Records coming from the network are verified
 * by the engine before anything else happens to them.
 *
 * <p>Equality and hash code are by {@link #id()}.
 */
public final class SignedRecord {
    /** Largest accepted JSON form of one record, in UTF-8 bytes (64 KiB). */
    public static final int MAX_JSON_BYTES = 64 * 1024;
    /** Largest number of tags on one record. */
    public static final int MAX_TAGS = 256;

    private final String id;
    private final String pubkey;
    private final long createdAt;
    private final int kind;
    private final List<List<String>> tags;
    private final String content;
    private final String sig;

    private SignedRecord(String id, String pubkey, long createdAt, int kind,
                   List<List<String>> tags, String content, String sig) {
        this.id = id;
        this.pubkey = pubkey;
        this.createdAt = createdAt;
        this.kind = kind;
        this.tags = tags;
        this.content = content;
        this.sig = sig;
    }

    /**
     * Builds a record from its seven NIP-01 fields, checking their shape (not the
     * signature: see {@link #verify()}).
     *
     * @param id lowercase hex SHA-256 id (64 characters)
     * @param pubkey author's x-only public key, lowercase hex (64 characters)
     * @param createdAt creation time in seconds since the epoch, not negative
     * @param kind NIP-01 kind, 0 to 65535
     * @param tags the tags, each a non-empty list of strings; null for none
     * @param content the content, not null
     * @param sig BIP-340 signature, lowercase hex (128 characters)
     * @return the record, not yet verified
     * @throws InvalidRecordException naming the first malformed field
     */
    public static SignedRecord of(String id, String pubkey, long createdAt, int kind,
                            List<List<String>> tags, String content, String sig) {
        requireHex("id", id, 64);
        requireHex("pubkey", pubkey, 64);
        requireHex("sig", sig, 128);
        if (createdAt < 0) {
            throw new InvalidRecordException("created_at must be a non-negative number of seconds; got " + createdAt);
        }
        if (kind < 0 || kind > 65535) {
            throw new InvalidRecordException("kind must be between 0 and 65535; got " + kind);
        }
        Objects.requireNonNull(content, "content");
        return new SignedRecord(id, pubkey, createdAt, kind, copyTags(tags), content, sig);
    }

    /**
     * Parses one NIP-01 event from JSON, strictly: every field present once with the
     * right type, nothing over {@link #MAX_JSON_BYTES}. Unknown fields are ignored as
     * NIP-01 allows.
     *
     * @param json one event as JSON
     * @return the record, not yet verified
     * @throws InvalidRecordException with a reason naming what is wrong
     */
    public static SignedRecord fromJson(String json) {
        return EventJson.parse(json);
    }

    /** {@return the event as compact NIP-01 JSON (the form sent on the wire)} */
    public String toJson() {
        StringBuilder sb = new StringBuilder(256 + content.length());
        sb.append("{\"id\":\"").append(id)
          .append("\",\"pubkey\":\"").append(pubkey)
          .append("\",\"created_at\":").append(createdAt)
          .append(",\"kind\":").append(kind)
          .append(",\"tags\":");
        EventJson.appendTags(sb, tags);
        sb.append(",\"content\":");
        EventJson.appendString(sb, content);
        sb.append(",\"sig\":\"").append(sig).append("\"}");
        return sb.toString();
    }

    /**
     * The canonical serialisation {@code [0,pubkey,created_at,kind,tags,content]}
     * whose SHA-256 is the id, as UTF-8 bytes.
     *
     * @return the canonical serialisation of this record
     */
    public byte[] canonicalBytes() {
        return canonicalBytes(pubkey, createdAt, kind, tags, content);
    }

    /**
     * Canonical NIP-01 serialisation of the given fields, as UTF-8 bytes.
     *
     * @param pubkey author's x-only public key, lowercase hex
     * @param createdAt creation time in seconds since the epoch
     * @param kind NIP-01 kind
     * @param tags the tags
     * @param content the content
     * @return the bytes whose SHA-256 is the event id
     */
    public static byte[] canonicalBytes(String pubkey, long createdAt, int kind,
                                        List<List<String>> tags, String content) {
        StringBuilder sb = new StringBuilder(128 + content.length());
        sb.append("[0,\"").append(pubkey).append("\",").append(createdAt).append(',').append(kind).append(',');
        EventJson.appendTags(sb, tags);
        sb.append(',');
        EventJson.appendString(sb, content);
        sb.append(']');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Checks that the id is the hash of the content and that the signature is the
     * author's.
     *
     * @return this record, for chaining
     * @throws InvalidRecordException saying whether the id or the signature is wrong
     */
    public SignedRecord verify() {
        String expected = Hex.encode(Crypto.sha256(canonicalBytes()));
        if (!expected.equals(id)) {
            throw new InvalidRecordException("id does not match the event's content: expected " + expected + ", got " + id);
        }
        if (!Crypto.provider().verify(Hex.decode(pubkey), Hex.decode(id), Hex.decode(sig))) {
            throw new InvalidRecordException("signature of event " + id + " does not verify against pubkey " + pubkey);
        }
        return this;
    }

    /** {@return the lowercase hex SHA-256 id (64 characters)} */
    public String id() { return id; }
    /** {@return the id as 32 raw bytes (a fresh copy)} */
    public byte[] idBytes() { return Hex.decode(id); }
    /** {@return the author's x-only public key, lowercase hex (64 characters)} */
    public String pubkey() { return pubkey; }
    /** {@return the author as a NIP-19 {@code npub1…} string} */
    public String npub() { return Nip19.encodeNpub(pubkey); }
    /** {@return the creation time in seconds since the epoch} */
    public long createdAt() { return createdAt; }
    /** {@return the creation time in milliseconds: the {@code ms} tag when present and consistent, else {@code createdAt * 1000}} */
    public long createdAtMillis() {
        return tag("ms").map(v -> {
            try {
                long ms = Long.parseLong(v);
                return ms / 1000 == createdAt ? ms : createdAt * 1000;
            } catch (NumberFormatException e) {
                return createdAt * 1000;
            }
        }).orElse(createdAt * 1000);
    }
    /** {@return the NIP-01 kind} */
    public int kind() { return kind; }
    /** {@return the tags, unmodifiable} */
    public List<List<String>> tags() { return tags; }
    /** {@return the content (the seeds' text field, or an encoded payload)} */
    public String content() { return content; }
    /** {@return the BIP-340 signature, lowercase hex (128 characters)} */
    public String sig() { return sig; }

    /**
     * First value of the first tag with this name, e.g. {@code tag("d")}.
     *
     * @param name the tag name
     * @return the value, or empty if no such tag has a value
     */
    public Optional<String> tag(String name) {
        for (List<String> t : tags) {
            if (t.size() >= 2 && t.get(0).equals(name)) {
                return Optional.of(t.get(1));
            }
        }
        return Optional.empty();
    }

    /** {@return the {@code d} tag (the seeds' uuid)}; empty string when absent, as NIP-01 says for addressable events. */
    public String d() { return tag("d").orElse(""); }

    /** {@return whether the kind is addressable} Kinds 30000–39999: the newest per (kind, pubkey, d) replaces older ones. */
    public boolean isAddressable() { return kind >= 30000 && kind < 40000; }

    /** {@return whether the kind is replaceable} Kinds 10000–19999 and 0 and 3: the newest per (kind, pubkey) replaces older ones. */
    public boolean isReplaceable() { return kind == 0 || kind == 3 || (kind >= 10000 && kind < 20000); }

    /** {@return whether the kind is ephemeral} Kinds 20000–29999: relayed, never stored. */
    public boolean isEphemeral() { return kind >= 20000 && kind < 30000; }

    /** {@return the size of {@link #toJson()} in UTF-8 bytes}, computed anew on each call. */
    public int jsonSize() { return toJson().getBytes(StandardCharsets.UTF_8).length; }

    @Override public boolean equals(Object o) {
        return this == o || (o instanceof SignedRecord && ((SignedRecord) o).id.equals(id));
    }

    @Override public int hashCode() { return id.hashCode(); }

    @Override public String toString() { return toJson(); }

    static void requireHex(String field, String value, int length) {
        if (value == null) {
            throw new InvalidRecordException(field + " is missing; it must be " + length + " lowercase hex characters");
        }
        if (value.length() != length) {
            throw new InvalidRecordException(field + " must be " + length + " lowercase hex characters; got " + value.length());
        }
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                throw new InvalidRecordException(field + " must be lowercase hex; found '" + c + "' at position " + i);
            }
        }
    }

    static List<List<String>> copyTags(List<List<String>> tags) {
        if (tags == null) {
            return List.of();
        }
        if (tags.size() > MAX_TAGS) {
            throw new InvalidRecordException("an event may carry at most " + MAX_TAGS + " tags; got " + tags.size());
        }
        List<List<String>> out = new ArrayList<>(tags.size());
        for (List<String> t : tags) {
            if (t == null || t.isEmpty()) {
                throw new InvalidRecordException("every tag must be a non-empty array of strings");
            }
            for (String s : t) {
                if (s == null) {
                    throw new InvalidRecordException("tag values must be strings, not null");
                }
            }
            out.add(List.copyOf(t));
        }
        return Collections.unmodifiableList(out);
    }
}
