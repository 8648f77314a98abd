package io.peerset.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, so a test controls every header byte (the JDK client refuses to set
 * {@code Host}, and cannot send half a request).
 */
final class RawHttp {
    record Answer(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawHttp() {}

    /** Sends {@code head} (request line and headers, without the blank line) and a body, reads the answer. */
    static Answer send(int port, String head, byte[] body) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            StringBuilder h = new StringBuilder(head);
            if (!head.endsWith("\r\n")) {
                h.append("\r\n");
            }
            if (body != null && !head.toLowerCase(Locale.ROOT).contains("content-length")) {
                h.append("Content-Length: ").append(body.length).append("\r\n");
            }
            h.append("Connection: close\r\n\r\n");
            out.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
            Thread writer = null;
            if (body != null) {
                // written beside the read: the server may answer (413) and close before the body is all sent
                writer = new Thread(() -> {
                    try {
                        out.write(body);
                        out.flush();
                    } catch (IOException e) {
                        // the server stopped reading; its answer is what the test checks
                    }
                }, "raw-http-writer");
                writer.setDaemon(true);
                writer.start();
            }
            Answer a = read(s.getInputStream());
            if (writer != null) {
                writer.interrupt();
            }
            return a;
        }
    }

    static Answer get(int port, String path, String host, String origin) throws IOException {
        return send(port, "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n" + (origin != null ? "Origin: " + origin + "\r\n" : ""), null);
    }

    static Answer get(int port, String path) throws IOException {
        return get(port, path, "127.0.0.1:" + port, null);
    }

    static Answer post(int port, String path, String contentType, String origin, String body) throws IOException {
        return send(port, "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
            + (contentType != null ? "Content-Type: " + contentType + "\r\n" : "")
            + (origin != null ? "Origin: " + origin + "\r\n" : ""), body.getBytes(StandardCharsets.UTF_8));
    }

    static Answer postJson(int port, String path, String body) throws IOException {
        return post(port, path, "application/json", null, body);
    }

    /** Reads one answer from a connection the server closes after it (Connection: close). */
    static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) > 0) {
            all.write(buf, 0, n);
        }
        String text = all.toString(StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IOException("no complete answer: '" + text + "'");
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int c = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, c).trim().toLowerCase(Locale.ROOT), lines[i].substring(c + 1).trim());
        }
        String body = text.substring(end + 4);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = unchunk(body);
        }
        return new Answer(status, headers, body);
    }

    private static String unchunk(String s) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            int eol = s.indexOf("\r\n", i);
            int size = Integer.parseInt(s.substring(i, eol).trim(), 16);
            if (size == 0) {
                break;
            }
            out.append(s, eol + 2, eol + 2 + size);
            i = eol + 2 + size + 2;
        }
        return out.toString();
    }
}
