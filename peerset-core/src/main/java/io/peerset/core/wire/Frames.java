package io.peerset.core.wire;

import io.peerset.core.ProtocolViolation;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Trystero 0.25 data-channel frames, byte for byte.
 *
 * <pre>
 * room frame     : 0x01 | u16 BE token length | token (UTF-8) | action chunk
 * action chunk   : action name UTF-8, NUL-padded to 32 bytes | u16 BE nonce | flags | progress | payload (≤ 16 348 bytes)
 * flags          : bit0 last, bit1 meta, bit2 binary, bit3 json
 * progress       : round((i + 1) / total * 255)
 * presence frame : 0x02 | present (0/1) | u16 BE token length | token
 * </pre>
 *
 * A payload is split so that an action chunk is at most 16 KiB; an empty payload
 * still makes one (last) chunk.
 */
public final class Frames {
    public static final int ROOM_FRAME = 0x01;
    public static final int PRESENCE_FRAME = 0x02;
    /** Bytes of the NUL-padded action name. */
    public static final int ACTION_NAME_BYTES = 32;
    /** Action name + nonce + flags + progress. */
    public static final int ACTION_HEADER_BYTES = 36;
    /** Largest payload chunk: 16 KiB minus the action header. */
    public static final int CHUNK_BYTES = 16 * 1024 - ACTION_HEADER_BYTES;
    /** Longest room token accepted (Trystero's are 64 hex characters). */
    public static final int MAX_TOKEN_BYTES = 256;

    public static final int FLAG_LAST = 1;
    public static final int FLAG_META = 2;
    public static final int FLAG_BINARY = 4;
    public static final int FLAG_JSON = 8;
    static final int KNOWN_FLAGS = FLAG_LAST | FLAG_META | FLAG_BINARY | FLAG_JSON;

    private Frames() {}

    /** A presence frame telling the peer we are (or no longer are) in the room with this token. */
    public static byte[] presence(String roomToken, boolean present) {
        byte[] token = roomToken.getBytes(StandardCharsets.UTF_8);
        checkToken(token);
        byte[] out = new byte[4 + token.length];
        out[0] = PRESENCE_FRAME;
        out[1] = (byte) (present ? 1 : 0);
        out[2] = (byte) (token.length >>> 8);
        out[3] = (byte) token.length;
        System.arraycopy(token, 0, out, 4, token.length);
        return out;
    }

    /**
     * The room frames carrying one action message, in sending order.
     *
     * @param nonce 0–65535 (the sender's per-action counter)
     * @throws IllegalArgumentException if the action name is empty or over 32 UTF-8 bytes
     */
    public static List<byte[]> roomFrames(String roomToken, String action, int nonce, Payload payload) {
        byte[] token = roomToken.getBytes(StandardCharsets.UTF_8);
        checkToken(token);
        byte[] name = actionNameBytes(action);
        if (nonce < 0 || nonce > 0xffff) {
            throw new IllegalArgumentException("nonce must be 0–65535; got " + nonce);
        }
        byte[] data = payload.bytes();
        int total = Math.max(1, (data.length + CHUNK_BYTES - 1) / CHUNK_BYTES);
        List<byte[]> out = new ArrayList<>(total);
        int typeBits = payload.kind().flagBits();
        for (int i = 0; i < total; i++) {
            int from = i * CHUNK_BYTES;
            int len = Math.min(CHUNK_BYTES, data.length - from);
            boolean last = i == total - 1;
            byte[] f = new byte[3 + token.length + ACTION_HEADER_BYTES + len];
            f[0] = ROOM_FRAME;
            f[1] = (byte) (token.length >>> 8);
            f[2] = (byte) token.length;
            System.arraycopy(token, 0, f, 3, token.length);
            int h = 3 + token.length;
            System.arraycopy(name, 0, f, h, name.length);
            f[h + 32] = (byte) (nonce >>> 8);
            f[h + 33] = (byte) nonce;
            f[h + 34] = (byte) ((last ? FLAG_LAST : 0) | typeBits);
            f[h + 35] = (byte) progress(i, total);
            System.arraycopy(data, from, f, h + ACTION_HEADER_BYTES, len);
            out.add(f);
        }
        return out;
    }

    /** Trystero's progress byte: {@code Math.round((i + 1) / total * 255)} (half rounds up). */
    static int progress(int index, int total) {
        return (int) Math.floor((index + 1) * 255.0 / total + 0.5);
    }

