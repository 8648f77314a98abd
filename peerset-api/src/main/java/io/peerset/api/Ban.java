package io.peerset.api;

import java.time.Instant;
import java.util.Objects;

/**
 * One ban a node holds now: who, until when, and why. Banned peers are disconnected and
 * not connected to again; a banned author's records are refused from every peer.
 *
 * @param kind what is banned
 * @param id the Trystero peer id ({@link Kind#PEER}) or the 64-hex public key
 *           ({@link Kind#PEER_KEY}, {@link Kind#AUTHOR})
 * @param until when the ban ends
 * @param reason why, in words (e.g. "10 strikes; last: record … rejected: …")
 */
public record Ban(Kind kind, String id, Instant until, String reason) {
    /** What a ban applies to. */
    public enum Kind {
        /** A peer by its Trystero peer id: disconnected, and refused when it reconnects. */
        PEER,
        /** The key a banned peer proved in the handshake: any peer proving it is refused. */
        PEER_KEY,
        /** A record author (hex public key): their records are refused from anyone. */
        AUTHOR;

        /** {@return the lower-case name with dashes, as shown in status output: {@code peer}, {@code peer-key}, {@code author}} */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * Checks that no component is null.
     *
     * @param kind what is banned
     * @param id the peer id or hex public key
     * @param until when the ban ends
     * @param reason why, in words
     */
    public Ban {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(until, "until");
        Objects.requireNonNull(reason, "reason");
    }
}
