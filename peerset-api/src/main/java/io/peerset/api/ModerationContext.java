package io.peerset.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What a {@link ModerationFilter} may know besides the record itself. */
public interface ModerationContext {
    /** The current time (a test clock in tests). */
    Instant now();

    /** True for a record written by this node's own user, false for one from a peer. */
    boolean local();

    /** The peer that sent the record (empty for local writes). */
    Optional<String> senderPeerId();

    /** The sending peer's proven npub, if it passed the key challenge. */
    Optional<String> senderNpub();

    /** Number of records this author (hex pubkey) has stored now. */
    long storedByAuthor(String pubkey);

    /** The author's newest stored records, newest first, at most {@code limit}. */
    List<SignedRecord> recentByAuthor(String pubkey, int limit);

    /** How long records are kept. */
    Duration retention();
}
