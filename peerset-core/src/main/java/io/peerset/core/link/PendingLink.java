package io.peerset.core.link;

import java.util.concurrent.CompletableFuture;

/** A link being negotiated. */
public interface PendingLink {
    /** The local SDP (offer or answer), once created. */
    CompletableFuture<String> localDescription();

    /** Applies the remote answer (for an offer we made). */
    void setRemoteDescription(String sdp);

    /** Adds one remote trickled candidate (JSON). Garbage is ignored with a log line. */
    void addRemoteCandidate(String candidateJson);

    /** Completes when the data channel is open. */
    CompletableFuture<Link> opened();

    /** Abandons the negotiation and releases resources. Idempotent. */
    void cancel();
}
