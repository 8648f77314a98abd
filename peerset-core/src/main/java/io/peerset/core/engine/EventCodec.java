package io.peerset.core.engine;

import io.peerset.api.Hex;
import io.peerset.api.Record;
import io.peerset.core.ProtocolViolation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

/**
 * The JSON of ps/event (an array of NIP-01 events) and ps/req (an array of hex
 * ids): bounded encoders and strict splitters. Parsing each event is left to
 * {@link Record#fromJson}; this class only finds the elements.
 */
final class EventCodec {
    private static final int MAX_DEPTH = 8;

    private EventCodec() {}

    /** A record ready to send: its id and its JSON, serialised once. */
    record Encoded(String id, String json, int size) {
        static Encoded of(Record r) {
            String json = r.toJson();
            return new Encoded(r.id(), json, utf8Length(json));
        }
    }

    static List<Encoded> encode(Collection<Record> records) {
        List<Encoded> out = new ArrayList<>(records.size());
        for (Record r : records) {
            out.add(Encoded.of(r));
        }
        return out;
    }

    /** JSON arrays of the records, each at most {@code batchBytes} long unless one record alone is longer. */
    static List<String> encodeBatches(Collection<Record> records, int batchBytes) {
        return joinBatches(encode(records), batchBytes);
    }

    /** JSON arrays of encoded records, each at most {@code batchBytes} long unless one record alone is longer. */
    static List<String> joinBatches(List<Encoded> records, int batchBytes) {
        List<String> out = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        int bytes = 0;
        int count = 0;
        for (Encoded r : records) {
            String json = r.json();
            int size = r.size();
            if (count > 0 && (bytes + size + 2 > batchBytes || count >= Protocol.MAX_EVENTS_PER_MESSAGE)) {
                out.add(sb.append(']').toString());
                sb.setLength(0);
                bytes = 0;
                count = 0;
            }
            sb.append(count == 0 ? '[' : ',').append(json);
            bytes += size + 1;
            count++;
        }
        if (count > 0) {
            out.add(sb.append(']').toString());
        }
        return out;
    }

    /** JSON arrays of at most {@code perBatch} hex ids. */
    static List<String> encodeIdBatches(List<String> idsHex, int perBatch) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < idsHex.size(); i += perBatch) {
            StringBuilder sb = new StringBuilder("[");
            for (int j = i; j < Math.min(idsHex.size(), i + perBatch); j++) {
                if (j > i) {
                    sb.append(',');
                }
                sb.append('"').append(idsHex.get(j)).append('"');
            }
            out.add(sb.append(']').toString());
        }
        return out;
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

    /**
     * Parses a ps/req array of 64-character lowercase hex ids.
     *
     * @throws ProtocolViolation saying what is wrong
     */
    static List<String> parseIds(String json) throws ProtocolViolation {
        List<String> out = new ArrayList<>();
        int n = json.length();
        int i = skipWs(json, 0);
        if (i >= n || json.charAt(i) != '[') {
            throw new ProtocolViolation("ps/req must be a JSON array of hex ids; it does not start with '['");
        }
        i = skipWs(json, i + 1);
        if (i < n && json.charAt(i) == ']') {
            if (skipWs(json, i + 1) != n) {
                throw new ProtocolViolation("ps/req has text after the closing ']'");
            }
            return out;
        }
        while (true) {
            if (i + 66 > n || json.charAt(i) != '"' || json.charAt(i + 65) != '"') {
                throw new ProtocolViolation("ps/req element " + out.size() + " is not a 64-character hex id in quotes");
            }
            String id = json.substring(i + 1, i + 65);
            for (int k = 0; k < 64; k++) {
                char c = id.charAt(k);
                if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                    throw new ProtocolViolation("ps/req element " + out.size() + " is not lowercase hex");
                }
            }
            if (out.size() >= Protocol.MAX_IDS_PER_REQ) {
                throw new ProtocolViolation("ps/req asks for more than " + Protocol.MAX_IDS_PER_REQ + " ids");
            }
            out.add(id);
            i = skipWs(json, i + 66);
            if (i < n && json.charAt(i) == ',') {
                i = skipWs(json, i + 1);
                continue;
            }
            if (i < n && json.charAt(i) == ']' && skipWs(json, i + 1) == n) {
                return out;
            }
            throw new ProtocolViolation("ps/req: expected ',' or a final ']' after element " + (out.size() - 1));
        }
    }

    static String hex(byte[] id) {
        return Hex.encode(id);
    }

    static int utf8Length(String s) {
        int n = s.length();
        int bytes = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                bytes = s.getBytes(StandardCharsets.UTF_8).length;
                break;
            }
        }
        return bytes;
    }
}
