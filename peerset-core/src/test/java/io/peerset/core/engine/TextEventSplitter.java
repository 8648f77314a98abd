package io.peerset.core.engine;

import io.peerset.core.ProtocolViolation;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The ps/event splitter over decoded text, as the engine had it before it split UTF-8
 * bytes: kept in the tests only, as an independent oracle that the byte splitter
 * ({@link EventCodec#splitEvents(byte[])}) must agree with, element for element.
 */
final class TextEventSplitter {
    private static final int MAX_DEPTH = EventCodec.MAX_DEPTH;

    private TextEventSplitter() {
    }

    /**
     * Splits a ps/event array into the JSON texts of its elements, skipping those
     * whose leading {@code "id"} is already known (they are not parsed at all).
     *
     * @throws ProtocolViolation if it is not an array of objects or holds too many
     */
    static List<String> splitEvents(String json, Predicate<String> known) throws ProtocolViolation {
        return splitEvents(json, known, id -> { });
    }

    /** As {@link #splitEvents(String, Predicate)}, telling {@code sawId} every leading id found. */
    static List<String> splitEvents(String json, Predicate<String> known, java.util.function.Consumer<String> sawId) throws ProtocolViolation {
        List<String> out = new ArrayList<>();
        int n = json.length();
        int i = skipWs(json, 0);
        if (i >= n || json.charAt(i) != '[') {
            throw new ProtocolViolation("ps/event must be a JSON array of events; it does not start with '['");
        }
        i = skipWs(json, i + 1);
        if (i < n && json.charAt(i) == ']') {
            return endOfArray(json, i, out);
        }
        int count = 0;
        while (true) {
            if (i >= n || json.charAt(i) != '{') {
                throw new ProtocolViolation("ps/event element " + count + " is not a JSON object");
            }
            int end = endOfObject(json, i);
            if (++count > Protocol.MAX_EVENTS_PER_MESSAGE) {
                throw new ProtocolViolation("ps/event carries more than " + Protocol.MAX_EVENTS_PER_MESSAGE + " events");
            }
            String id = leadingId(json, i);
            if (id != null) {
                sawId.accept(id);
            }
            if (id == null || !known.test(id)) {
                out.add(json.substring(i, end));
            }
            i = skipWs(json, end);
            if (i < n && json.charAt(i) == ',') {
                i = skipWs(json, i + 1);
                continue;
            }
            if (i < n && json.charAt(i) == ']') {
                return endOfArray(json, i, out);
            }
            throw new ProtocolViolation("ps/event: expected ',' or ']' after element " + (count - 1));
        }
    }

    private static List<String> endOfArray(String json, int i, List<String> out) throws ProtocolViolation {
        if (skipWs(json, i + 1) != json.length()) {
            throw new ProtocolViolation("ps/event has text after the closing ']'");
        }
        return out;
    }

    /** The id when the object starts with {@code {"id":"<64 lowercase hex>"}, as peerset writes events; else null. */
    static String leadingId(String json, int start) {
        String prefix = "{\"id\":\"";
        if (!json.startsWith(prefix, start) || start + prefix.length() + 65 > json.length()) {
            return null;
        }
        int from = start + prefix.length();
        for (int k = from; k < from + 64; k++) {
            char c = json.charAt(k);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return null;
            }
        }
        return json.charAt(from + 64) == '"' ? json.substring(from, from + 64) : null;
    }

    private static int endOfObject(String s, int start) throws ProtocolViolation {
        int depth = 0;
        char[] open = new char[MAX_DEPTH + 1];
        boolean inString = false;
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
                continue;
            }
            switch (c) {
                case '"': inString = true; break;
                case '{':
                case '[':
                    if (++depth > MAX_DEPTH) {
                        throw new ProtocolViolation("ps/event element nests deeper than " + MAX_DEPTH + " levels");
                    }
                    open[depth] = c;
                    break;
                case '}':
                case ']':
                    if (open[depth] != (c == '}' ? '{' : '[')) {
                        throw new ProtocolViolation("ps/event element closes '" + open[depth] + "' with '" + c
                            + "' at offset " + i + "; expected matching brackets");
                    }
                    if (--depth == 0) {
                        return i + 1;
                    }
                    break;
                default:
                    break;
            }
        }
        throw new ProtocolViolation("ps/event element is not closed before the end of the message");
    }


    private static int skipWs(String s, int i) {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                break;
            }
            i++;
        }
        return i;
    }
}
