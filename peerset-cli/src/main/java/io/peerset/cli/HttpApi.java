package io.peerset.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerset.api.Ban;
import io.peerset.api.Draft;
import io.peerset.api.InvalidRecordException;
import io.peerset.api.PeerInfo;
import io.peerset.api.Peerset;
import io.peerset.api.Query;
import io.peerset.api.Room;
import io.peerset.api.SignedRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
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
 *       {@value #MAX_BATCH_EVENTS} events, parsed element by element — 201 {@code {"stored":n,"alreadyStored":k,
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
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory JSON_FACTORY = JSON.getFactory();

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

    /** The UI's files: path → (resource, content type). */
    private static final Map<String, String[]> PAGES = Map.of(
        "/", new String[] {"web/index.html", "text/html; charset=utf-8"},
        "/index.html", new String[] {"web/index.html", "text/html; charset=utf-8"},
        "/app.js", new String[] {"web/app.js", "text/javascript; charset=utf-8"},
        "/app.css", new String[] {"web/app.css", "text/css; charset=utf-8"});

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

    /** Jetty's own errors (malformed requests, oversized headers) as JSON, with the security headers. */
    private static final class JsonErrors extends ErrorHandler {
        @Override
        protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                        Callback callback) {
            byte[] body = json(Map.of("error", message == null ? "HTTP " + code : message));
            HttpFields.Mutable h = response.getHeaders();
            SECURITY_HEADERS.forEach(h::put);
            h.put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
            response.write(true, java.nio.ByteBuffer.wrap(body), callback);
        }

        @Override
        public java.nio.ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
            SECURITY_HEADERS.forEach(fields::put);
            fields.put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
            return java.nio.ByteBuffer.wrap(json(Map.of("error", reason == null ? "bad request" : reason)));
        }
    }

    /** An HTTP answer: a status and a JSON (or page) body. */
    record Reply(int status, String contentType, byte[] body) {
        static Reply json(int status, Object value) {
            return new Reply(status, "application/json; charset=utf-8", HttpApi.json(value));
        }

        static Reply rawJson(int status, String json) {
            return new Reply(status, "application/json; charset=utf-8", json.getBytes(StandardCharsets.UTF_8));
        }

        static Reply error(int status, String message) {
            return json(status, Map.of("error", message));
        }
    }

    private static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Thrown inside handlers to answer with a client error. */
    static final class BadRequest extends RuntimeException {
        final int status;

        BadRequest(int status, String message) {
            super(message, null, false, false);
            this.status = status;
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
        } catch (org.eclipse.jetty.io.EofException e) {
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
            // the connection is not reused; the rest of a refused body is read and dropped first (up to a
            // bound), so the close is a FIN and not an RST that would destroy this answer in the client's buffer
            h.put(HttpHeader.CONNECTION, "close");
            discardRest(request);
        }
        response.write(true, java.nio.ByteBuffer.wrap(reply.body()), callback);
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
                requireMethod(method, "GET");
                return Reply.json(200, statusOf(pick(params)));
            case "/api/nodes": {
                requireMethod(method, "GET");
                ArrayNode arr = JSON.createArrayNode();
                nodes.forEach(s -> arr.add(statusOf(s)));
                return Reply.json(200, arr);
            }
            case "/api/records":
                if (method.equals("GET")) {
                    return listRecords(pick(params), params);
                }
                requireMethod(method, "POST");
                return putRecord(pick(params), request);
            case "/api/events":
                requireMethod(method, "POST");
                return events(pick(params), request);
            default:
                return page(method, path);
        }
    }

    private Served pick(Fields params) {
        String n = params.getValue("node");
        if (n == null) {
            return nodes.get(0);
        }
        return nodes.get(parseInt("node", n, 0, nodes.size() - 1));
    }

    private ObjectNode statusOf(Served s) {
        Room room = s.room();
        ObjectNode o = JSON.createObjectNode();
        o.put("peerId", room.selfId());
        o.put("npub", s.node().identity().npub());
        o.put("app", room.appId());
        o.put("room", room.roomId());
        o.put("records", room.size());
        o.put("fingerprint", room.fingerprint());
        ArrayNode peers = o.putArray("peers");
        for (PeerInfo p : room.peers()) {
            ObjectNode po = peers.addObject();
            po.put("peerId", p.peerId());
            if (p.npub().isPresent()) {
                po.put("npub", p.npub().get());
            } else {
                po.putNull("npub");
            }
            po.put("state", p.state());
            po.put("rttMs", p.rttMs());
            po.put("bytesIn", p.bytesIn());
            po.put("bytesOut", p.bytesOut());
            po.put("strikes", p.strikes());
        }
        ArrayNode bans = o.putArray("bans");
        for (Ban b : room.bans()) {
            ObjectNode bo = bans.addObject();
            bo.put("kind", b.kind().label());
            bo.put("id", b.id());
            bo.put("until", b.until().toString());
            bo.put("reason", b.reason());
        }
        return o;
    }

    private Reply listRecords(Served s, Fields params) {
        Query.Builder q = Query.builder();
        String limit = params.getValue("limit");
        q.limit(limit != null ? parseInt("limit", limit, 1, Query.MAX_LIMIT) : 100);
        try {
            String author = params.getValue("author");
            if (author != null) q.author(author);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(400, "author: " + e.getMessage());
        }
        String kind = params.getValue("kind");
        if (kind != null) q.kind(parseInt("kind", kind, 0, 65535));
        String since = params.getValue("since");
        if (since != null) q.since(parseLong("since", since));
        String until = params.getValue("until");
        if (until != null) q.until(parseLong("until", until));
        Query query;
        try {
            query = q.build();
        } catch (IllegalArgumentException e) {
            throw new BadRequest(400, e.getMessage());
        }
        List<SignedRecord> found = s.room().query(query).join();
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < found.size(); i++) {
            if (i > 0) sb.append(',');
            sb.append(found.get(i).toJson());
        }
        return Reply.rawJson(200, sb.append(']').toString());
    }

    private Reply putRecord(Served s, Request request) throws IOException {
        requireJson(request);
        JsonNode body;
        try (InputStream in = body(request, MAX_BODY_BYTES)) {
            body = JSON.readTree(in);
        } catch (JsonProcessingException e) {
            throw new BadRequest(400, "body is not valid JSON: " + e.getOriginalMessage());
        }
        if (body == null || !body.isObject()) {
            throw new BadRequest(400, "body must be a JSON object with a string field \"content\"");
        }
        JsonNode content = body.get("content");
        if (content == null || !content.isTextual()) {
            throw new BadRequest(400, "body must be a JSON object with a string field \"content\"");
        }
        Draft d = Draft.text(content.asText());
        JsonNode kind = body.get("kind");
        if (kind != null) {
            if (!kind.canConvertToInt() || !kind.isIntegralNumber()) throw new BadRequest(400, "kind must be an integer 0..65535");
            try {
                d = d.kind(kind.asInt());
            } catch (IllegalArgumentException e) {
                throw new BadRequest(400, e.getMessage());
            }
        }
        JsonNode tags = body.get("tags");
        if (tags != null) {
            d = withTags(d, tags);
        }
        try {
            SignedRecord r = s.room().put(d).join();
            return Reply.rawJson(201, r.toJson());
        } catch (CompletionException e) {
            return rejection(e);
        }
    }

    /** One signed event, or a JSON array of them, read element by element from the stream. */
    private Reply events(Served s, Request request) throws IOException {
        requireJson(request);
        try (BoundedInput in = body(request, MAX_BATCH_BYTES); JsonParser p = JSON_FACTORY.createParser(in)) {
            JsonToken first = p.nextToken();
            if (first == JsonToken.START_ARRAY) {
                return EventImport.run(s.room(), p, MAX_BATCH_EVENTS);
            }
            if (first != JsonToken.START_OBJECT) {
                throw new BadRequest(400, "body must be a signed NIP-01 event (a JSON object) or an array of them");
            }
            JsonNode node = JSON.readTree(p);
            if (p.nextToken() != null) {
                throw new BadRequest(400, "body must hold one JSON value; found more after the event");
            }
            if (in.count() > MAX_BODY_BYTES) {
                throw new BadRequest(413, "one event may be at most " + MAX_BODY_BYTES + " bytes; send larger sets as an array");
            }
            return publishOne(s.room(), node);
        } catch (JsonProcessingException e) {
            throw new BadRequest(400, "body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static Reply publishOne(Room room, JsonNode node) {
        SignedRecord r;
        try {
            r = SignedRecord.fromJson(node.toString());
        } catch (InvalidRecordException e) {
            throw new BadRequest(400, e.getMessage());
        }
        Optional<SignedRecord> stored = room.get(r.id()).join();
        if (stored.isPresent()) {
            String mismatch = EventImport.mismatch(r, stored.get());
            if (mismatch != null) {
                throw new BadRequest(400, mismatch);
            }
            ObjectNode o = JSON.createObjectNode();
            o.put("stored", false);
            o.put("reason", "already stored");
            o.put("id", r.id());
            return Reply.json(200, o);
        }
        try {
            SignedRecord published = room.publish(r).join();
            return Reply.rawJson(201, published.toJson());
        } catch (CompletionException e) {
            return rejection(e);
        }
    }

    static Reply rejection(CompletionException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        if (cause instanceof IllegalArgumentException) {
            return Reply.error(400, cause.getMessage());
        }
        log.warn("write failed", cause);
        return Reply.error(500, "write failed: " + cause.getMessage());
    }

    private static Draft withTags(Draft d, JsonNode tags) {
        if (!tags.isArray()) throw new BadRequest(400, "tags must be an array of arrays of strings");
        for (JsonNode t : tags) {
            if (!t.isArray() || t.size() == 0) throw new BadRequest(400, "every tag must be a non-empty array of strings");
            List<String> parts = new ArrayList<>();
            for (JsonNode v : t) {
                if (!v.isTextual()) throw new BadRequest(400, "tag values must be strings");
                parts.add(v.asText());
            }
            d = d.tag(parts.get(0), parts.subList(1, parts.size()).toArray(new String[0]));
        }
        return d;
    }

    private static Reply page(String method, String path) throws IOException {
        String[] page = PAGES.get(path);
        if (page == null) {
            throw new BadRequest(404, "no such page: " + printable(path) + " (try / or /api/status)");
        }
        requireMethod(method, "GET");
        try (InputStream in = HttpApi.class.getResourceAsStream(page[0])) {
            if (in == null) {
                throw new BadRequest(404, "web UI not packaged");
            }
            return new Reply(200, page[1], in.readAllBytes());
        }
    }

    private static void requireMethod(String actual, String method) {
        if (!actual.equals(method)) {
            throw new BadRequest(405, actual + " is not allowed here; use " + method);
        }
    }

    private static void requireJson(Request request) {
        Optional<RequestPolicy.Refusal> r = RequestPolicy.checkJsonBody(request.getHeaders().get(HttpHeader.CONTENT_TYPE));
        if (r.isPresent()) {
            throw new BadRequest(r.get().status(), r.get().reason());
        }
    }

    /** The request body, refused at once when its declared length is over the limit, and cut off there otherwise. */
    private static BoundedInput body(Request request, int limit) {
        long declared = request.getLength();
        if (declared > limit) {
            throw new BadRequest(413, "body is " + declared + " bytes; at most " + limit + " are accepted here");
        }
        return new BoundedInput(Content.Source.asInputStream(request), limit);
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

    /** An input stream that counts and refuses to read past its limit (413). */
    static final class BoundedInput extends InputStream {
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
         * before it reads). What is left is dropped by {@code discardRest} once the answer is decided.
         */
        @Override
        public void close() {
            // nothing: the request owns its content
        }
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && sb.length() < 100; i++) {
            char c = s.charAt(i);
            sb.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return sb.toString();
    }

    private static int parseInt(String name, String v, int min, int max) {
        try {
            int i = Integer.parseInt(v);
            if (i < min || i > max) throw new NumberFormatException();
            return i;
        } catch (NumberFormatException e) {
            throw new BadRequest(400, name + " must be an integer between " + min + " and " + max + "; got '" + printable(v) + "'");
        }
    }

    private static long parseLong(String name, String v) {
        try {
            long l = Long.parseLong(v);
            if (l < 0) throw new NumberFormatException();
            return l;
        } catch (NumberFormatException e) {
            throw new BadRequest(400, name + " must be a non-negative integer (seconds); got '" + printable(v) + "'");
        }
    }

}
