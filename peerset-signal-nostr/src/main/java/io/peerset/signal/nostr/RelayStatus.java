package io.peerset.signal.nostr;

import java.net.URI;

/**
 * A snapshot of one relay's connection, for status pages and tests.
 *
 * @param url                   the relay
 * @param connected             whether its WebSocket is open now
 * @param connects              how many times it has been opened
 * @param sent                  events sent to it
 * @param droppedAnnouncements  announcements not sent because of the rate limit or a pause the relay asked for
 * @param droppedOther          other messages dropped (queue full, or lost when the connection closed)
 * @param queued                messages waiting for the rate limit now
 * @param received              messages received from it
 * @param rejected              events it refused with {@code OK false} (duplicates not counted)
 * @param ignoredFrames         messages from it that were ignored (garbage, oversized, invalid events, wrong topics)
 * @param paused                whether publishing to it is paused because it asked us to slow down
 */
public record RelayStatus(URI url, boolean connected, long connects, long sent, long droppedAnnouncements,
                          long droppedOther, int queued, long received, long rejected, long ignoredFrames,
                          boolean paused) {
}
