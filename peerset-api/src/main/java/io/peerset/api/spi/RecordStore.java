package io.peerset.api.spi;

import io.peerset.api.Query;
import io.peerset.api.SignedRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Where a node keeps its records: keyed by id, ordered by {@code (created_at, id)},
 * indexed by author and by (kind, pubkey, d) for addressable replacement, with the
 * Negentropy sums kept incrementally ({@link #syncView()}).
 *
 * <p>Stores receive records that were already verified and moderated; they check
 * nothing but replacement rules. Implementations must be thread-safe; a {@code put}
 * that returned is durable as far as the store promises (the in-memory store:
 * until the JVM exits; Xodus: across {@code kill -9}).
 */
public interface RecordStore extends AutoCloseable {
    /**
     * Stores one record, applying addressable/replaceable replacement.
     *
     * @param record a verified, moderated record
     * @return what happened to the record
     */
    PutOutcome put(SignedRecord record);

    /**
     * Stores a batch, in one commit where the store has commits.
     *
     * @param records verified, moderated records
     * @return the outcomes, in input order
     */
    default List<PutOutcome> putAll(Collection<SignedRecord> records) {
        List<PutOutcome> out = new ArrayList<>(records.size());
        for (SignedRecord r : records) {
            out.add(put(r));
        }
        return out;
    }

    /**
     * The record with this hex id.
     *
     * @param id the hex id
     * @return the record, or empty if not stored
     */
    Optional<SignedRecord> get(String id);

    /**
     * Tells whether the record with this hex id is stored.
     *
     * @param id the hex id
     * @return true if it is stored
     */
    default boolean contains(String id) {
        return get(id).isPresent();
    }

    /**
     * Records matching the query, newest first, at most {@code query.limit()}.
     *
     * @param query the query
     * @return the matching records
     */
    List<SignedRecord> query(Query query);

    /** {@return the number of records stored} */
    long size();

    /**
     * Number of records stored by this author.
     *
     * @param pubkey the author's hex pubkey
     * @return the author's record count
     */
    long countByAuthor(String pubkey);

    /**
     * Removes a record.
     *
     * @param id the hex id
     * @return true if it was there
     */
    boolean delete(String id);

    /**
     * Removes every record created before {@code createdAtSeconds}, with its index entries.
     *
     * @param createdAtSeconds the cutoff, in seconds since the epoch
     * @return how many records were removed
     */
    long pruneOlderThan(long createdAtSeconds);

    /** {@return the reconciliation view of this store, live (reflects later writes)} */
    SyncView syncView();

    /** Releases files and memory. Idempotent. */
    @Override
    void close();
}
