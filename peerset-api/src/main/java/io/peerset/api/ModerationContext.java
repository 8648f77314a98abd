package io.peerset.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What a {@link ModerationFilter} may know besides the record itself. */
public interface ModerationContext {
    /** {@return the current time (a test clock in tests)} */
    Instant now();

    /** {@return true for a record written by this node's own user, false for one from a peer} */
    boolean local();

    /** {@return the peer that sent the record (empty for local writes)} */
    Optional<String> senderPeerId();

    /** {@return the sending peer's proven npub, if it passed the key challenge} */
    Optional<String> senderNpub();

    /**
     * Number of records this author has stored now.
     *
     * @param pubkey the author's hex pubkey
     * @return the author's record count
     */
    long storedByAuthor(String pubkey);

    /**
     * The author's newest stored records, newest first, at most {@code limit}.
     *
     * @param pubkey the author's hex pubkey
     * @param limit the most records to return
     * @return the records
     */
    List<SignedRecord> recentByAuthor(String pubkey, int limit);

    /** {@return how long records are kept} */
    Duration retention();

    /**
     * How far ahead of {@link #now()} a record may be dated: the node's
     * {@link PeersetConfig#maxFutureSkew()}, which the engine enforces before moderation runs.
     *
     * @return the tolerated future skew ({@link PeersetConfig#DEFAULT_MAX_FUTURE_SKEW} unless overridden)
     */
    default Duration maxFutureSkew() { return PeersetConfig.DEFAULT_MAX_FUTURE_SKEW; }
}