    /** The action name as 32 NUL-padded bytes. */
    static byte[] actionNameBytes(String action) {
        if (action == null || action.isEmpty()) {
            throw new IllegalArgumentException("action name must not be empty");
        }
        byte[] raw = action.getBytes(StandardCharsets.UTF_8);
        if (raw.length > ACTION_NAME_BYTES) {
            throw new IllegalArgumentException("action name '" + action + "' is " + raw.length
                + " UTF-8 bytes; Trystero allows at most " + ACTION_NAME_BYTES);
        }
        byte[] out = new byte[ACTION_NAME_BYTES];
        System.arraycopy(raw, 0, out, 0, raw.length);
        return out;
    }

    private static void checkToken(byte[] token) {
        if (token.length == 0 || token.length > MAX_TOKEN_BYTES) {
            throw new IllegalArgumentException("room token must be 1–" + MAX_TOKEN_BYTES + " bytes; got " + token.length);
        }
    }

    /**
     * Decodes one data-channel message into a frame, checking every length.
     *
     * @throws ProtocolViolation saying what is malformed and what was expected
     */
    public static Frame decode(byte[] msg) throws ProtocolViolation {
        if (msg.length < 1) {
            throw new ProtocolViolation("empty data-channel message; expected a Trystero room (0x01) or presence (0x02) frame");
        }
        int type = msg[0] & 0xff;
        if (type == PRESENCE_FRAME) {
            if (msg.length < 4) {
                throw new ProtocolViolation("presence frame of " + msg.length + " bytes; expected at least 4");
            }
            int present = msg[1] & 0xff;
            if (present > 1) {
                throw new ProtocolViolation("presence frame present byte is " + present + "; expected 0 or 1");
            }
            int tokenLen = ((msg[2] & 0xff) << 8) | (msg[3] & 0xff);
            if (tokenLen == 0 || tokenLen > MAX_TOKEN_BYTES || msg.length != 4 + tokenLen) {
                throw new ProtocolViolation("presence frame token length " + tokenLen + " does not fit a " + msg.length
                    + "-byte frame; expected 1–" + MAX_TOKEN_BYTES + " token bytes filling the frame");
            }
            return new Frame.Presence(utf8(msg, 4, tokenLen, "presence room token"), present == 1);
        }
        if (type != ROOM_FRAME) {
            throw new ProtocolViolation("unknown frame type 0x" + Integer.toHexString(type) + "; expected 0x01 (room) or 0x02 (presence)");
        }
        if (msg.length < 3) {
            throw new ProtocolViolation("room frame of " + msg.length + " bytes; expected at least 3");
        }
        int tokenLen = ((msg[1] & 0xff) << 8) | (msg[2] & 0xff);
        if (tokenLen == 0 || tokenLen > MAX_TOKEN_BYTES) {
            throw new ProtocolViolation("room frame token length " + tokenLen + "; expected 1–" + MAX_TOKEN_BYTES);
        }
        int h = 3 + tokenLen;
        if (msg.length < h + ACTION_HEADER_BYTES) {
            throw new ProtocolViolation("room frame of " + msg.length + " bytes is shorter than its header ("
                + (h + ACTION_HEADER_BYTES) + " bytes: token of " + tokenLen + " and a 36-byte action header)");
        }
        int payloadLen = msg.length - h - ACTION_HEADER_BYTES;
        if (payloadLen > CHUNK_BYTES) {
            throw new ProtocolViolation("room frame chunk of " + payloadLen + " bytes; expected at most " + CHUNK_BYTES);
        }
        String token = utf8(msg, 3, tokenLen, "room token");
        int nameLen = 0;
        while (nameLen < ACTION_NAME_BYTES && msg[h + nameLen] != 0) {
            nameLen++;
        }
        for (int i = nameLen; i < ACTION_NAME_BYTES; i++) {
            if (msg[h + i] != 0) {
                throw new ProtocolViolation("action name has a byte after its NUL padding at position " + i
                    + "; expected the name followed only by NUL bytes");
            }
        }
        if (nameLen == 0) {
            throw new ProtocolViolation("room frame has an empty action name");
        }
        String action = utf8(msg, h, nameLen, "action name");
        int nonce = ((msg[h + 32] & 0xff) << 8) | (msg[h + 33] & 0xff);
        int flags = msg[h + 34] & 0xff;
        if ((flags & ~KNOWN_FLAGS) != 0) {
            throw new ProtocolViolation("room frame flags 0x" + Integer.toHexString(flags)
                + " set unknown bits; expected only last (1), meta (2), binary (4), json (8)");
        }
        int progress = msg[h + 35] & 0xff;
        byte[] chunk = new byte[payloadLen];
        System.arraycopy(msg, h + ACTION_HEADER_BYTES, chunk, 0, payloadLen);
        return new Frame.RoomChunk(token, action, nonce, flags, progress, chunk);
    }

    private static String utf8(byte[] b, int off, int len, String what) throws ProtocolViolation {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(b, off, len)).toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolViolation(what + " is not valid UTF-8");
        }
    }
}
