package io.peerset.signal.nostr;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;

/**
 * One NIP-01 message from a relay to a client, parsed strictly; and the few client
 * messages we send. Anything else a relay sends is an {@link InvalidFrameException}
 * naming what was wrong.
 */
record RelayFrame(Type type, String subId, JsonNode event, String eventId, boolean accepted, String message) {

    enum Type { EVENT, EOSE, OK, NOTICE, CLOSED, AUTH }

    /** Longest subscription id, message or reason we accept from a relay. */
    static final int MAX_STRING = 4096;

    static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(16)
                    .maxStringLength(1 << 20)
                    .maxNumberLength(32)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** Thrown for a relay message that is not one we understand. */
    static final class InvalidFrameException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidFrameException(String message) {
            super(message, null, false, false);
        }
    }

    static RelayFrame parse(String text) throws InvalidFrameException {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidFrameException("relay message is not valid JSON ("
                    + e.getOriginalMessage() + "); expected a JSON array like [\"EVENT\", subId, event]");
        }
        if (root == null || !root.isArray() || root.isEmpty() || !root.get(0).isTextual()) {
            throw new InvalidFrameException("relay message must be a JSON array starting with a message type string; got "
                    + describe(root));
        }
        String type = root.get(0).asText();
        switch (type) {
            case "EVENT": {
                requireSize(root, 3, "[\"EVENT\", subId, event]");
                String subId = string(root, 1, "subscription id");
                JsonNode event = root.get(2);
                if (!event.isObject()) {
                    throw new InvalidFrameException("EVENT must carry an event object; got " + describe(event));
                }
                return new RelayFrame(Type.EVENT, subId, event, null, false, null);
            }
            case "EOSE":
                requireSize(root, 2, "[\"EOSE\", subId]");
                return new RelayFrame(Type.EOSE, string(root, 1, "subscription id"), null, null, false, null);
            case "OK": {
                requireSize(root, 3, "[\"OK\", eventId, true|false, message]");
                String id = string(root, 1, "event id");
                if (!root.get(2).isBoolean()) {
                    throw new InvalidFrameException("OK must carry true or false as its third element; got " + describe(root.get(2)));
                }
                String msg = root.size() > 3 ? string(root, 3, "message") : "";
                return new RelayFrame(Type.OK, null, null, id, root.get(2).asBoolean(), msg);
            }
            case "NOTICE":
                requireSize(root, 2, "[\"NOTICE\", message]");
                return new RelayFrame(Type.NOTICE, null, null, null, false, string(root, 1, "message"));
            case "CLOSED": {
                requireSize(root, 2, "[\"CLOSED\", subId, reason]");
                String reason = root.size() > 2 ? string(root, 2, "reason") : "";
                return new RelayFrame(Type.CLOSED, string(root, 1, "subscription id"), null, null, false, reason);
            }
            case "AUTH":
                requireSize(root, 2, "[\"AUTH\", challenge]");
                return new RelayFrame(Type.AUTH, null, null, null, false, string(root, 1, "challenge"));
            default:
                throw new InvalidFrameException("unknown relay message type " + quote(type)
                        + "; expected EVENT, EOSE, OK, NOTICE, CLOSED or AUTH");
        }
    }

    /** {@code ["REQ", subId, {"kinds":[…],"since":…,"#x":[…]}]}. */
    static String req(String subId, Collection<Integer> kinds, long since, Collection<String> topics) {
        ArrayNode a = JSON.createArrayNode();
        a.add("REQ").add(subId);
        ObjectNode filter = a.addObject();
        ArrayNode k = filter.putArray("kinds");
        kinds.forEach(k::add);
        filter.put("since", since);
        ArrayNode x = filter.putArray("#x");
        topics.forEach(x::add);
        return a.toString();
    }

    /** {@code ["CLOSE", subId]}. */
    static String close(String subId) {
        return JSON.createArrayNode().add("CLOSE").add(subId).toString();
    }

    private static void requireSize(JsonNode root, int min, String shape) throws InvalidFrameException {
        if (root.size() < min) {
            throw new InvalidFrameException(root.get(0).asText() + " must have at least " + min
                    + " elements, " + shape + "; got " + root.size());
        }
    }

    private static String string(JsonNode root, int index, String what) throws InvalidFrameException {
        JsonNode n = root.get(index);
        if (!n.isTextual()) {
            throw new InvalidFrameException(root.get(0).asText() + " " + what + " must be a string; got " + describe(n));
        }
        String s = n.asText();
        if (s.length() > MAX_STRING) {
            throw new InvalidFrameException(root.get(0).asText() + " " + what + " must be at most " + MAX_STRING
                    + " characters; got " + s.length());
        }
        return s;
    }

    static String describe(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "nothing";
        }
        String s = n.toString();
        return n.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + abbreviate(s, 80);
    }

    static String quote(String s) {
        return "\"" + abbreviate(s, 80) + "\"";
    }

    /** The first {@code max} characters, with control characters shown as '?', for logs. */
    static String abbreviate(String s, int max) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), max) + 16);
        for (int i = 0; i < s.length() && i < max; i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        if (s.length() > max) {
            sb.append("… (").append(s.length()).append(" chars)");
        }
        return sb.toString();
    }
}
