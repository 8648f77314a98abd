package io.peerset.core.engine;

import io.peerset.api.Hex;
import io.peerset.api.SignedRecord;
import io.peerset.core.ProtocolViolation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The JSON of ps/event (an array of NIP-01 events) and ps/req (an array of hex
 * ids): bounded encoders and strict splitters. Parsing each event is left to
 * {@link SignedRecord#fromJson}; this class only finds the elements.
 */
final class EventCodec {
    static final int MAX_DEPTH = 8;

    private EventCodec() {}

    /** A record ready to send: its id and its JSON as UTF-8, serialised once. */
    record Encoded(String id, byte[] utf8) {
        static Encoded of(SignedRecord r) {
            return new Encoded(r.id(), toUtf8(r));
        }

        int size() {
            return utf8.length;
        }
    }

    static List<Encoded> encode(Collection<SignedRecord> records) {
        List<Encoded> out = new ArrayList<>(records.size());
        for (SignedRecord r : records) {
            out.add(Encoded.of(r));
        }
        return out;
    }

    /**
     * UTF-8 JSON arrays of the records, each at most {@code batchBytes} long unless one
     * record alone is longer. Every record is written once, straight into its batch.
     */
    static List<byte[]> encodeBatches(List<SignedRecord> records, int batchBytes) {
        int[] sizes = new int[records.size()];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = jsonSize(records.get(i));
        }
        List<byte[]> out = new ArrayList<>();
        forEachBatch(sizes, batchBytes, (from, to, length) -> {
            byte[] batch = new byte[length];
            int at = 0;
            for (int i = from; i < to; i++) {
                batch[at++] = (byte) (i == from ? '[' : ',');
                at = writeJson(records.get(i), batch, at);
            }
            batch[at] = ']';
            out.add(batch);
        });
        return out;
    }

    /** UTF-8 JSON arrays of encoded records, each at most {@code batchBytes} long unless one record alone is longer. */
    static List<byte[]> joinBatches(List<Encoded> records, int batchBytes) {
        int[] sizes = new int[records.size()];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = records.get(i).size();
        }
        List<byte[]> out = new ArrayList<>();
        forEachBatch(sizes, batchBytes, (from, to, length) -> {
            byte[] batch = new byte[length];
            int at = 0;
            for (int i = from; i < to; i++) {
                batch[at++] = (byte) (i == from ? '[' : ',');
                byte[] json = records.get(i).utf8();
                System.arraycopy(json, 0, batch, at, json.length);
                at += json.length;
            }
            batch[at] = ']';
            out.add(batch);
        });
        return out;
    }

    @FunctionalInterface
    private interface BatchSink {
        /** Elements [from, to) make one array of {@code length} bytes. */
        void batch(int from, int to, int length);
    }

    /** Splits elements of these sizes into arrays of at most batchBytes (one oversized element goes alone) and at most MAX_EVENTS_PER_MESSAGE. */
    private static void forEachBatch(int[] sizes, int batchBytes, BatchSink sink) {
        int from = 0;
        int bytes = 0;
        for (int i = 0; i < sizes.length; i++) {
            int count = i - from;
            if (count > 0 && (bytes + sizes[i] + 2 > batchBytes || count >= Protocol.MAX_EVENTS_PER_MESSAGE)) {
                sink.batch(from, i, bytes + 1);
                from = i;
                bytes = 0;
            }
            bytes += sizes[i] + 1;
        }
        if (sizes.length > from) {
            sink.batch(from, sizes.length, bytes + 1);
        }
    }

    // ---------------------------------------------------------------- records as UTF-8 JSON, without a String

    private static final byte[] ID_OPEN = ascii("{\"id\":\"");
    private static final byte[] PUBKEY_OPEN = ascii("\",\"pubkey\":\"");
    private static final byte[] CREATED_AT_OPEN = ascii("\",\"created_at\":");
    private static final byte[] KIND_OPEN = ascii(",\"kind\":");
    private static final byte[] TAGS_OPEN = ascii(",\"tags\":");
    private static final byte[] CONTENT_OPEN = ascii(",\"content\":");
    private static final byte[] SIG_OPEN = ascii(",\"sig\":\"");
    private static final byte[] CLOSE = ascii("\"}");
    private static final int FIXED = ID_OPEN.length + PUBKEY_OPEN.length + CREATED_AT_OPEN.length + KIND_OPEN.length
        + TAGS_OPEN.length + CONTENT_OPEN.length + SIG_OPEN.length + CLOSE.length;
    private static final byte[] HEX_DIGITS = ascii("0123456789abcdef");

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** {@code r.toJson()} as UTF-8 bytes, built directly. */
    static byte[] toUtf8(SignedRecord r) {
        byte[] out = new byte[jsonSize(r)];
        writeJson(r, out, 0);
        return out;
    }

    /** The UTF-8 length of {@code r.toJson()}, computed without building it. */
    static int jsonSize(SignedRecord r) {
        int n = FIXED + r.id().length() + r.pubkey().length() + r.sig().length()
            + decimalLength(r.createdAt()) + decimalLength(r.kind()) + stringSize(r.content());
        List<List<String>> tags = r.tags();
        n += 2 + Math.max(0, tags.size() - 1);
        for (List<String> t : tags) {
            n += 2 + Math.max(0, t.size() - 1);
            for (String v : t) {
                n += stringSize(v);
            }
        }
        return n;
    }

    /** Writes {@code r.toJson()} as UTF-8 at {@code at} (the array must have room); returns the end offset. */
    static int writeJson(SignedRecord r, byte[] out, int at) {
        at = put(out, at, ID_OPEN);
        at = putAscii(out, at, r.id());
        at = put(out, at, PUBKEY_OPEN);
        at = putAscii(out, at, r.pubkey());
        at = put(out, at, CREATED_AT_OPEN);
        at = putDecimal(out, at, r.createdAt());
        at = put(out, at, KIND_OPEN);
        at = putDecimal(out, at, r.kind());
        at = put(out, at, TAGS_OPEN);
        out[at++] = '[';
        List<List<String>> tags = r.tags();
        for (int i = 0; i < tags.size(); i++) {
            if (i > 0) {
                out[at++] = ',';
            }
            List<String> t = tags.get(i);
            out[at++] = '[';
            for (int j = 0; j < t.size(); j++) {
                if (j > 0) {
                    out[at++] = ',';
                }
                at = putString(out, at, t.get(j));
            }
            out[at++] = ']';
        }
        out[at++] = ']';
        at = put(out, at, CONTENT_OPEN);
        at = putString(out, at, r.content());
        at = put(out, at, SIG_OPEN);
        at = putAscii(out, at, r.sig());
        return put(out, at, CLOSE);
    }

    private static int put(byte[] out, int at, byte[] b) {
        System.arraycopy(b, 0, out, at, b.length);
        return at + b.length;
    }

    /** id, pubkey and sig: lowercase hex, checked by {@link SignedRecord#of}. */
    @SuppressWarnings("deprecation")
    private static int putAscii(byte[] out, int at, String s) {
        s.getBytes(0, s.length(), out, at);
        return at + s.length();
    }

    private static int decimalLength(long v) {
        int n = 1;
        while (v >= 10) {
            v /= 10;
            n++;
        }
        return n;
    }

    private static int putDecimal(byte[] out, int at, long v) {
        int end = at + decimalLength(v);
        int i = end;
        do {
            out[--i] = (byte) ('0' + (int) (v % 10));
            v /= 10;
        } while (v > 0);
        return end;
    }

    /** UTF-8 size of the JSON string literal SignedRecord.toJson writes for s (quotes included). */
    private static int stringSize(String s) {
        int n = 2;
        for (int i = 0, len = s.length(); i < len; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x80) {
                n += (c == '"' || c == '\\') ? 2 : 1;
            } else if (c < 0x20) {
                n += (c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f') ? 2 : 6;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                    n += 4;
                    i++;
                } else {
                    n += 6;
                }
            } else if (Character.isLowSurrogate(c)) {
                n += 6;
            } else {
                n += 3;
            }
        }
        return n;
    }

    /** Writes s as SignedRecord.toJson escapes it, in UTF-8, quotes included. */
    private static int putString(byte[] out, int at, String s) {
        out[at++] = '"';
        for (int i = 0, len = s.length(); i < len; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x80) {
                if (c == '"' || c == '\\') {
                    out[at++] = '\\';
                }
                out[at++] = (byte) c;
            } else if (c < 0x20) {
                char e;
                switch (c) {
                    case '\n': e = 'n'; break;
                    case '\r': e = 'r'; break;
                    case '\t': e = 't'; break;
                    case '\b': e = 'b'; break;
                    case '\f': e = 'f'; break;
                    default: e = 0;
                }
                if (e != 0) {
                    out[at++] = '\\';
                    out[at++] = (byte) e;
                } else {
                    at = putUnicodeEscape(out, at, c);
                }
            } else if (c < 0x800) {
                out[at++] = (byte) (0xc0 | (c >> 6));
                out[at++] = (byte) (0x80 | (c & 0x3f));
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, s.charAt(++i));
                    out[at++] = (byte) (0xf0 | (cp >> 18));
                    out[at++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
                    out[at++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
                    out[at++] = (byte) (0x80 | (cp & 0x3f));
                } else {
                    at = putUnicodeEscape(out, at, c);
                }
            } else if (Character.isLowSurrogate(c)) {
                at = putUnicodeEscape(out, at, c);
            } else {
                out[at++] = (byte) (0xe0 | (c >> 12));
                out[at++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                out[at++] = (byte) (0x80 | (c & 0x3f));
            }
        }
        out[at++] = '"';
        return at;
    }

    private static int putUnicodeEscape(byte[] out, int at, char c) {
        out[at++] = '\\';
        out[at++] = 'u';
        out[at++] = HEX_DIGITS[(c >> 12) & 0xf];
        out[at++] = HEX_DIGITS[(c >> 8) & 0xf];
        out[at++] = HEX_DIGITS[(c >> 4) & 0xf];
        out[at++] = HEX_DIGITS[c & 0xf];
        return at;
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

    /** The elements of a ps/event array found in its UTF-8 bytes: offsets and leading ids. */
    static final class Elements {
        private int[] bounds = new int[32];
        private String[] ids = new String[16];
        private int count;

        int count() { return count; }
        int start(int i) { return bounds[2 * i]; }
        int end(int i) { return bounds[2 * i + 1]; }
        /** The leading {@code "id"} of element i, or null when it does not start with one. */
        String id(int i) { return ids[i]; }

        private void add(int start, int end, String id) {
            if (count == ids.length) {
                ids = java.util.Arrays.copyOf(ids, count * 2);
                bounds = java.util.Arrays.copyOf(bounds, count * 4);
            }
            bounds[2 * count] = start;
            bounds[2 * count + 1] = end;
            ids[count++] = id;
        }
    }

    /**
     * Splits a ps/event array given as UTF-8 bytes (an array of objects, at most
     * {@link Protocol#MAX_EVENTS_PER_MESSAGE}, nesting at most {@code MAX_DEPTH}, brackets
     * matched, nothing after the closing bracket) without decoding it: the elements stay bytes until they are parsed. JSON's
     * structural characters are ASCII and never occur inside a multi-byte UTF-8
     * sequence, so the scan is exact; the elements' UTF-8 is checked when they are decoded.
     *
     * @throws ProtocolViolation if it is not an array of objects or holds too many
     */
    static Elements splitEvents(byte[] json) throws ProtocolViolation {
        Elements out = new Elements();
        int n = json.length;
        int i = skipWs(json, 0);
        if (i >= n || json[i] != '[') {
            throw new ProtocolViolation("ps/event must be a JSON array of events; it does not start with '['");
        }
        i = skipWs(json, i + 1);
        if (i < n && json[i] == ']') {
            return endOfArray(json, i, out);
        }
        int count = 0;
        while (true) {
            if (i >= n || json[i] != '{') {
                throw new ProtocolViolation("ps/event element " + count + " is not a JSON object");
            }
            int end = endOfObject(json, i);
            if (++count > Protocol.MAX_EVENTS_PER_MESSAGE) {
                throw new ProtocolViolation("ps/event carries more than " + Protocol.MAX_EVENTS_PER_MESSAGE + " events");
            }
            out.add(i, end, leadingId(json, i));
            i = skipWs(json, end);
            if (i < n && json[i] == ',') {
                i = skipWs(json, i + 1);
                continue;
            }
            if (i < n && json[i] == ']') {
                return endOfArray(json, i, out);
            }
            throw new ProtocolViolation("ps/event: expected ',' or ']' after element " + (count - 1));
        }
    }

    private static Elements endOfArray(byte[] json, int i, Elements out) throws ProtocolViolation {
        if (skipWs(json, i + 1) != json.length) {
            throw new ProtocolViolation("ps/event has text after the closing ']'");
        }
        return out;
    }

    private static final byte[] ID_PREFIX = ascii("{\"id\":\"");

    /** The id when the object starts with {@code {"id":"<64 lowercase hex>"}, as peerset writes events; else null. */
    static String leadingId(byte[] json, int start) {
        int from = start + ID_PREFIX.length;
        if (from + 65 > json.length) {
            return null;
        }
        for (int k = 0; k < ID_PREFIX.length; k++) {
            if (json[start + k] != ID_PREFIX[k]) {
                return null;
            }
        }
        for (int k = from; k < from + 64; k++) {
            byte c = json[k];
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return null;
            }
        }
        return json[from + 64] == '"' ? new String(json, from, 64, StandardCharsets.ISO_8859_1) : null;
    }

    private static int endOfObject(byte[] s, int start) throws ProtocolViolation {
        int depth = 0;
        byte[] open = new byte[MAX_DEPTH + 1];
        boolean inString = false;
        for (int i = start; i < s.length; i++) {
            byte c = s[i];
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
                        throw new ProtocolViolation("ps/event element closes '" + (char) open[depth] + "' with '" + (char) c
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

    private static int skipWs(byte[] s, int i) {
        while (i < s.length) {
            byte c = s[i];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                break;
            }
            i++;
        }
        return i;
    }

    /**
     * Bytes [from, to) as strict UTF-8 text.
     *
     * @throws IllegalArgumentException if they are not valid UTF-8
     */
    static String utf8(byte[] b, int from, int to) {
        String fast = new String(b, from, to - from, StandardCharsets.UTF_8);
        if (fast.indexOf('\uFFFD') < 0) {
            return fast; // the lenient decoder turns every malformed sequence into U+FFFD
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                .decode(java.nio.ByteBuffer.wrap(b, from, to - from)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalArgumentException("event is not valid UTF-8 (" + (to - from) + " bytes)");
        }
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
}
