package io.peerset.core.trystero;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Identifiers and topic names exactly as Trystero 0.25.x derives them: peer ids,
 * the base-36 {@code sha1} of topic paths, the room token, the WebTorrent
 * {@code info_hash} and the Nostr event kind of a topic.
 *
 * <p>Strings are encoded like the browser's {@code TextEncoder}: UTF-8 with every
 * unpaired surrogate replaced by U+FFFD, so odd app or room names still hash the
 * same on both sides.
 */
public final class TrysteroIds {
    /** Trystero's id alphabet: digits, then upper and lower case letters interleaved. */
    public static final String ALPHABET = "0123456789AaBbCcDdEeFfGgHhIiJjKkLlMmNnOoPpQqRrSsTtUuVvWwXxYyZz";

    /** Length of a Trystero peer id (and of a tracker {@code peer_id}). */
    public static final int PEER_ID_LENGTH = 20;

    /** Longest peer id accepted from the network. */
    public static final int MAX_PEER_ID_LENGTH = 64;

    /** Library name Trystero puts in front of topic paths and the room token. */
    public static final String LIB_NAME = "Trystero";

    private static final SecureRandom RANDOM = new SecureRandom();

    private TrysteroIds() {}

    /** A fresh random 20-character peer id. */
    public static String randomPeerId() {
        return randomId(PEER_ID_LENGTH);
    }

    /** A random id of {@code length} characters from {@link #ALPHABET} (offer ids, tracker offer ids). */
    public static String randomId(int length) {
        if (length < 1 || length > 1024) {
            throw new IllegalArgumentException("id length must be between 1 and 1024; got " + length);
        }
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length()));
        }
        return new String(out);
    }

    /**
     * Whether a peer id from the network is acceptable: 1 to {@value #MAX_PEER_ID_LENGTH}
     * ASCII letters and digits (Trystero sends 20 from {@link #ALPHABET}).
     */
    public static boolean isValidPeerId(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_PEER_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * Trystero's {@code sha1}: SHA-1 of the UTF-8 bytes, each byte written in base 36
     * (lower case, no padding) and the pieces joined. Not hex, and not fixed length.
     */
    public static String sha1(String s) {
        byte[] digest = digest("SHA-1", utf8(s));
        StringBuilder out = new StringBuilder(digest.length * 2);
        for (byte b : digest) {
            out.append(Integer.toString(b & 0xff, 36));
        }
        return out.toString();
    }

    /** {@code "Trystero@" + appId + "@" + roomId}, the plain text behind the topics. */
    public static String rootTopicPath(String appId, String roomId) {
        return LIB_NAME + "@" + requireNonEmpty(appId, "appId") + "@" + requireNonEmpty(roomId, "roomId");
    }

    /** The room's shared topic, where peers announce themselves. */
    public static String rootTopic(String appId, String roomId) {
        return sha1(rootTopicPath(appId, roomId));
    }

    /** A peer's own topic in a room, where others send it offers, answers and candidates. */
    public static String selfTopic(String appId, String roomId, String peerId) {
        return sha1(rootTopicPath(appId, roomId) + "@" + requireNonEmpty(peerId, "peerId"));
    }

    /**
     * The room token carried in data-channel frames: lowercase hex SHA-256 of
     * {@code "Trystero:" + appId + ":" + roomId} (64 characters).
     */
    public static String roomToken(String appId, String roomId) {
        byte[] digest = digest("SHA-256", utf8(LIB_NAME + ":" + requireNonEmpty(appId, "appId") + ":"
                + requireNonEmpty(roomId, "roomId")));
        return hex(digest);
    }

    /** The WebTorrent {@code info_hash} of a room: {@code sha1(rootTopic)} cut to 20 characters. */
    public static String infoHash(String appId, String roomId) {
        return infoHashOfTopic(rootTopic(appId, roomId));
    }

    /** {@code sha1(topic)} cut to 20 characters, as the torrent strategy does. */
    public static String infoHashOfTopic(String topic) {
        String h = sha1(topic);
        return h.length() > 20 ? h.substring(0, 20) : h;
    }

    /** Nostr event kind of a topic: (sum of its UTF-16 code units) mod 10000, plus 20000. */
    public static int nostrKind(String topic) {
        long sum = 0;
        for (int i = 0; i < topic.length(); i++) {
            sum += topic.charAt(i);
        }
        return (int) (sum % 10_000) + 20_000;
    }

    /** UTF-8 like a browser's {@code TextEncoder}: unpaired surrogates become U+FFFD. */
    static byte[] utf8(String s) {
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)
                .replaceWith(new byte[] {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD});
        try {
            ByteBuffer bb = encoder.encode(CharBuffer.wrap(s));
            byte[] out = new byte[bb.remaining()];
            bb.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("UTF-8 encoder with REPLACE cannot fail", e);
        }
    }

    static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required by every Java runtime", e);
        }
    }

    static String hex(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            out.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return out.toString();
    }

    private static String requireNonEmpty(String value, String name) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(name + " must be a non-empty string; got "
                    + (value == null ? "null" : "an empty string"));
        }
        return value;
    }
}
