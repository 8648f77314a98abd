package io.peerset.core.link;

/**
 * Finds peers of one room and hands over an open {@link Link} to each: the Trystero
 * topic strategy over a {@link io.peerset.api.spi.SignalingStrategy} and a
 * {@link LinkFactory}, or an in-memory hub in tests.
 */
public interface PeerDiscovery extends AutoCloseable {
    /** Starts announcing and connecting. */
    void start(Callbacks callbacks);

    /**
     * The room is well connected ({@code true}) or short of peers ({@code false}):
     * discovery slows its announcements down or speeds them up.
     */
    default void satisfied(boolean satisfied) {}

    /** Stops announcing and drops pending negotiations (not established links). */
    @Override
    void close();

    /** What discovery tells the room. */
    interface Callbacks {
        /** May we connect to this peer now (not banned, under the cap, not already connected)? */
        boolean wants(String peerId);

        /** A link to this peer is open; the room now owns it. */
        void onLink(String peerId, Link link);
    }
}
