package io.peerset.core.wire;

/** One decoded data-channel message: a room chunk or a presence notice. */
public interface Frame {
    /** The room token the frame names. */
    String roomToken();

    /** A presence frame: the peer is (or is no longer) in the room with this token. */
    record Presence(String roomToken, boolean present) implements Frame {}

    /** One chunk of an action message in a room. */
    record RoomChunk(String roomToken, String action, int nonce, int flags, int progress, byte[] chunk) implements Frame {
        public boolean last() { return (flags & Frames.FLAG_LAST) != 0; }
        public boolean meta() { return (flags & Frames.FLAG_META) != 0; }
        /** The type bits (binary, json). */
        int typeFlags() { return flags & (Frames.FLAG_BINARY | Frames.FLAG_JSON); }
    }
}
