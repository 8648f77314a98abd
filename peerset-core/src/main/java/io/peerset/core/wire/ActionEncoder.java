package io.peerset.core.wire;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes outgoing action messages for one room on one link, keeping Trystero's
 * per-action nonce counter (+1 per message, wrapping at 65 536). Thread-safe.
 */
public final class ActionEncoder {
    private final String roomToken;
    private final Map<String, Integer> nonces = new HashMap<>();

    public ActionEncoder(String roomToken) {
        this.roomToken = roomToken;
    }

    public String roomToken() { return roomToken; }

    /** The frames of one message, with the action's next nonce. */
    public synchronized List<byte[]> encode(String action, Payload payload) {
        int nonce = nonces.getOrDefault(action, 0);
        nonces.put(action, (nonce + 1) & 0xffff);
        return Frames.roomFrames(roomToken, action, nonce, payload);
    }

    /** The presence frame for this room. */
    public byte[] presence(boolean present) {
        return Frames.presence(roomToken, present);
    }
}
