package io.peerset.core.wire;

/**
 * How a Trystero action payload is typed on the wire, from the flags byte:
 * a string is UTF-8 with no type flag, bytes carry the binary and json flags, and
 * anything else is JSON text with the json flag (exactly as Trystero 0.25 sends them).
 */
public enum PayloadKind {
    /** UTF-8 text, no type flag. */
    STRING,
    /** Raw bytes: binary and json flags set. */
    BINARY,
    /** JSON text of a non-string value: json flag set. */
    JSON;

    /** The type bits of the flags byte for this kind. */
    int flagBits() {
        switch (this) {
            case BINARY: return Frames.FLAG_BINARY | Frames.FLAG_JSON;
            case JSON: return Frames.FLAG_JSON;
            default: return 0;
        }
    }

    /** The kind a flags byte announces (binary wins over json, as Trystero reads it). */
    static PayloadKind fromFlags(int flags) {
        if ((flags & Frames.FLAG_BINARY) != 0) {
            return BINARY;
        }
        return (flags & Frames.FLAG_JSON) != 0 ? JSON : STRING;
    }
}
