package io.peerset.core.sync;

import io.peerset.api.spi.Bound;
import io.peerset.core.ProtocolViolation;

/**
 * Reads one Negentropy v1 message defensively: every length is checked against the
 * bytes that remain before anything is allocated, varints are limited to 64 bits and
 * 10 bytes, and every failure is a {@link ProtocolViolation} naming the byte offset.
 * Timestamps are delta-decoded as the spec says (0 = infinity, otherwise 1 + offset
 * from the previous bound of the same message).
 */
final class WireReader {
    /** Largest finite timestamp peerset handles (items use signed 64-bit seconds). */
    static final long MAX_FINITE_TIMESTAMP = Bound.INFINITY_TIMESTAMP - 1;
    private static final int MAX_VARINT_BYTES = 10;

    private final byte[] buf;
    private int pos;
    private long lastTimestampIn;

    WireReader(byte[] buf) {
        this.buf = buf;
    }

    /** A reader over a whole message, refusing empty and oversized ones. */
    static WireReader open(byte[] message, int maxMessageBytes) throws ProtocolViolation {
        if (message.length > maxMessageBytes) {
            throw new ProtocolViolation("negentropy message of " + message.length + " bytes exceeds the limit of "
                    + maxMessageBytes + " bytes");
        }
        if (message.length == 0) {
            throw new ProtocolViolation("empty negentropy message; expected at least the protocol version byte 0x61");
        }
        return new WireReader(message);
    }

    /** The protocol version byte, which must be one of Negentropy's (0x60 to 0x6f). */
    int readVersion() throws ProtocolViolation {
        int version = readByte("protocol version");
        if (version < 0x60 || version > 0x6f) {
            throw new ProtocolViolation(String.format(
                    "invalid negentropy protocol version byte 0x%02x; expected 0x61 (version 1), versions are 0x60-0x6f",
                    version));
        }
        return version;
    }

    int remaining() {
        return buf.length - pos;
    }

    int position() {
        return pos;
    }

    int readByte(String what) throws ProtocolViolation {
        if (pos >= buf.length) {
            throw truncated(what, 1);
        }
        return buf[pos++] & 0xff;
    }

    byte[] readBytes(int n, String what) throws ProtocolViolation {
        if (n > remaining()) {
            throw truncated(what, n);
        }
        byte[] out = new byte[n];
        System.arraycopy(buf, pos, out, 0, n);
        pos += n;
        return out;
    }

    void skipBytes(long n, String what) throws ProtocolViolation {
        if (n > remaining()) {
            throw truncated(what, n);
        }
        pos += (int) n;
    }

    /** An unsigned 64-bit varint, returned in a long (values of 2^63 and above are negative). */
    long readVarint(String what) throws ProtocolViolation {
        int start = pos;
        long result = 0;
        for (int i = 0; ; i++) {
            if (i == MAX_VARINT_BYTES) {
                throw new ProtocolViolation("negentropy varint (" + what + ") at byte " + start
                        + " is longer than " + MAX_VARINT_BYTES + " bytes; a 64-bit varint takes at most 10");
            }
            if (pos >= buf.length) {
                throw new ProtocolViolation("negentropy message ends inside a varint (" + what + ") that starts at byte "
                        + start + "; the last byte of a varint has its high bit clear");
            }
            int b = buf[pos++] & 0xff;
            if ((result >>> 57) != 0) {
                throw new ProtocolViolation("negentropy varint (" + what + ") at byte " + start
                        + " overflows 64 bits");
            }
            result = (result << 7) | (b & 0x7f);
            if ((b & 0x80) == 0) {
                return result;
            }
        }
    }

    /** A varint that must be at most {@code max}. */
    long readVarint(String what, long max) throws ProtocolViolation {
        int start = pos;
        long v = readVarint(what);
        if (Long.compareUnsigned(v, max) > 0) {
            throw new ProtocolViolation("negentropy " + what + " at byte " + start + " is " + Long.toUnsignedString(v)
                    + "; expected at most " + max);
        }
        return v;
    }

    /** Reads a bound, decoding its timestamp relative to the previous bound of this message. */
    WireBound readBound() throws ProtocolViolation {
        int start = pos;
        long encoded = readVarint("bound timestamp");
        long timestamp;
        if (encoded == 0 || lastTimestampIn == Bound.INFINITY_TIMESTAMP) {
            timestamp = Bound.INFINITY_TIMESTAMP;
        } else {
            long offset = encoded - 1; // unsigned, at most 2^64 - 2
            if (Long.compareUnsigned(offset, MAX_FINITE_TIMESTAMP - lastTimestampIn) > 0) {
                throw new ProtocolViolation("negentropy bound at byte " + start + " has timestamp "
                        + Long.toUnsignedString(offset) + " + " + lastTimestampIn + ", above " + MAX_FINITE_TIMESTAMP
                        + ", the largest finite timestamp supported (use 0 for infinity)");
            }
            timestamp = lastTimestampIn + offset;
        }
        lastTimestampIn = timestamp;
        int length = (int) readVarint("bound id prefix length", 32);
        byte[] prefix = length == 0 ? WireBound.NO_PREFIX : readBytes(length, "bound id prefix");
        return WireBound.of(timestamp, prefix);
    }

    private ProtocolViolation truncated(String what, long needed) {
        return new ProtocolViolation("negentropy message truncated at byte " + pos + ": expected " + needed
                + " byte(s) of " + what + ", " + remaining() + " left");
    }
}
