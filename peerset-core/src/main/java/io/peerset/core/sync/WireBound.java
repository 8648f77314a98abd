package io.peerset.core.sync;

import io.peerset.api.spi.Bound;

import java.util.Arrays;

/**
 * A bound as it travels on the wire: a timestamp and the id prefix exactly as sent
 * (0 to 32 bytes), with its position in the {@code (createdAt, id)} order. The
 * prefix length is kept so that bounds echoed back to a peer are byte-identical to
 * the reference implementation, which never pads them.
 */
final class WireBound {
    static final byte[] NO_PREFIX = new byte[0];
    /** The implicit lower bound of a message's first range. */
    static final WireBound ZERO = new WireBound(0, NO_PREFIX);
    /** The upper bound of the last range: above every item. */
    static final WireBound INFINITY = new WireBound(Bound.INFINITY_TIMESTAMP, NO_PREFIX);

    final long timestamp;
    final byte[] prefix;
    final Bound position;

    private WireBound(long timestamp, byte[] prefix) {
        this.timestamp = timestamp;
        this.prefix = prefix;
        // no item sits at infinity, so every infinite bound is the same position whatever its prefix
        // (nostr-tools sends and echoes (∞, prefix) bounds; ordering them by prefix made a valid
        // (∞, 60…) range followed by the final (∞) range look descending — found by the long Jazzer run)
        this.position = timestamp == Bound.INFINITY_TIMESTAMP ? Bound.MAX : Bound.of(timestamp, prefix);
    }

    /** A bound read from a message; the caller has checked the prefix length. */
    static WireBound of(long timestamp, byte[] prefix) {
        return new WireBound(timestamp, prefix);
    }

    /** The full 32-byte bound exactly at an item. */
    static WireBound exact(Bound item) {
        return new WireBound(item.timestamp(), item.id());
    }

    /**
     * The shortest bound that separates {@code curr} from its predecessor {@code prev}:
     * an empty prefix if their timestamps differ, else their common id prefix plus one byte.
     */
    static WireBound minimal(Bound prev, Bound curr) {
        if (curr.timestamp() != prev.timestamp()) {
            return new WireBound(curr.timestamp(), NO_PREFIX);
        }
        byte[] currId = curr.id();
        byte[] prevId = prev.id();
        int shared = 0;
        while (shared < currId.length && currId[shared] == prevId[shared]) {
            shared++;
        }
        return new WireBound(curr.timestamp(), Arrays.copyOf(currId, Math.min(shared + 1, currId.length)));
    }

    boolean isInfinity() {
        return timestamp == Bound.INFINITY_TIMESTAMP;
    }

    @Override public String toString() {
        return (isInfinity() ? "∞" : Long.toString(timestamp)) + "/" + io.peerset.api.Hex.encode(prefix);
    }
}
