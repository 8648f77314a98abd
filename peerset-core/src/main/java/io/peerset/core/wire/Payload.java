package io.peerset.core.wire;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * One complete action payload: its kind and its bytes (UTF-8 text for
 * {@link PayloadKind#STRING} and {@link PayloadKind#JSON}). Treat the bytes as
 * read-only.
 */
public final class Payload {
    private static final byte[] EMPTY = new byte[0];
    /** The empty string payload Trystero sends with {@code @_hsready}, {@code @_leave}, {@code @_ping}. */
    public static final Payload EMPTY_STRING = new Payload(PayloadKind.STRING, EMPTY);

    private final PayloadKind kind;
    private final byte[] bytes;

    private Payload(PayloadKind kind, byte[] bytes) {
        this.kind = kind;
        this.bytes = bytes;
    }

    /** A string payload (no type flag). */
    public static Payload ofString(String text) {
        return new Payload(PayloadKind.STRING, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A binary payload (binary and json flags). The array is not copied. */
    public static Payload ofBytes(byte[] bytes) {
        return new Payload(PayloadKind.BINARY, Objects.requireNonNull(bytes, "bytes"));
    }

    /** A JSON value given as its JSON text (json flag). */
    public static Payload ofJson(String jsonText) {
        return new Payload(PayloadKind.JSON, jsonText.getBytes(StandardCharsets.UTF_8));
    }

    /** A payload of the given kind over these bytes (not copied). */
    public static Payload of(PayloadKind kind, byte[] bytes) {
        return new Payload(Objects.requireNonNull(kind, "kind"), Objects.requireNonNull(bytes, "bytes"));
    }

    public PayloadKind kind() { return kind; }

    /** The raw bytes, not copied. */
    public byte[] bytes() { return bytes; }

    public int size() { return bytes.length; }

    /**
     * The bytes as strict UTF-8 text.
     *
     * @throws IllegalArgumentException if the bytes are not valid UTF-8
     */
    public String text() {
        // fast path: the JDK's decoder replaces malformed input with U+FFFD, so a result
        // without U+FFFD comes from valid UTF-8; otherwise decode strictly to tell
        String fast = new String(bytes, StandardCharsets.UTF_8);
        if (fast.indexOf('\uFFFD') < 0) {
            return fast;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("payload is not valid UTF-8 text (" + bytes.length + " bytes)");
        }
    }

    @Override public String toString() {
        return "Payload[" + kind + ", " + bytes.length + " bytes]";
    }
}
