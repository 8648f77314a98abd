package io.peerset.api;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * NIP-01 JSON: canonical string escaping, and a strict, bounded event parser.
 *
 * <p>Escaping, used both for the canonical form whose hash is the id and for
 * {@link SignedRecord#toJson()}: the seven characters NIP-01 names ({@code \n \" \\ \r \t \b \f})
 * get their short escapes; the other control characters U+0000–U+001F and unpaired
 * surrogates, which NIP-01 leaves unspecified and which JSON cannot carry verbatim,
 * get lowercase {@code \}{@code u00xx} escapes; everything else is verbatim. This is
 * byte-for-byte what {@code JSON.stringify} (nostr-tools), serde_json and go-nostr
 * produce, so ids agree with them for every string, and the output is always valid JSON.
 */
final class EventJson {
    private EventJson() {}

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** Appends a JSON string escaped as described in the class comment. */
    static void appendString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                case '\b': sb.append("\\b"); break;
                case '\f': sb.append("\\f"); break;
                default:
                    if (c < 0x20) {
                        appendUnicodeEscape(sb, c);
                    } else if (Character.isHighSurrogate(c)) {
                        if (i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                            sb.append(c).append(s.charAt(++i));
                        } else {
                            appendUnicodeEscape(sb, c);
                        }
                    } else if (Character.isLowSurrogate(c)) {
                        appendUnicodeEscape(sb, c);
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }

    private static void appendUnicodeEscape(StringBuilder sb, char c) {
        sb.append("\\u").append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf])
          .append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
    }

    static void appendTags(StringBuilder sb, List<List<String>> tags) {
        sb.append('[');
        for (int i = 0; i < tags.size(); i++) {
            if (i > 0) sb.append(',');
            List<String> t = tags.get(i);
            sb.append('[');
            for (int j = 0; j < t.size(); j++) {
                if (j > 0) sb.append(',');
                appendString(sb, t.get(j));
            }
            sb.append(']');
        }
        sb.append(']');
    }

    /**
     * Parses one NIP-01 event, strictly (same as {@link SignedRecord#fromJson(String)}).
     *
     * <p>Rejects, with a message naming the field and the problem: input over
     * {@link SignedRecord#MAX_JSON_BYTES} UTF-8 bytes, anything but one JSON object (trailing
     * text included), malformed JSON, duplicate keys, a missing field, a field of the
     * wrong type ({@code id}/{@code pubkey}/{@code sig} lowercase hex of 64/64/128
     * characters, {@code created_at} a non-negative integer without fraction or exponent
     * that fits in a {@code long}, {@code kind} an integer 0–65535, {@code tags} an array
     * of at most {@link SignedRecord#MAX_TAGS} non-empty arrays of strings, {@code content} a
     * string), and unknown fields nested deeper than {@value #MAX_DEPTH} levels. Unknown
     * top-level fields are otherwise ignored, as NIP-01 allows.
     *
     * @throws InvalidRecordException saying what is wrong and what was expected
     */
    static SignedRecord parse(String json) {
        if (json == null) {
            throw new InvalidRecordException("event JSON is null; expected a JSON object");
        }
        long size = utf8Length(json, SignedRecord.MAX_JSON_BYTES);
        if (size > SignedRecord.MAX_JSON_BYTES) {
            throw new InvalidRecordException("event JSON must be at most " + SignedRecord.MAX_JSON_BYTES
                + " bytes of UTF-8; got " + (size == Long.MAX_VALUE ? "more" : Long.toString(size)));
        }
        return new Parser(json).event();
    }

    /** Deepest nesting accepted inside an unknown field. */
    static final int MAX_DEPTH = 32;

    /** UTF-8 length of s, or Long.MAX_VALUE as soon as it certainly exceeds limit. */
    private static long utf8Length(String s, int limit) {
        if (s.length() > limit) {
            return s.length() > (long) limit * 3 ? Long.MAX_VALUE : exactUtf8Length(s);
        }
        return exactUtf8Length(s);
    }

    private static long exactUtf8Length(String s) {
        long n = 0;
        for (int i = 0, len = s.length(); i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    /** A single-use recursive-descent reader over one string. */
    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        SignedRecord event() {
            skipWhitespace();
            if (pos >= s.length()) {
                throw new InvalidRecordException("event JSON is empty; expected a JSON object");
            }
            if (s.charAt(pos) != '{') {
                throw new InvalidRecordException("event must be a JSON object; got " + describeValue());
            }
            pos++;
            String id = null;
            String pubkey = null;
            String sig = null;
            String content = null;
            long createdAt = -1;
            int kind = -1;
            List<List<String>> tags = null;
            Set<String> seen = new HashSet<>();

            skipWhitespace();
            if (peek() == '}') {
                pos++;
            } else {
                while (true) {
                    skipWhitespace();
                    if (peek() != '"') {
                        throw malformed("expected a field name in double quotes");
                    }
                    int keyAt = pos;
                    String key = string();
                    if (!seen.add(key)) {
                        throw new InvalidRecordException("duplicate field '" + printable(key) + "' at offset " + keyAt
                            + "; every field of an event must appear once");
                    }
                    skipWhitespace();
                    expect(':', "after field name '" + printable(key) + "'");
                    skipWhitespace();
                    switch (key) {
                        case "id": id = stringField("id"); break;
                        case "pubkey": pubkey = stringField("pubkey"); break;
                        case "sig": sig = stringField("sig"); break;
                        case "content": content = stringField("content"); break;
                        case "created_at": createdAt = integerField("created_at", Long.MAX_VALUE); break;
                        case "kind": kind = (int) integerField("kind", 65535); break;
                        case "tags": tags = tagsField(); break;
                        default: skipValue(key, 1);
                    }
                    skipWhitespace();
                    char c = peek();
                    if (c == ',') {
                        pos++;
                    } else if (c == '}') {
                        pos++;
                        break;
                    } else {
                        throw malformed("expected ',' or '}' after the value of '" + printable(key) + "'");
                    }
                }
            }
            skipWhitespace();
            if (pos < s.length()) {
                throw new InvalidRecordException("unexpected text after the event object at offset " + pos
                    + ": " + snippet() + "; expected exactly one JSON object");
            }
            requirePresent(id != null, "id");
            requirePresent(pubkey != null, "pubkey");
            requirePresent(createdAt >= 0, "created_at");
            requirePresent(kind >= 0, "kind");
            requirePresent(tags != null, "tags");
            requirePresent(content != null, "content");
            requirePresent(sig != null, "sig");
            return SignedRecord.of(id, pubkey, createdAt, kind, tags, content, sig);
        }

        private static void requirePresent(boolean present, String field) {
            if (!present) {
                throw new InvalidRecordException("missing field '" + field
                    + "'; a NIP-01 event needs id, pubkey, created_at, kind, tags, content and sig");
            }
        }

        private String stringField(String field) {
            if (peek() != '"') {
                throw new InvalidRecordException(field + " must be a JSON string; got " + describeValue());
            }
            return string();
        }

        /** A JSON integer in [0, max]: no sign, fraction or exponent. */
        private long integerField(String field, long max) {
            int start = pos;
            char c = peek();
            if (c == '-') {
                throw new InvalidRecordException(field + " must be a non-negative integer; got " + numberText());
            }
            if (c < '0' || c > '9') {
                throw new InvalidRecordException(field + " must be a non-negative integer; got " + describeValue());
            }
            if (c == '0' && pos + 1 < s.length() && isDigit(s.charAt(pos + 1))) {
                throw malformed(field + " has a leading zero, which JSON does not allow");
            }
            while (pos < s.length() && isDigit(s.charAt(pos))) {
                pos++;
            }
            if (pos < s.length()) {
                char next = s.charAt(pos);
                if (next == '.' || next == 'e' || next == 'E') {
                    pos = start;
                    throw new InvalidRecordException(field + " must be an integer without fraction or exponent; got "
                        + numberText());
                }
            }
            String digits = s.substring(start, pos);
            long value;
            try {
                value = Long.parseLong(digits);
            } catch (NumberFormatException e) {
                throw new InvalidRecordException(field + " must be at most " + max + "; got " + clip(digits));
            }
            if (value > max) {
                throw new InvalidRecordException(field + " must be at most " + max + "; got " + digits);
            }
            return value;
        }

        private List<List<String>> tagsField() {
            if (peek() != '[') {
                throw new InvalidRecordException("tags must be an array of arrays of strings; got " + describeValue());
            }
            pos++;
            List<List<String>> tags = new ArrayList<>();
            skipWhitespace();
            if (peek() == ']') {
                pos++;
                return tags;
            }
            while (true) {
                skipWhitespace();
                if (tags.size() == SignedRecord.MAX_TAGS) {
                    throw new InvalidRecordException("an event may carry at most " + SignedRecord.MAX_TAGS
                        + " tags; got more");
                }
                int index = tags.size();
                if (peek() != '[') {
                    throw new InvalidRecordException("tag " + index + " must be an array of strings; got " + describeValue());
                }
                pos++;
                List<String> tag = new ArrayList<>();
                skipWhitespace();
                if (peek() == ']') {
                    throw new InvalidRecordException("tag " + index + " is empty; every tag must be a non-empty array of strings");
                }
                while (true) {
                    skipWhitespace();
                    if (peek() != '"') {
                        throw new InvalidRecordException("tag " + index + " element " + tag.size()
                            + " must be a string; got " + describeValue());
                    }
                    tag.add(string());
                    skipWhitespace();
                    char c = peek();
                    if (c == ',') {
                        pos++;
                    } else if (c == ']') {
                        pos++;
                        break;
                    } else {
                        throw malformed("expected ',' or ']' in tag " + index);
                    }
                }
                tags.add(tag);
                skipWhitespace();
                char c = peek();
                if (c == ',') {
                    pos++;
                } else if (c == ']') {
                    pos++;
                    return tags;
                } else {
                    throw malformed("expected ',' or ']' after tag " + index);
                }
            }
        }

        /** Reads and discards one value of an unknown field, checking its syntax and depth. */
        private void skipValue(String field, int depth) {
            if (depth > MAX_DEPTH) {
                throw new InvalidRecordException("unknown field '" + printable(field) + "' nests deeper than "
                    + MAX_DEPTH + " levels");
            }
            skipWhitespace();
            char c = peek();
            switch (c) {
                case '"':
                    string();
                    return;
                case '{':
                    pos++;
                    skipWhitespace();
                    if (peek() == '}') {
                        pos++;
                        return;
                    }
                    while (true) {
                        skipWhitespace();
                        if (peek() != '"') {
                            throw malformed("expected a field name in double quotes inside '" + printable(field) + "'");
                        }
                        string();
                        skipWhitespace();
                        expect(':', "after a field name inside '" + printable(field) + "'");
                        skipValue(field, depth + 1);
                        skipWhitespace();
                        char d = peek();
                        pos++;
                        if (d == '}') return;
                        if (d != ',') {
                            pos--;
                            throw malformed("expected ',' or '}' inside '" + printable(field) + "'");
                        }
                    }
                case '[':
                    pos++;
                    skipWhitespace();
                    if (peek() == ']') {
                        pos++;
                        return;
                    }
                    while (true) {
                        skipValue(field, depth + 1);
                        skipWhitespace();
                        char d = peek();
                        pos++;
                        if (d == ']') return;
                        if (d != ',') {
                            pos--;
                            throw malformed("expected ',' or ']' inside '" + printable(field) + "'");
                        }
                    }
                case 't':
                    literal("true");
                    return;
                case 'f':
                    literal("false");
                    return;
                case 'n':
                    literal("null");
                    return;
                default:
                    if (c == '-' || isDigit(c)) {
                        number();
                        return;
                    }
                    throw malformed("expected a JSON value for '" + printable(field) + "'");
            }
        }

        private void literal(String word) {
            if (!s.startsWith(word, pos)) {
                throw malformed("expected '" + word + "'");
            }
            pos += word.length();
        }

        /** Skips a number with full JSON grammar: -?(0|[1-9]d*)(.d+)?([eE][+-]?d+)? */
        private void number() {
            if (peek() == '-') pos++;
            if (peek() == '0') {
                pos++;
            } else if (isDigit(peek())) {
                while (isDigit(peek())) pos++;
            } else {
                throw malformed("expected a digit");
            }
            if (peek() == '.') {
                pos++;
                if (!isDigit(peek())) throw malformed("expected a digit after the decimal point");
                while (isDigit(peek())) pos++;
            }
            if (peek() == 'e' || peek() == 'E') {
                pos++;
                if (peek() == '+' || peek() == '-') pos++;
                if (!isDigit(peek())) throw malformed("expected a digit in the exponent");
                while (isDigit(peek())) pos++;
            }
        }

        /** Reads a JSON string starting at the opening quote, resolving every escape. */
        private String string() {
            int start = pos;
            pos++; // opening quote
            StringBuilder sb = null;
            int runStart = pos;
            while (true) {
                if (pos >= s.length()) {
                    pos = start;
                    throw malformed("string is not terminated");
                }
                char c = s.charAt(pos);
                if (c == '"') {
                    String out = sb == null ? s.substring(runStart, pos) : sb.append(s, runStart, pos).toString();
                    pos++;
                    return out;
                }
                if (c < 0x20) {
                    throw malformed(String.format("control character U+%04X must be escaped inside a string", (int) c));
                }
                if (c != '\\') {
                    pos++;
                    continue;
                }
                if (sb == null) sb = new StringBuilder();
                sb.append(s, runStart, pos);
                if (pos + 1 >= s.length()) {
                    throw malformed("string ends inside an escape");
                }
                char e = s.charAt(pos + 1);
                switch (e) {
                    case '"': sb.append('"'); break;
                    case '\\': sb.append('\\'); break;
                    case '/': sb.append('/'); break;
                    case 'b': sb.append('\b'); break;
                    case 'f': sb.append('\f'); break;
                    case 'n': sb.append('\n'); break;
                    case 'r': sb.append('\r'); break;
                    case 't': sb.append('\t'); break;
                    case 'u': {
                        if (pos + 6 > s.length()) {
                            throw malformed("\\u escape needs four hex digits");
                        }
                        int v = 0;
                        for (int k = pos + 2; k < pos + 6; k++) {
                            int d = Character.digit(s.charAt(k), 16);
                            if (d < 0 || s.charAt(k) > 'f') {
                                throw malformed("\\u escape needs four hex digits");
                            }
                            v = (v << 4) | d;
                        }
                        sb.append((char) v); // surrogate pairs arrive as two escapes and combine in UTF-16
                        pos += 4;
                        break;
                    }
                    default:
                        throw malformed("invalid escape '\\" + printable(String.valueOf(e)) + "' in a string");
                }
                pos += 2;
                runStart = pos;
            }
        }

        private void expect(char c, String where) {
            if (peek() != c) {
                throw malformed("expected '" + c + "' " + where);
            }
            pos++;
        }

        private char peek() {
            return pos < s.length() ? s.charAt(pos) : '\0';
        }

        private void skipWhitespace() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                    pos++;
                } else {
                    return;
                }
            }
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        /** What the value at pos looks like, for "must be X; got Y" messages. */
        private String describeValue() {
            if (pos >= s.length()) return "the end of the input";
            char c = s.charAt(pos);
            switch (c) {
                case '"': return "a string";
                case '{': return "an object";
                case '[': return "an array";
                case 't': case 'f': return s.startsWith("true", pos) || s.startsWith("false", pos) ? "a boolean" : snippet();
                case 'n': return s.startsWith("null", pos) ? "null" : snippet();
                default: return c == '-' || isDigit(c) ? "the number " + numberText() : snippet();
            }
        }

        private String numberText() {
            int end = pos;
            while (end < s.length() && "+-.eE0123456789".indexOf(s.charAt(end)) >= 0) end++;
            return clip(s.substring(pos, end));
        }

        private String snippet() {
            if (pos >= s.length()) return "the end of the input";
            return "'" + printable(s.substring(pos, Math.min(s.length(), pos + 16))) + "'";
        }

        private InvalidRecordException malformed(String what) {
            String found = pos >= s.length() ? "the end of the input" : snippet();
            return new InvalidRecordException("malformed event JSON at offset " + pos + ": " + what + "; found " + found);
        }

        private static String clip(String v) {
            return v.length() > 40 ? v.substring(0, 40) + "…" : v;
        }

        /** Makes a fragment safe to show in a message: control characters escaped, length clipped. */
        private static String printable(String v) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < v.length() && i < 40; i++) {
                char c = v.charAt(i);
                if (c < 0x20 || c == 0x7f) {
                    sb.append(String.format("\\u%04x", (int) c));
                } else {
                    sb.append(c);
                }
            }
            if (v.length() > 40) sb.append('…');
            return sb.toString();
        }
    }
}
