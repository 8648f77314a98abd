package io.peerset.store.xodus;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Settings of a {@link XodusRecordStore}, read from the provider's option map.
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code cache.records}</td><td>10000</td><td>records kept in the Caffeine read cache (0 turns it off)</td></tr>
 *   <tr><td>{@code xodus.memory}</td><td>32m</td><td>Xodus log cache, bytes ({@code k}/{@code m}/{@code g} suffixes)</td></tr>
 *   <tr><td>{@code durable}</td><td>true</td><td>fsync every commit; {@code false} trades kill -9 safety of the last commits for speed</td></tr>
 *   <tr><td>{@code batch.max}</td><td>4096</td><td>most records one group commit takes</td></tr>
 *   <tr><td>{@code index.tags}</td><td>(none)</td><td>single-letter tag names to index, comma-separated
 *       (e.g. {@code t,g,d}); queries on them then seek instead of scanning. Each indexed tag
 *       of a record is one more index entry per put (about 10% of put throughput per tag);
 *       changing the set rebuilds the tag index once when the store opens</td></tr>
 * </table>
 */
public final class XodusStoreOptions {
    static final Set<String> KEYS = Set.of("cache.records", "xodus.memory", "durable", "batch.max", "index.tags");

    final int cacheRecords;
    final long xodusMemory;
    final boolean durable;
    final int batchMax;
    /** Indexed tag names, sorted; each one character of a-z or A-Z. */
    final Set<String> indexTags;

    private XodusStoreOptions(int cacheRecords, long xodusMemory, boolean durable, int batchMax, Set<String> indexTags) {
        this.cacheRecords = cacheRecords;
        this.xodusMemory = xodusMemory;
        this.durable = durable;
        this.batchMax = batchMax;
        this.indexTags = java.util.Collections.unmodifiableSet(new TreeSet<>(indexTags));
    }

    /** The defaults. */
    public static XodusStoreOptions defaults() {
        return new XodusStoreOptions(10_000, 32L << 20, true, 4096, Set.of());
    }

    /**
     * Reads options; unknown keys and bad values are errors that name the key.
     *
     * @throws IllegalArgumentException on an unknown key or malformed value
     */
    public static XodusStoreOptions parse(Map<String, String> options) {
        XodusStoreOptions d = defaults();
        for (String k : options.keySet()) {
            if (!KEYS.contains(k)) {
                throw new IllegalArgumentException("unknown xodus store option '" + k + "'; known options: " + new TreeSet<>(KEYS));
            }
        }
        int cache = options.containsKey("cache.records") ? parseInt("cache.records", options.get("cache.records"), 0, 10_000_000) : d.cacheRecords;
        long mem = options.containsKey("xodus.memory") ? parseBytes("xodus.memory", options.get("xodus.memory")) : d.xodusMemory;
        boolean durable = d.durable;
        if (options.containsKey("durable")) {
            String v = options.get("durable").trim().toLowerCase(Locale.ROOT);
            if (!v.equals("true") && !v.equals("false")) {
                throw new IllegalArgumentException("xodus store option 'durable' must be true or false; got '" + options.get("durable") + "'");
            }
            durable = v.equals("true");
        }
        int batch = options.containsKey("batch.max") ? parseInt("batch.max", options.get("batch.max"), 1, 1_000_000) : d.batchMax;
        Set<String> tags = options.containsKey("index.tags") ? parseTags(options.get("index.tags")) : d.indexTags;
        return new XodusStoreOptions(cache, mem, durable, batch, tags);
    }

    private static Set<String> parseTags(String v) {
        Set<String> out = new TreeSet<>();
        for (String part : v.split(",", -1)) {
            String name = part.trim();
            if (name.isEmpty() && v.isBlank()) {
                continue;
            }
            if (name.length() != 1 || !((name.charAt(0) >= 'a' && name.charAt(0) <= 'z') || (name.charAt(0) >= 'A' && name.charAt(0) <= 'Z'))) {
                throw new IllegalArgumentException("xodus store option 'index.tags' takes single-letter tag names (a-z, A-Z) separated by commas,"
                    + " e.g. t,g,d; got '" + v + "'");
            }
            out.add(name);
        }
        return out;
    }

    /** A copy with another read-cache size. */
    public XodusStoreOptions withCacheRecords(int n) {
        return new XodusStoreOptions(n, xodusMemory, durable, batchMax, indexTags);
    }

    /** A copy with durability on or off. */
    public XodusStoreOptions withDurable(boolean d) {
        return new XodusStoreOptions(cacheRecords, xodusMemory, d, batchMax, indexTags);
    }

    /** A copy that indexes these single-letter tag names. */
    public XodusStoreOptions withIndexedTags(String... names) {
        return new XodusStoreOptions(cacheRecords, xodusMemory, durable, batchMax, parseTags(String.join(",", names)));
    }

    private static int parseInt(String key, String v, int min, int max) {
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) {
                throw new IllegalArgumentException("xodus store option '" + key + "' must be between " + min + " and " + max + "; got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("xodus store option '" + key + "' must be a whole number; got '" + v + "'");
        }
    }

    private static long parseBytes(String key, String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        long mult = 1;
        if (s.endsWith("k")) { mult = 1L << 10; s = s.substring(0, s.length() - 1); }
        else if (s.endsWith("m")) { mult = 1L << 20; s = s.substring(0, s.length() - 1); }
        else if (s.endsWith("g")) { mult = 1L << 30; s = s.substring(0, s.length() - 1); }
        try {
            long n = Long.parseLong(s) * mult;
            if (n < (1L << 20)) {
                throw new IllegalArgumentException("xodus store option '" + key + "' must be at least 1m; got '" + v + "'");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("xodus store option '" + key + "' must be a size like 64m; got '" + v + "'");
        }
    }

    @Override public String toString() {
        return "XodusStoreOptions[cache.records=" + cacheRecords + ", xodus.memory=" + xodusMemory
            + ", durable=" + durable + ", batch.max=" + batchMax + ", index.tags=" + String.join(",", indexTags) + "]";
    }
}
