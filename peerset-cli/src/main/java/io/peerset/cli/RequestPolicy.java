package io.peerset.cli;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Who may talk to the node's local HTTP port. Any web page the user opens can reach
 * 127.0.0.1, so a request is served only when
 * <ul>
 *   <li>its {@code Host} is the node itself ({@code 127.0.0.1}, {@code localhost} or {@code [::1]} with the
 *       node's port): a page on a rebound DNS name carries its own name and is refused;</li>
 *   <li>it carries no {@code Origin}, or the node's own: browsers send {@code Origin} on every POST and on
 *       every cross-origin fetch, so a request without one does not come from a web page (curl, scripts);</li>
 *   <li>a body sent to a JSON endpoint is declared {@code application/json}: a cross-site page cannot send
 *       that type without a CORS preflight, and the node never grants one.</li>
 * </ul>
 * Pure and immutable: one instance per bound port.
 */
final class RequestPolicy {
    /** A refused request: the HTTP status and a reason for the JSON answer. */
    record Refusal(int status, String reason) {}

    private final int port;
    private final Set<String> hosts;
    private final Set<String> origins;

    RequestPolicy(int port) {
        this.port = port;
        String p = ":" + port;
        this.hosts = port == 80
            ? Set.of("127.0.0.1" + p, "localhost" + p, "[::1]" + p, "127.0.0.1", "localhost", "[::1]")
            : Set.of("127.0.0.1" + p, "localhost" + p, "[::1]" + p);
        this.origins = port == 80
            ? Set.of("http://127.0.0.1", "http://localhost", "http://[::1]", "http://127.0.0.1" + p, "http://localhost" + p, "http://[::1]" + p)
            : Set.of("http://127.0.0.1" + p, "http://localhost" + p, "http://[::1]" + p);
    }

    /**
     * Checks the headers every request must pass, before anything is read or done.
     *
     * @param host the {@code Host} header, or null
     * @param origin the {@code Origin} header, or null
     */
    Optional<Refusal> check(String host, String origin) {
        if (host == null || host.isEmpty()) {
            return Optional.of(new Refusal(403, "a Host header is required; use http://127.0.0.1:" + port + "/"));
        }
        if (!hosts.contains(host.toLowerCase(Locale.ROOT))) {
            return Optional.of(new Refusal(403, "Host '" + printable(host) + "' is not this node; use http://127.0.0.1:" + port
                + "/ (requests through other names are refused, against DNS rebinding)"));
        }
        if (origin != null && !origins.contains(origin.toLowerCase(Locale.ROOT))) {
            return Optional.of(new Refusal(403, "requests from origin '" + printable(origin) + "' are refused: only the node's own"
                + " pages (http://127.0.0.1:" + port + ") and clients that send no Origin (curl, scripts) may use this API"));
        }
        return Optional.empty();
    }

    /** For endpoints that take JSON: the declared type must be {@code application/json} (parameters allowed). */
    static Optional<Refusal> checkJsonBody(String contentType) {
        if (contentType != null) {
            String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            if (type.equals("application/json")) {
                return Optional.empty();
            }
        }
        return Optional.of(new Refusal(415, "send the body as Content-Type: application/json (got "
            + (contentType == null ? "none" : "'" + printable(contentType) + "'") + ")"));
    }

    /** A header value fit to echo in an error message: bounded, printable ASCII only. */
    private static String printable(String s) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), 100));
        for (int i = 0; i < s.length() && sb.length() < 100; i++) {
            char c = s.charAt(i);
            sb.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return sb.toString();
    }
}
