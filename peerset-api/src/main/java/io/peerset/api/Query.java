package io.peerset.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A filter over stored records, like a NIP-01 filter: authors, kinds, a time range,
 * tag values, and a limit. Results come newest first. Immutable; build with
 * {@link #builder()}.
 *
 * <pre>{@code
 * Query q = Query.builder().author(pubkeyHex).kind(1).since(t0).limit(50).build();
 * }</pre>
 */
public final class Query {
    /** Largest limit a query may ask for. */
    public static final int MAX_LIMIT = 100_000;

    private final Set<String> authors;
    private final Set<Integer> kinds;
    private final long since;
    private final long until;
    private final Map<String, Set<String>> tags;
    private final int limit;

    private Query(Builder b) {
        this.authors = Set.copyOf(b.authors);
        this.kinds = Set.copyOf(b.kinds);
        this.since = b.since;
        this.until = b.until;
        Map<String, Set<String>> t = new LinkedHashMap<>();
        b.tags.forEach((k, v) -> t.put(k, Set.copyOf(v)));
        this.tags = Map.copyOf(t);
        this.limit = b.limit;
    }

    /** {@return a query for every record, newest first, up to {@value #MAX_LIMIT}} */
    public static Query all() { return builder().build(); }

    /** {@return a new builder matching every record} */
    public static Builder builder() { return new Builder(); }

    /** {@return the authors (hex pubkeys); empty = any} */
    public Set<String> authors() { return authors; }
    /** {@return the kinds; empty = any} */
    public Set<Integer> kinds() { return kinds; }
    /** {@return the lowest created_at included (seconds)} */
    public long since() { return since; }
    /** {@return the highest created_at included (seconds)} */
    public long until() { return until; }
    /** {@return tag name → accepted values}; a record matches if it has, for every name, a tag with one of the values. */
    public Map<String, Set<String>> tags() { return tags; }
    /** {@return the maximum number of results} */
    public int limit() { return limit; }

    /**
     * Tests one record against every condition (the limit aside).
     *
     * @param r the record
     * @return true if the record passes every condition
     */
    public boolean matches(SignedRecord r) {
        if (!authors.isEmpty() && !authors.contains(r.pubkey())) return false;
        if (!kinds.isEmpty() && !kinds.contains(r.kind())) return false;
        if (r.createdAt() < since || r.createdAt() > until) return false;
        for (Map.Entry<String, Set<String>> e : tags.entrySet()) {
            boolean found = false;
            for (List<String> t : r.tags()) {
                if (t.size() >= 2 && t.get(0).equals(e.getKey()) && e.getValue().contains(t.get(1))) {
                    found = true;
                    break;
                }
            }
            if (!found) return false;
        }
        return true;
    }

    @Override public String toString() {
        return "Query[authors=" + authors + ", kinds=" + kinds + ", since=" + since + ", until=" + until
            + ", tags=" + tags + ", limit=" + limit + "]";
    }

    /** Builds a {@link Query}; every setter validates its argument. */
    public static final class Builder {
        private final java.util.Set<String> authors = new java.util.LinkedHashSet<>();
        private final java.util.Set<Integer> kinds = new java.util.LinkedHashSet<>();
        private long since = 0;
        private long until = Long.MAX_VALUE;
        private final Map<String, java.util.Set<String>> tags = new LinkedHashMap<>();
        private int limit = MAX_LIMIT;

        private Builder() {}

        /**
         * Adds an author, as 64-char hex or {@code npub1…}.
         *
         * @param pubkeyOrNpub the author's public key, hex or NIP-19
         * @return this builder
         */
        public Builder author(String pubkeyOrNpub) {
            Objects.requireNonNull(pubkeyOrNpub, "author");
            String hex = pubkeyOrNpub.startsWith("npub1") ? Nip19.decodeNpub(pubkeyOrNpub) : pubkeyOrNpub;
            try {
                SignedRecord.requireHex("author", hex, 64);
            } catch (InvalidRecordException e) {
                throw new IllegalArgumentException(e.getMessage() + " (or give an npub1… string)");
            }
            authors.add(hex);
            return this;
        }

        /**
         * Adds a kind.
         *
         * @param kind a NIP-01 kind, 0 to 65535
         * @return this builder
         */
        public Builder kind(int kind) {
            if (kind < 0 || kind > 65535) throw new IllegalArgumentException("kind must be between 0 and 65535; got " + kind);
            kinds.add(kind);
            return this;
        }

        /**
         * Lowest created_at included, in seconds.
         *
         * @param seconds seconds since the epoch, not negative
         * @return this builder
         */
        public Builder since(long seconds) {
            if (seconds < 0) throw new IllegalArgumentException("since must not be negative; got " + seconds);
            this.since = seconds;
            return this;
        }

        /**
         * Highest created_at included, in seconds.
         *
         * @param seconds seconds since the epoch, not negative
         * @return this builder
         */
        public Builder until(long seconds) {
            if (seconds < 0) throw new IllegalArgumentException("until must not be negative; got " + seconds);
            this.until = seconds;
            return this;
        }

        /**
         * Requires a tag {@code [name, value, …]}; several values of one name are alternatives.
         *
         * @param name the tag name
         * @param value an accepted value
         * @return this builder
         */
        public Builder tag(String name, String value) {
            tags.computeIfAbsent(Objects.requireNonNull(name, "tag name"), k -> new java.util.LinkedHashSet<>())
                .add(Objects.requireNonNull(value, "tag value"));
            return this;
        }

        /**
         * Sets the maximum number of results (default {@value Query#MAX_LIMIT}).
         *
         * @param limit between 1 and {@value Query#MAX_LIMIT}
         * @return this builder
         */
        public Builder limit(int limit) {
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + "; got " + limit);
            }
            this.limit = limit;
            return this;
        }

        /**
         * Builds the query.
         *
         * @return the query
         * @throws IllegalArgumentException if since is after until
         */
        public Query build() {
            if (since > until) {
                throw new IllegalArgumentException("since (" + since + ") is after until (" + until + ")");
            }
            return new Query(this);
        }
    }
}
