package io.peerset.core.link;

import java.util.function.Consumer;

/**
 * Makes {@link Link}s through an offer/answer exchange (WebRTC, or in-memory in
 * tests). Session descriptions and candidates are opaque strings here: the
 * signalling layer encrypts and carries them.
 */
public interface LinkFactory extends AutoCloseable {
    /**
     * Starts an outgoing connection. The pending link's local description is the offer.
     *
     * @param remotePeerId the peer it is meant for
     * @param localCandidates receives trickled local ICE candidates (JSON strings of
     *        {@code {candidate, sdpMid, sdpMLineIndex, usernameFragment}}); a factory
     *        that gathers everything into the description (torrent mode) never calls it
     */
    PendingLink offer(String remotePeerId, Consumer<String> localCandidates);

    /** Answers a remote offer. The pending link's local description is the answer. */
    PendingLink answer(String remotePeerId, String remoteOfferSdp, Consumer<String> localCandidates);

    /** Releases the factory (for WebRTC: disposes the native peer-connection factory). */
    @Override
    void close();
}
