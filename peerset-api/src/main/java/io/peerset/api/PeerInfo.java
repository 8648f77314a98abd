package io.peerset.api;

import java.util.Optional;

/**
 * A snapshot of one connected (or connecting) peer.
 *
 * @param peerId Trystero peer id (20 characters)
 * @param npub the peer's proven key, empty while anonymous
 * @param state session state name (e.g. {@code ACTIVE})
 * @param rttMs last measured round-trip time, or -1
 * @param bytesIn bytes received from this peer
 * @param bytesOut bytes sent to this peer
 * @param strikes protocol and moderation strikes
 */
public record PeerInfo(String peerId, Optional<String> npub, String state, long rttMs,
                       long bytesIn, long bytesOut, int strikes) {}
