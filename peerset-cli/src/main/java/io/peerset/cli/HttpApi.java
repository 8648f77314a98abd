package io.peerset.cli;

import io.peerset.api.Peerset;
import io.peerset.api.Room;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's local JSON API and web UI, on 127.0.0.1 only, served by Jetty.
 *
 * <ul>
 *   <li>{@code GET /api/status} — peer id, npub, room, record count, fingerprint, peers (with strikes),
 *       bans ({@code kind} peer / peer-key / author, {@code id}, {@code until} ISO-8601, {@code reason})</li>
 *   <li>{@code GET /api/records?limit=&author=&kind=&since=&until=} — NIP-01 events, newest first</li>
 *   <li>{@code POST /api/records} {@code {"content","kind"?,"tags"?}} — signs with the node's key, stores, syncs (201)</li>
 *   <li>{@code POST /api/events} a signed NIP-01 event — 201 when stored; 200 {@code {"stored":false,"reason":"already
 *       stored"}} when an identical event is; 400 {@code {"error"}} otherwise. Or a JSON array of up to
 *       {@value #MAX_BATCH_EVENTS} events, split element by element and each parsed strictly as sent — 201 {@code {"stored":n,"alreadyStored":k,
 *       "rejected":[]}}, or 400 listing each rejected index and why</li>
 *   <li>{@code GET /api/stream} — server-sent events, one JSON object each: {@code record}, {@code peer-joined},
 *       {@code peer-changed} (state or strikes), {@code peer-left}, {@code ban} (see {@link EventStream})</li>
 *   <li>{@code GET /} — the network web UI ({@code /app.js}, {@code /app.css})</li>
 * </ul>
 * With several local nodes (the demo), {@code ?node=i} picks one and {@code GET /api/nodes} lists them.
 *
 * <p>Every request passes {@link RequestPolicy} first (Host, Origin, JSON content type). Connections are
 * bounded: a request's headers must arrive within {@link #HEADER_TIMEOUT_MS}, a connection idle for
 * {@link #IDLE_TIMEOUT_MS} is closed, bodies must arrive at {@link #MIN_BODY_BYTES_PER_SECOND} or faster, at
 * most {@link #MAX_CONNECTIONS} are open at once, and every answer carries the security headers of
 * {@link #SECURITY_HEADERS}. Decision 0017 says why.
 */
final class HttpApi implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpApi.class);
    static final int MAX_BODY_BYTES = 128 * 1024;
    static final int MAX_BATCH_BYTES = 8 * 1024 * 1024;
    static final int MAX_BATCH_EVENTS = 5000;
    /** The most of a refused body that is read and dropped before the connection closes. */
    static final long MAX_DISCARD_BYTES = 4L * MAX_BATCH_BYTES;
    /** How long dropping a refused body waits for more of it before giving up (a client that stopped sending). */
    private static final long DISCARD_IDLE_MILLIS = 1000;
    static final long HEADER_TIMEOUT_MS = 10_000;
    static final long IDLE_TIMEOUT_MS = 30_000;
    static final long MIN_BODY_BYTES_PER_SECOND = 4096;
    static final int MAX_CONNECTIONS = 256;
    static final int MAX_STREAMS = 32;

    /** The connection bounds (tests shorten the clocks). */
    record Limits(long headerTimeoutMs, long idleTimeoutMs, long minBodyBytesPerSecond, int maxConnections) {
        static final Limits DEFAULT = new Limits(HEADER_TIMEOUT_MS, IDLE_TIMEOUT_MS, MIN_BODY_BYTES_PER_SECOND, MAX_CONNECTIONS);
    }

    /** Sent with every answer, pages and API alike (no inline script or style anywhere in the UI). */
    static final List<HttpField> SECURITY_HEADERS = List.of(
        new HttpField("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"),
        new HttpField("X-Frame-Options", "DENY"),
        new HttpField("X-Content-Type-Options", "nosniff"),
        new HttpField("Referrer-Policy", "no-referrer"),
        new HttpField("Cross-Origin-Resource-Policy", "same-origin"),
        new HttpField("Cross-Origin-Opener-Policy", "same-origin"),
        new HttpField("Cache-Control", "no-store"));

    /** One local node served by the API. */
    record Served(Peerset node, Room room) {}

    private final Server server;
    private final ServerConnector connector;
    private final List<Served> nodes;
    private final RequestPolicy policy;
    private final Limits limits;
    /** Connections that have had at least one request dispatched (the others are on the header clock). */
    private final Set<Connection> started = ConcurrentHashMap.newKeySet();
    /** Open {@code /api/stream} clients. */
    private final Set<EventStream> streams = ConcurrentHashMap.newKeySet();

    HttpApi(int port, List<Served> nodes) throws IOException {
        this(port, nodes, Limits.DEFAULT);
    }

    HttpApi(int port, List<Served> nodes, Limits limits) throws IOException {
        this.nodes = List.copyOf(nodes);
        this.limits = limits;
        QueuedThreadPool threads = new QueuedThreadPool(16, 2, 60_000);
        threads.setName("peerset-http");
        threads.setDaemon(true);
        server = new Server(threads);
        server.setStopTimeout(2000);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(8 * 1024);
        http.setIdleTimeout(limits.idleTimeoutMs());
        http.setMinRequestDataRate(limits.minBodyBytesPerSecond());
        connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        connector.setIdleTimeout(limits.idleTimeoutMs());
        connector.setAcceptQueueSize(64);
        connector.addEventListener(new HeaderClock());
        server.addConnector(connector);
        NetworkConnectionLimit limit = new NetworkConnectionLimit(limits.maxConnections(), connector);
        limit.setEndPointIdleTimeout(2000); // at the cap, idle connections go first
        server.addBean(limit);
        server.setErrorHandler(new JsonErrors());
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                serve(request, response, callback);
                return true;
            }
        });
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception ignored) {
                // the start failure is what matters
            }
            throw new IOException("could not serve HTTP on 127.0.0.1:" + port + ": " + e.getMessage()
                + (port != 0 ? " (is the port taken? choose another --http PORT, or 0 for any free one)" : ""), e);
        }
        policy = new RequestPolicy(port());
    }

    /** The port actually bound (useful with port 0). */
    int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        for (EventStream s : List.copyOf(streams)) {
            s.close(null);
        }
        try {
            server.stop();
        } catch (Exception e) {
            log.warn("HTTP server did not stop cleanly: {}", e.toString());
        }
    }

    /** Closes a connection whose first request's headers have not all arrived in time. */
    private final class HeaderClock implements Connection.Listener {
        @Override
        public void onOpened(Connection connection) {
            connector.getScheduler().schedule(() -> {
                if (!started.contains(connection) && connection.getEndPoint().isOpen()) {
                    log.debug("closing a connection that sent no complete request within {} ms", limits.headerTimeoutMs());
                    connection.getEndPoint().close();
                }
            }, limits.headerTimeoutMs(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void onClosed(Connection connection) {
            started.remove(connection);
        }
    }

    private void serve(Request request, Response response, Callback callback) {
        started.add(request.getConnectionMetaData().getConnection());
        Reply reply;
        try {
            Optional<RequestPolicy.Refusal> refused =
                policy.check(request.getHeaders().get(HttpHeader.HOST), request.getHeaders().get(HttpHeader.ORIGIN));
            if (refused.isPresent()) {
                log.debug("refused {} {}: {}", request.getMethod(), request.getHttpURI().getPath(), refused.get().reason());
                reply = Reply.error(refused.get().status(), refused.get().reason());
            } else if (request.getHttpURI().getPath().equals("/api/stream") && request.getMethod().equals("GET")) {
                if (openStream(response, callback)) {
                    return;
                }
                reply = Reply.error(503, "at most " + MAX_STREAMS + " event streams may be open at once; close one and retry");
            } else {
                reply = route(request);
            }
        } catch (BadRequest e) {
            reply = Reply.error(e.status, e.getMessage());
        } catch (EofException e) {
            log.debug("client went away during {} {}: {}", request.getMethod(), request.getHttpURI().getPath(), e.toString());
            callback.failed(e);
            return;
        } catch (RuntimeException | IOException e) {
            log.warn("HTTP {} {} failed", request.getMethod(), request.getHttpURI().getPath(), e);
            reply = Reply.error(500, "internal error: " + e.getMessage());
        }
        response.setStatus(reply.status());
        HttpFields.Mutable h = response.getHeaders();
        SECURITY_HEADERS.forEach(h::put);
        h.put(HttpHeader.CONTENT_TYPE, reply.contentType());
        if (reply.status() >= 400) {
            // the connection is not reused; the rest of a refused body is read and dropped first (bounded),
            // so the close is a FIN and not an RST that would destroy this answer in the client's buffer
            h.put(HttpHeader.CONNECTION, "close");
            discardRest(request);
        }
        response.write(true, ByteBuffer.wrap(reply.body()), callback);
    }

    /** Starts a server-sent event stream; false when too many are open. */
    private boolean openStream(Response response, Callback callback) {
        if (streams.size() >= MAX_STREAMS) {
            return false;
        }
        response.setStatus(200);
        HttpFields.Mutable h = response.getHeaders();
        SECURITY_HEADERS.forEach(h::put);
        h.put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        EventStream[] self = new EventStream[1];
        self[0] = new EventStream(nodes, response, callback, connector.getScheduler(), () -> streams.remove(self[0]));
        streams.add(self[0]);
        self[0].start();
        return true;
    }

    private Reply route(Request request) throws IOException {
        String path = request.getHttpURI().getPath();
        String method = request.getMethod();
        if (method.equals("OPTIONS")) {
            throw new BadRequest(403, "cross-origin requests are not allowed here; no preflight is ever granted");
        }
        Fields params = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
        switch (path) {
            case "/api/status":
                Params.requireMethod(method, "GET");
                return Reply.json(200, StatusJson.of(pick(params)));
            case "/api/nodes":
                Params.requireMethod(method, "GET");
                return Reply.json(200, StatusJson.of(nodes));
            case "/api/records":
                return records(method, pick(params), params, request);
            case "/api/events":
                Params.requireMethod(method, "POST");
                return EventsHandler.post(pick(params), request);
            default:
                return Pages.get(method, path);
        }
    }

    private static Reply records(String method, Served s, Fields params, Request request) throws IOException {
        if (method.equals("GET")) {
            return RecordsHandler.list(s, params);
        }
        Params.requireMethod(method, "POST");
        return RecordsHandler.put(s, request);
    }

    private Served pick(Fields params) {
        String n = params.getValue("node");
        if (n == null) {
            return nodes.get(0);
        }
        return nodes.get(Params.parseInt("node", n, 0, nodes.size() - 1));
    }

    /**
     * Reads and drops what is left of a refused request's body, at most {@link #MAX_DISCARD_BYTES} (and
     * only while more keeps arriving within a second). A client that sends its whole body before it reads, as
     * the JDK client does, otherwise loses the answer: closing a socket with unread input resets it.
     */
    private static void discardRest(Request request) {
        long declared = request.getLength();
        if (declared == 0 || declared > MAX_DISCARD_BYTES) {
            return;
        }
        long dropped = 0;
        try {
            while (dropped <= MAX_DISCARD_BYTES) {
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    CompletableFuture<Void> more = new CompletableFuture<>();
                    request.demand(() -> more.complete(null));
                    more.get(DISCARD_IDLE_MILLIS, TimeUnit.MILLISECONDS);
                    continue;
                }
                dropped += chunk.remaining();
                chunk.release();
                if (chunk.isLast() || Content.Chunk.isFailure(chunk)) {
                    return;
                }
            }
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            log.debug("stopped dropping a refused body after {} bytes: {}", dropped, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
