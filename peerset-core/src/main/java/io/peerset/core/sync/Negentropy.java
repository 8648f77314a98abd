package io.peerset.core.sync;

import io.peerset.api.spi.Bound;
import io.peerset.api.spi.SyncView;
import io.peerset.core.ProtocolViolation;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Negentropy protocol v1 reconciliation session (NIP-77, hoytech/negentropy) over a
 * {@link SyncView}. The initiator calls {@link #initiate()} once, sends the bytes, and
 * feeds every reply to {@link #reconcile(byte[], List, List)} until it returns
 * {@code null}; the ids it has and the peer lacks, and those it lacks, are appended to
 * the two lists. The responder feeds every message it receives to
 * {@link #reconcile(byte[])} and sends back what it returns.
 *
 * <p>Messages are byte-identical to the reference implementation's for the same item
 * sets: ranges are split into {@value #BUCKETS} buckets of equal item counts, ranges of
 * fewer than {@value #ID_LIST_THRESHOLD} items are sent as id lists, bounds are
 * minimal. Every range's fingerprint comes from {@link SyncView#sum} (O(log n) in a
 * store that keeps partial sums); items are only visited to list ids.
 *
 * <p>With a frame size limit (at least {@value #MIN_FRAME_SIZE_LIMIT} bytes) no message
 * is longer than the limit: ranges that do not fit are covered by one final
 * fingerprint range and reconciled in later rounds, and have/need may then report an
 * id more than once. Without one, outgoing messages are still capped at the maximum
 * incoming message size, since a peer configured alike would refuse anything longer.
 *
 * <p>Every malformed message is rejected with a {@link ProtocolViolation}; nothing is
 * allocated beyond what the remaining bytes of the message can fill. Not thread-safe;
 * the view should not change during one {@code reconcile} call (it may between calls).
 */
public final class Negentropy {
    /** Protocol version 1. */
    public static final int PROTOCOL_VERSION = 0x61;
    public static final int ID_SIZE = 32;
    public static final int FINGERPRINT_SIZE = 16;
    /** Sub-ranges a mismatched range is split into. */
    public static final int BUCKETS = 16;
    /** Ranges with fewer items than this are sent as id lists. */
    public static final int ID_LIST_THRESHOLD = BUCKETS * 2;
    /** The smallest frame size limit the reference accepts. */
    public static final int MIN_FRAME_SIZE_LIMIT = 4096;
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 1 << 20;
    public static final int DEFAULT_MAX_RANGES = 1 << 17;
    /** Room kept free under the limit for the closing range, as in the reference. */
    private static final int FRAME_SIZE_MARGIN = 200;

    /** Range modes. */
    public enum Mode {
        SKIP, FINGERPRINT, ID_LIST;

        /** The mode with this wire number. */
        static Mode of(long wire, int rangeIndex, int offset) throws ProtocolViolation {
            if (wire >= 0 && wire < values().length) {
                return values()[(int) wire];
            }
            throw new ProtocolViolation("negentropy range " + rangeIndex + " (byte " + offset + ") has unknown mode "
                    + Long.toUnsignedString(wire) + "; expected 0 (Skip), 1 (Fingerprint) or 2 (IdList)");
        }
    }

    private enum Role { INITIATOR, RESPONDER }

    private final SyncView view;
    private final int frameSizeLimit;
    private final int maxMessageBytes;
    private final int maxRanges;
    private Role role;
    private long lastTimestampOut;

    private Negentropy(Builder b) {
        this.view = b.view;
        this.frameSizeLimit = b.frameSizeLimit;
        this.maxMessageBytes = b.maxMessageBytes;
        this.maxRanges = b.maxRanges;
    }

    /** A session with no frame size limit and the default incoming limits. */
    public static Negentropy of(SyncView view) {
        return builder(view).build();
    }

    public static Builder builder(SyncView view) {
        return new Builder(view);
    }

    /** Becomes the initiator and returns the first message. */
    public byte[] initiate() {
        if (role != null) {
            throw new IllegalStateException("initiate() is called once, on a fresh session; this one is already the "
                    + role.name().toLowerCase());
        }
        role = Role.INITIATOR;
        lastTimestampOut = 0;
        WireWriter out = new WireWriter();
        out.writeByte(PROTOCOL_VERSION);
        splitRange(Bound.MIN, WireBound.INFINITY, out);
        return out.toByteArray();
    }

    /**
     * Responder: answers one message from the initiator. The answer is never null; a
     * message holding only the version byte means "nothing more to reconcile" (or, in
     * reply to a message of another protocol version, "I speak version 1").
     */
    public byte[] reconcile(byte[] message) throws ProtocolViolation {
        if (role == Role.INITIATOR) {
            throw new IllegalStateException("the initiator calls reconcile(message, haveIds, needIds)");
        }
        role = Role.RESPONDER;
        return reconcileAux(message, null, null);
    }

    /**
     * Initiator: processes one reply, appends newly found differences (32-byte ids) to
     * {@code haveIds} (we have, the peer lacks) and {@code needIds} (the peer has, we
     * lack), and returns the next message, or {@code null} when reconciliation is complete.
     */
    public byte[] reconcile(byte[] message, List<byte[]> haveIds, List<byte[]> needIds) throws ProtocolViolation {
        if (role != Role.INITIATOR) {
            throw new IllegalStateException("call initiate() before reconcile(message, haveIds, needIds); "
                    + "a responder calls reconcile(message)");
        }
        byte[] out = reconcileAux(message, haveIds, needIds);
        return out.length == 1 ? null : out;
    }

    /** Whether {@link #initiate()} was called. */
    public boolean isInitiator() {
        return role == Role.INITIATOR;
    }

    private byte[] reconcileAux(byte[] message, List<byte[]> haveIds, List<byte[]> needIds) throws ProtocolViolation {
        boolean initiator = role == Role.INITIATOR;
        WireReader in = WireReader.open(message, maxMessageBytes);
        lastTimestampOut = 0;
        WireWriter full = new WireWriter();
        full.writeByte(PROTOCOL_VERSION);
        int version = in.readVersion();
        if (version != PROTOCOL_VERSION) {
            if (initiator) {
                throw new ProtocolViolation("peer answered with negentropy protocol version " + (version - 0x60)
                        + "; only version 1 is supported");
            }
            return full.toByteArray(); // version negotiation: tell the peer what we speak
        }

        WireBound prevBound = WireBound.ZERO;
        boolean skip = false;
        int rangeIndex = 0;
        WireWriter o = new WireWriter();
        while (in.remaining() > 0) {
            if (++rangeIndex > maxRanges) {
                throw new ProtocolViolation("negentropy message has more than " + maxRanges + " ranges");
            }
            o.clear();
            int rangeOffset = in.position();
            WireBound currBound = in.readBound();
            if (currBound.position.compareTo(prevBound.position) < 0) {
                throw new ProtocolViolation("negentropy range " + rangeIndex + " (byte " + rangeOffset
                        + ") has upper bound " + currBound + " below the previous bound " + prevBound
                        + "; bounds must ascend");
            }
            Mode mode = Mode.of(in.readVarint("mode"), rangeIndex, rangeOffset);
            Bound lower = prevBound.position;
            Bound upper = currBound.position;
            Bound remainderFrom = upper;

            switch (mode) {
                case SKIP:
                    skip = true;
                    break;
                case FINGERPRINT: {
                    byte[] theirs = in.readBytes(FINGERPRINT_SIZE, "fingerprint");
                    if (Arrays.equals(theirs, view.fingerprint(lower, upper))) {
                        skip = true;
                    } else {
                        if (skip) {
                            skip = false;
                            writeSkip(o, prevBound);
                        }
                        splitRange(lower, currBound, o);
                    }
                    break;
                }
                case ID_LIST: {
                    long count = in.readVarint("id count", in.remaining() / ID_SIZE);
                    if (initiator) {
                        Map<ByteBuffer, byte[]> theirs = new LinkedHashMap<>();
                        for (long i = 0; i < count; i++) {
                            byte[] id = in.readBytes(ID_SIZE, "id");
                            theirs.put(ByteBuffer.wrap(id), id);
                        }
                        view.forEach(lower, upper, (ts, id) -> {
                            if (theirs.remove(ByteBuffer.wrap(id)) == null) {
                                haveIds.add(id.clone());
                            }
                            return true;
                        });
                        needIds.addAll(theirs.values());
                        skip = true;
                    } else {
                        in.skipBytes(count * ID_SIZE, "ids");
                        if (skip) {
                            skip = false;
                            writeSkip(o, prevBound);
                        }
                        remainderFrom = writeIdListUpTo(full, o, lower, currBound);
                        full.append(o);
                        o.clear();
                    }
                    break;
                }
                default:
                    throw new AssertionError(mode);
            }

            if (exceedsFrame(full.size() + o.size())) {
                // out of room: one fingerprint covers everything still to do, for a later round
                writeBound(full, WireBound.INFINITY);
                full.writeVarint(Mode.FINGERPRINT.ordinal());
                full.writeBytes(view.fingerprint(remainderFrom, Bound.MAX));
                break;
            }
            full.append(o);
            prevBound = currBound;
        }
        return full.toByteArray();
    }

    /**
     * Responder's answer to an id list: our ids in {@code [lower, upper)}, stopping early
     * if the frame fills up. Returns where the rest of the universe starts.
     */
    private Bound writeIdListUpTo(WireWriter full, WireWriter o, Bound lower, WireBound upper) {
        WireWriter ids = new WireWriter();
        long[] count = {0};
        WireBound[] end = {upper};
        view.forEach(lower, upper.position, (ts, id) -> {
            if (exceedsFrame(full.size() + ids.size())) {
                end[0] = WireBound.exact(Bound.at(ts, id));
                return false;
            }
            ids.writeBytes(id);
            count[0]++;
            return true;
        });
        writeBound(o, end[0]);
        o.writeVarint(Mode.ID_LIST.ordinal());
        o.writeVarint(count[0]);
        o.append(ids);
        return end[0].position;
    }

    /** Our answer to a range whose fingerprints differ: its ids if few, else {@value #BUCKETS} fingerprints. */
    private void splitRange(Bound lower, WireBound upperBound, WireWriter o) {
        Bound upper = upperBound.position;
        long numElems = view.count(lower, upper);
        if (numElems < ID_LIST_THRESHOLD) {
            writeBound(o, upperBound);
            o.writeVarint(Mode.ID_LIST.ordinal());
            o.writeVarint(numElems);
            view.forEach(lower, upper, (ts, id) -> {
                o.writeBytes(id);
                return true;
            });
            return;
        }
        long perBucket = numElems / BUCKETS;
        long withExtra = numElems % BUCKETS;
        long curr = 0;
        Bound bucketStart = lower;
        for (int i = 0; i < BUCKETS; i++) {
            curr += perBucket + (i < withExtra ? 1 : 0);
            WireBound next;
            Bound bucketEnd;
            if (curr == numElems) {
                next = upperBound;
                bucketEnd = upper;
            } else {
                Bound prevItem = view.nth(lower, curr - 1);
                bucketEnd = view.nth(lower, curr);
                next = WireBound.minimal(prevItem, bucketEnd);
            }
            byte[] fingerprint = view.fingerprint(bucketStart, bucketEnd);
            writeBound(o, next);
            o.writeVarint(Mode.FINGERPRINT.ordinal());
            o.writeBytes(fingerprint);
            bucketStart = bucketEnd;
        }
    }

    private void writeSkip(WireWriter o, WireBound bound) {
        writeBound(o, bound);
        o.writeVarint(Mode.SKIP.ordinal());
    }

    private void writeBound(WireWriter o, WireBound bound) {
        if (bound.isInfinity()) {
            lastTimestampOut = Bound.INFINITY_TIMESTAMP;
            o.writeVarint(0);
        } else {
            long offset = bound.timestamp - lastTimestampOut;
            if (offset < 0) {
                throw new IllegalStateException("negentropy bounds written out of order: " + bound.timestamp
                        + " after " + lastTimestampOut);
            }
            lastTimestampOut = bound.timestamp;
            o.writeVarint(offset + 1);
        }
        o.writeVarint(bound.prefix.length);
        o.writeBytes(bound.prefix);
    }

    private boolean exceedsFrame(long size) {
        int limit = frameSizeLimit > 0 ? frameSizeLimit : maxMessageBytes;
        return size > limit - FRAME_SIZE_MARGIN;
    }

    /** Options of a session; validated at {@link #build()}. */
    public static final class Builder {
        private final SyncView view;
        private int frameSizeLimit;
        private int maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;
        private int maxRanges = DEFAULT_MAX_RANGES;

        private Builder(SyncView view) {
            if (view == null) {
                throw new IllegalArgumentException("a negentropy session needs a SyncView; got null");
            }
            this.view = view;
        }

        /** Largest message this session sends, 0 for none (then {@link #maxMessageBytes} caps it). */
        public Builder frameSizeLimit(int bytes) {
            this.frameSizeLimit = bytes;
            return this;
        }

        /** Largest message accepted from the peer; longer ones are a protocol violation. */
        public Builder maxMessageBytes(int bytes) {
            this.maxMessageBytes = bytes;
            return this;
        }

        /** Most ranges accepted in one message. */
        public Builder maxRanges(int ranges) {
            this.maxRanges = ranges;
            return this;
        }

        public Negentropy build() {
            if (maxMessageBytes < MIN_FRAME_SIZE_LIMIT) {
                throw new IllegalArgumentException("maxMessageBytes must be at least " + MIN_FRAME_SIZE_LIMIT
                        + " bytes; got " + maxMessageBytes);
            }
            if (frameSizeLimit != 0 && (frameSizeLimit < MIN_FRAME_SIZE_LIMIT || frameSizeLimit > maxMessageBytes)) {
                throw new IllegalArgumentException("frameSizeLimit must be 0 (none) or between " + MIN_FRAME_SIZE_LIMIT
                        + " and maxMessageBytes (" + maxMessageBytes + ") bytes; got " + frameSizeLimit);
            }
            if (maxRanges < 1) {
                throw new IllegalArgumentException("maxRanges must be at least 1; got " + maxRanges);
            }
            return new Negentropy(this);
        }
    }
}
