package io.peerset.cli;

import java.io.IOException;
import java.io.InputStream;

/** An input stream that counts and refuses to read past its limit (413). */
final class BoundedInput extends InputStream {
    private final InputStream in;
    private final long limit;
    private long count;

    BoundedInput(InputStream in, long limit) {
        this.in = in;
        this.limit = limit;
    }

    long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            add(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = in.read(buf, off, (int) Math.min(len, limit - count + 1));
        if (n > 0) {
            add(n);
        }
        return n;
    }

    private void add(int n) {
        count += n;
        if (count > limit) {
            throw new BadRequest(413, "body is larger than " + limit + " bytes, the most accepted here");
        }
    }

    /**
     * Leaves Jetty's stream open: closing it before its end fails the request, and the connection then
     * closes with unread input (an RST that destroys the answer in a client that sends its whole body
     * before it reads). What is left is dropped by {@code HttpApi} once the answer is decided.
     */
    @Override
    public void close() {
        // nothing: the request owns its content
    }
}
