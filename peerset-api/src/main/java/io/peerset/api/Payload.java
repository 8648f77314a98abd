package io.peerset.api;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A record's payload once decoded: its bytes and its MIME type. For an encrypted record
 * the MIME type is the one inside the encryption (the record's own {@code m} tag only
 * says that it is encrypted). Immutable.
 */
public final class Payload {
    private final byte[] bytes;
    private final String mimeType;

    private Payload(byte[] bytes, String mimeType) {
        this.bytes = bytes;
        this.mimeType = mimeType;
    }

    /**
     * A payload of these bytes (copied) and this MIME type.
     *
     * @param bytes the payload bytes
     * @param mimeType the MIME type
     * @return the payload
     */
    public static Payload of(byte[] bytes, String mimeType) {
        return new Payload(Objects.requireNonNull(bytes, "bytes").clone(), Objects.requireNonNull(mimeType, "MIME type"));
    }

    /** {@return the bytes (a copy)} */
    public byte[] bytes() { return bytes.clone(); }

    /** {@return the number of bytes} */
    public int size() { return bytes.length; }

    /** {@return the MIME type, e.g. {@code text/plain} or {@code image/png}} */
    public String mimeType() { return mimeType; }

    /** {@return the bytes as UTF-8 text (malformed sequences replaced)} */
    public String text() { return new String(bytes, StandardCharsets.UTF_8); }

    @Override public boolean equals(Object o) {
        return o instanceof Payload && ((Payload) o).mimeType.equals(mimeType) && Arrays.equals(((Payload) o).bytes, bytes);
    }

    @Override public int hashCode() { return 31 * mimeType.hashCode() + Arrays.hashCode(bytes); }

    /** The MIME type and size, never the bytes. */
    @Override public String toString() { return "Payload[" + mimeType + ", " + bytes.length + " bytes]"; }
}
