package io.peerset.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Splits a request body into the raw texts of its JSON values without interpreting
 * them, so each event reaches the strict parser ({@link io.peerset.api.SignedRecord#fromJson})
 * exactly as sent: a duplicate key, an odd number or escape is judged there, never
 * normalised away by a tree parser first. It only balances brackets and strings; a value
 * longer than its limit is skipped without being kept, so memory follows the limit.
 */
final class RawJsonReader {
    private final Reader in;
    private final int maxValueChars;
    private int peeked = -2; // -2: nothing peeked

    RawJsonReader(InputStream body, int maxValueChars) {
        this.in = new InputStreamReader(body, StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
        this.maxValueChars = maxValueChars;
    }

    /** The next character that is not JSON white space, not consumed; -1 at the end. */
    int peek() throws IOException {
        if (peeked == -2) {
            peeked = read();
        }
        while (peeked == ' ' || peeked == '\t' || peeked == '\n' || peeked == '\r') {
            peeked = read();
        }
        return peeked;
    }

    /** Consumes the character {@link #peek()} returned. */
    void skip() throws IOException {
        peek();
        peeked = -2;
    }

    /**
     * Reads one value (an object, array, string or scalar) from the next non-white
     * character and returns its text, or null if it was longer than the limit (it was
     * read to its end and dropped).
     */
    String value() throws IOException {
        Capture out = new Capture(maxValueChars);
        int c = peek();
        peeked = -2;
        if (c < 0) {
            throw new BadRequest(400, "body is not valid JSON: it ends where a value should be");
        }
        out.add(c);
        if (c == '{' || c == '[') {
            container(out);
        } else if (c == '"') {
            string(out);
        } else {
            scalar(out);
        }
        return out.text();
    }

    /** The rest of an object or array whose opening bracket was just taken. */
    private void container(Capture out) throws IOException {
        int depth = 1;
        while (depth > 0) {
            int c = read();
            if (c < 0) {
                throw new BadRequest(400, "body is not valid JSON: it ends inside a value");
            }
            out.add(c);
            if (c == '"') {
                string(out);
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
    }

    /** The rest of a string whose opening quote was just taken. */
    private void string(Capture out) throws IOException {
        boolean escaped = false;
        while (true) {
            int c = read();
            if (c < 0) {
                throw new BadRequest(400, "body is not valid JSON: a string is not closed");
            }
            out.add(c);
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                return;
            }
        }
    }

    /** The rest of a number or literal: up to the delimiter, which is left to {@link #peek()}. */
    private void scalar(Capture out) throws IOException {
        int c = read();
        while (c >= 0 && ",]} \t\n\r".indexOf(c) < 0) {
            out.add(c);
            c = read();
        }
        peeked = c;
    }

    /** A value's text up to a limit; past it, only the overflow is remembered. */
    private static final class Capture {
        private final StringBuilder sb = new StringBuilder();
        private final int max;
        private boolean over;

        Capture(int max) {
            this.max = max;
        }

        void add(int c) {
            if (sb.length() < max) {
                sb.append((char) c);
            } else {
                over = true;
            }
        }

        String text() {
            return over ? null : sb.toString();
        }
    }

    private int read() throws IOException {
        try {
            return in.read();
        } catch (CharacterCodingException e) {
            throw new BadRequest(400, "body is not valid UTF-8");
        }
    }
}
