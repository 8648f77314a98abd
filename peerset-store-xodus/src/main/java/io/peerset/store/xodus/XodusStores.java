package io.peerset.store.xodus;

import java.nio.file.Path;
import java.util.function.Function;
import jetbrains.exodus.env.Environment;
import jetbrains.exodus.env.Store;
import jetbrains.exodus.env.Transaction;

/**
 * The Xodus environment of one open store and its named stores (the layout is described
 * on {@link XodusRecordStore}), shared by the parts that read and write them.
 */
final class XodusStores {
    final Path dir;
    final Environment env;
    final Store meta;
    final Store ids;
    final Store time;
    final Store author;
    final Store tag;
    final Store address;
    final SumTree sums;

    XodusStores(Path dir, Environment env, Store meta, Store ids, Store time, Store author, Store tag, Store address, Store sums) {
        this.dir = dir;
        this.env = env;
        this.meta = meta;
        this.ids = ids;
        this.time = time;
        this.author = author;
        this.tag = tag;
        this.address = address;
        this.sums = new SumTree(sums, time);
    }

    /** Runs {@code body} in its own read-only transaction (a consistent snapshot). */
    <T> T read(Function<Transaction, T> body) {
        Transaction txn = env.beginReadonlyTransaction();
        try {
            return body.apply(txn);
        } finally {
            txn.abort();
        }
    }

    IllegalStateException inconsistent(String what) {
        return new IllegalStateException("xodus store " + dir + " is inconsistent: " + what);
    }
}
