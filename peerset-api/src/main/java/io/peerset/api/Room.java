package io.peerset.api;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A joined room: every record put here is stored, moderated, and synchronised with
 * every peer in the room. Close it to leave.
 */
public interface Room extends AutoCloseable {
    /** {@return the application id} */
    String appId();

    /** {@return the room id} */
    String roomId();

    /** {@return this node's Trystero peer id in the room} */
    String selfId();

    /**
     * Signs the draft with the node's identity, moderates it, stores it and pushes it
     * to peers. Completes exceptionally with {@link InvalidRecordException} (saying
     * why) if moderation refuses it.
     *
     * @param draft the draft to sign
     * @return the signed record, once stored
     */
    CompletableFuture<SignedRecord> put(Draft draft);

    /**
     * Adds a record signed elsewhere: verified, moderated, stored, pushed. Completes
     * exceptionally with {@link InvalidRecordException} if it fails any check.
     *
     * <p>A record whose id is already stored is verified all the same: a forgery carrying
     * a stored id fails with {@link InvalidRecordException} naming the mismatch, and a
     * genuine copy completes with the stored record (compare ids with {@link #get} first to
     * tell "stored now" from "already stored").
     *
     * @param record a signed record
     * @return the stored record
     */
    CompletableFuture<SignedRecord> publish(SignedRecord record);

    /**
     * The record with this hex id, if stored.
     *
     * @param id the record's hex id
     * @return the record, or empty if not stored
     */
    CompletableFuture<Optional<SignedRecord>> get(String id);

    /**
     * Stored records matching the query, newest first.
     *
     * @param query the query
     * @return the matching records
     */
    CompletableFuture<List<SignedRecord>> query(Query query);

    /**
     * Calls the listener for every record newly stored from now on (local or remote),
     * on a node thread, in storage order. The listener must not block.
     *
     * @param listener called with each new record
     * @return the subscription; close it to stop
     */
    Subscription subscribe(Consumer<SignedRecord> listener);

    /** {@return the peers known in this room now} */
    List<PeerInfo> peers();

    /**
     * Bans in force on this node now (peers, peer keys and record authors), for
     * status pages. Bans are node-wide: every room of a node shares them.
     * Implementations that do not ban return an empty list.
     *
     * @return the bans in force
     */
    default List<Ban> bans() {
        return List.of();
    }

    /** {@return the number of records stored} */
    long size();

    /** {@return the hex Negentropy fingerprint of the whole stored set}: equal sets have equal fingerprints. */
    String fingerprint();

    /** Leaves the room: says goodbye to peers and closes connections. Idempotent. */
    @Override
    void close();
}
