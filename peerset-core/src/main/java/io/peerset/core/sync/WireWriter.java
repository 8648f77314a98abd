package io.peerset.core.sync;

import java.util.Arrays;

/** A growable byte buffer for building Negentropy messages. */
final class WireWriter {
    private byte[] buf = new byte[256];
    private int size;

    int size() {
        return size;
    }

    void clear() {
        size = 0;
    }

    void writeByte(int b) {
        ensure(1);
        buf[size++] = (byte) b;
    }

    void writeBytes(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, size, bytes.length);
        size += bytes.length;
    }

    void append(WireWriter other) {
        ensure(other.size);
        System.arraycopy(other.buf, 0, buf, size, other.size);
        size += other.size;
    }

    /** Negentropy varint: base 128, most significant digit first, high bit set on all but the last byte. */
    void writeVarint(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("varint of a negative number: " + n);
        }
        int digits = 1;
        for (long v = n >>> 7; v != 0; v >>>= 7) {
            digits++;
        }
        ensure(digits);
        for (int i = digits - 1; i >= 0; i--) {
            int d = (int) ((n >>> (7 * i)) & 0x7f);
            buf[size++] = (byte) (i == 0 ? d : d | 0x80);
        }
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    private void ensure(int extra) {
        if (size + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
        }
    }
}
