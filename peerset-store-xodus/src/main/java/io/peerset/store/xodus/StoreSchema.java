package io.peerset.store.xodus;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jetbrains.exodus.ByteIterable;
import jetbrains.exodus.env.Environment;
import jetbrains.exodus.env.Store;
import jetbrains.exodus.env.StoreConfig;
import jetbrains.exodus.env.Transaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The on-disk schema: the {@code peerset-meta} store naming the format and its version,
 * and the named stores of the layout. A new environment is initialised; an existing one
 * is opened only if it is this format and version and has every store.
 */
final class StoreSchema {
    private static final Logger log = LoggerFactory.getLogger(StoreSchema.class);

    static final String FORMAT_NAME = "peerset-store-xodus";
    static final int FORMAT_VERSION = 3;
    static final String META = "peerset-meta";
    private static final String[] STORE_NAMES = {"ids", "time", "author", "tag", "address", "sums"};

    private StoreSchema() {
    }

    /** Opens (initialising a new environment) the stores of the layout, or refuses the environment. */
    static XodusStores open(Path abs, Environment env) {
        Map<String, Store> s = env.computeInExclusiveTransaction(txn -> {
            List<String> existing = env.getAllStoreNames(txn);
            Store meta = existing.contains(META) ? checkExisting(abs, env, txn, existing) : initialise(abs, env, txn, existing);
            Map<String, Store> stores = new HashMap<>();
            for (String name : STORE_NAMES) {
                stores.put(name, env.openStore(name, StoreConfig.WITHOUT_DUPLICATES_WITH_PREFIXING, txn));
            }
            stores.put(META, meta);
            return stores;
        });
        return new XodusStores(abs, env, s.get(META), s.get("ids"), s.get("time"), s.get("author"), s.get("tag"),
            s.get("address"), s.get("sums"));
    }

    private static Store initialise(Path abs, Environment env, Transaction txn, List<String> existing) {
        if (!existing.isEmpty()) {
            throw new IllegalStateException("directory " + abs + " holds a Xodus environment with stores " + existing
                + " but no " + META + ": it belongs to another application. Refusing to touch it: choose another directory");
        }
        Store meta = env.openStore(META, StoreConfig.WITHOUT_DUPLICATES, txn);
        meta.put(txn, Keys.wrap(bytes("format")), Keys.wrap(bytes(FORMAT_NAME)));
        meta.put(txn, Keys.wrap(bytes("version")), Keys.wrap(bytes(Integer.toString(FORMAT_VERSION))));
        log.info("initialised a new xodus record store in {}", abs);
        return meta;
    }

    private static Store checkExisting(Path abs, Environment env, Transaction txn, List<String> existing) {
        Store meta = env.openStore(META, StoreConfig.USE_EXISTING, txn);
        String f = metaString(meta, txn, "format");
        String v = metaString(meta, txn, "version");
        if (!FORMAT_NAME.equals(f)) {
            throw new IllegalStateException("directory " + abs + " has a " + META + " store of format '" + f
                + "', not '" + FORMAT_NAME + "'. Refusing to touch it: choose another directory");
        }
        if (!Integer.toString(FORMAT_VERSION).equals(v)) {
            throw new IllegalStateException("xodus store " + abs + " has format version " + v + "; this peerset reads version "
                + FORMAT_VERSION + ". Use the peerset release that wrote it, or another directory");
        }
        for (String name : STORE_NAMES) {
            if (!existing.contains(name)) {
                throw new IllegalStateException("xodus store " + abs + " lacks its '" + name
                    + "' store: it is damaged. It was left untouched: restore it from a backup or move it away");
            }
        }
        return meta;
    }

    /** The meta store's value under {@code key} as text, or null. */
    static String metaString(Store meta, Transaction txn, String key) {
        ByteIterable v = meta.get(txn, Keys.wrap(bytes(key)));
        return v == null ? null : new String(Keys.bytes(v), StandardCharsets.UTF_8);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
