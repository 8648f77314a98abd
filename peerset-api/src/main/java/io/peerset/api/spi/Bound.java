package io.peerset.api.spi;

import java.util.Arrays;

/**
 * A position in the reconciliation order {@code (createdAt, id)}: items strictly
 * below a bound are those with a smaller timestamp, or the same timestamp and a
 * smaller id (unsigned byte order). The id is always 32 bytes; a Negentropy id
 * prefix is zero-padded. Immutable.
 */
public final class Bound implements Comparable<Bound> {
    /** Timestamp of the bound above every item. */
    public static final long INFINITY_TIMESTAMP = Long.MAX_VALUE;
    /** Below every item. */
    public static final Bound MIN = new Bound(0, new byte[32]);
    /** Above every item. */
    public static final Bound MAX = new Bound(INFINITY_TIMESTAMP, new byte[32]);

    private final long timestamp;
    private final byte[] id;

    private Bound(long timestamp, byte[] id) {
        this.timestamp = timestamp;
        this.id = id;
    }

    /**
     * A bound from a timestamp and an id prefix, as Negentropy sends them.
     *
     * @param timestamp seconds, or {@link #INFINITY_TIMESTAMP}
     * @param idPrefix 0 to 32 bytes of id; shorter prefixes are zero-padded
     * @return the bound
     */
    public static Bound of(long timestamp, byte[] idPrefix) {
        if (timestamp < 0) {
            throw new IllegalArgumentException("bound timestamp must not be negative; got " + timestamp);
        }
        if (idPrefix.length > 32) {
            throw new IllegalArgumentException("bound id prefix is at most 32 bytes; got " + idPrefix.length);
        }
        return new Bound(timestamp, Arrays.copyOf(idPrefix, 32));
    }

    /**
     * Bound exactly at an item: the item itself is at or above it.
     *
     * @param timestamp the item's creation time in seconds
     * @param id32 the item's 32-byte id
     * @return the bound
     */
    public static Bound at(long timestamp, byte[] id32) {
        return of(timestamp, id32);
    }

    /** {@return the timestamp in seconds, or {@link #INFINITY_TIMESTAMP}} */
    public long timestamp() { return timestamp; }

    /** {@return the 32-byte (zero-padded) id, a copy} */
    public byte[] id() { return id.clone(); }

    /**
     * Compares this bound with an item position.
     *
     * @param itemTimestamp the item's creation time in seconds
     * @param itemId the item's 32-byte id
     * @return negative, zero or positive as this bound is below, at or above the item
     */
    public int compareTo(long itemTimestamp, byte[] itemId) {
        int c = Long.compare(timestamp, itemTimestamp);
        return c != 0 ? c : Arrays.compareUnsigned(id, itemId);
    }

    @Override public int compareTo(Bound o) {
        return compareTo(o.timestamp, o.id);
    }

    @Override public boolean equals(Object o) {
        return o instanceof Bound && ((Bound) o).timestamp == timestamp && Arrays.equals(((Bound) o).id, id);
    }

    @Override public int hashCode() { return Long.hashCode(timestamp) * 31 + Arrays.hashCode(id); }

    @Override public String toString() {
        return "Bound[" + (timestamp == INFINITY_TIMESTAMP ? "∞" : Long.toString(timestamp)) + "," + io.peerset.api.Hex.encode(id).substring(0, 8) + "…]";
    }
}
