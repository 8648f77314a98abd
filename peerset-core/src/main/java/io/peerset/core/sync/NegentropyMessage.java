package io.peerset.core.sync;

import io.peerset.api.Hex;
import io.peerset.api.spi.Bound;
import io.peerset.core.ProtocolViolation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A decoded Negentropy v1 message, for logs, tools and tests: the version byte and
 * every range with its bound exactly as sent. Parsing applies the same checks as a
 * session. Messages of another protocol version are returned with no ranges.
 */
public final class NegentropyMessage {
    private final int version;
    private final List<Range> ranges;

    private NegentropyMessage(int version, List<Range> ranges) {
        this.version = version;
        this.ranges = Collections.unmodifiableList(ranges);
    }

    public int version() { return version; }

    public List<Range> ranges() { return ranges; }

    /** Parses with the default limits of a session. */
    public static NegentropyMessage parse(byte[] message) throws ProtocolViolation {
        return parse(message, Negentropy.DEFAULT_MAX_MESSAGE_BYTES, Negentropy.DEFAULT_MAX_RANGES);
    }

    public static NegentropyMessage parse(byte[] message, int maxMessageBytes, int maxRanges) throws ProtocolViolation {
        WireReader in = WireReader.open(message, maxMessageBytes);
        int version = in.readVersion();
        List<Range> ranges = new ArrayList<>();
        if (version != Negentropy.PROTOCOL_VERSION) {
            return new NegentropyMessage(version, ranges);
        }
        WireBound prev = WireBound.ZERO;
        while (in.remaining() > 0) {
            if (ranges.size() >= maxRanges) {
                throw new ProtocolViolation("negentropy message has more than " + maxRanges + " ranges");
            }
            int offset = in.position();
            WireBound bound = in.readBound();
            if (bound.position.compareTo(prev.position) < 0) {
                throw new ProtocolViolation("negentropy range " + (ranges.size() + 1) + " (byte " + offset
                        + ") has upper bound " + bound + " below the previous bound " + prev + "; bounds must ascend");
            }
            Negentropy.Mode mode = Negentropy.Mode.of(in.readVarint("mode"), ranges.size() + 1, offset);
            byte[] fingerprint = null;
            List<byte[]> ids = List.of();
            if (mode == Negentropy.Mode.FINGERPRINT) {
                fingerprint = in.readBytes(Negentropy.FINGERPRINT_SIZE, "fingerprint");
            } else if (mode == Negentropy.Mode.ID_LIST) {
                long count = in.readVarint("id count", in.remaining() / Negentropy.ID_SIZE);
                ids = new ArrayList<>((int) count);
                for (long i = 0; i < count; i++) {
                    ids.add(in.readBytes(Negentropy.ID_SIZE, "id"));
                }
            }
            ranges.add(new Range(bound, mode, fingerprint, ids));
            prev = bound;
        }
        return new NegentropyMessage(version, ranges);
    }

    /** One range of a message. */
    public static final class Range {
        private final WireBound bound;
        private final Negentropy.Mode mode;
        private final byte[] fingerprint;
        private final List<byte[]> ids;

        Range(WireBound bound, Negentropy.Mode mode, byte[] fingerprint, List<byte[]> ids) {
            this.bound = bound;
            this.mode = mode;
            this.fingerprint = fingerprint;
            this.ids = ids;
        }

        /** The upper bound's position (id prefix zero-padded). */
        public Bound upperBound() { return bound.position; }

        /** The id prefix exactly as sent (0 to 32 bytes). */
        public byte[] idPrefix() { return bound.prefix.clone(); }

        public Negentropy.Mode mode() { return mode; }

        /** The 16-byte fingerprint, or null unless the mode is FINGERPRINT. */
        public byte[] fingerprint() { return fingerprint == null ? null : fingerprint.clone(); }

        /** The ids of an ID_LIST range, else empty. */
        public List<byte[]> ids() { return Collections.unmodifiableList(ids); }

        /**
         * A canonical text: the bound as a position (so a prefix padded with zeros reads
         * the same as the short one), the mode and the payload.
         */
        public String describe() {
            StringBuilder sb = new StringBuilder();
            sb.append(bound.isInfinity() ? "∞" : Long.toString(bound.timestamp)).append('/')
                    .append(Hex.encode(bound.position.id())).append(' ').append(mode);
            if (fingerprint != null) {
                sb.append(' ').append(Hex.encode(fingerprint));
            }
            for (byte[] id : ids) {
                sb.append(' ').append(Hex.encode(id));
            }
            return sb.toString();
        }

        @Override public String toString() { return describe(); }
    }
}
