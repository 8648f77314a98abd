package io.peerset.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.peerset.api.Ban;
import io.peerset.api.Draft;
import io.peerset.api.InvalidRecordException;
import io.peerset.api.PeerInfo;
import io.peerset.api.Peerset;
import io.peerset.api.Query;
import io.peerset.api.SignedRecord;
import io.peerset.api.Room;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's local JSON API and web UI, on 127.0.0.1 only.
 *
 * <ul>
 *   <li>{@code GET /api/status} — peer id, npub, room, record count, fingerprint, peers (with strikes),
 *       bans ({@code kind} peer / peer-key / author, {@code id}, {@code until} ISO-8601, {@code reason})</li>
 *   <li>{@code GET /api/records?limit=&author=&kind=&since=&until=} — NIP-01 events, newest first</li>
 *   <li>{@code POST /api/records} {@code {"content","kind"?,"tags"?}} — signs with the node's key, stores, syncs (201)</li>
 *   <li>{@code POST /api/events} a signed NIP-01 event — 201, or 400 {@code {"error"}}; or a JSON array of up to
 *       {@value #MAX_BATCH_EVENTS} events — 201 {@code {"stored":n,"rejected":[]}}, or 400 listing each rejected index and why</li>
 *   <li>{@code GET /} — the network web UI</li>
 * </ul>
 * With several local nodes (the demo), {@code ?node=i} picks one and {@code GET /api/nodes} lists them.
 */
final class HttpApi implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpApi.class);
    static final int MAX_BODY_BYTES = 128 * 1024;
    static final int MAX_BATCH_BYTES = 8 * 1024 * 1024;
    static final int MAX_BATCH_EVENTS = 5000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One local node served by the API. */
    record Served(Peerset node, Room room) {}

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Served> nodes;

    HttpApi(int port, List<Served> nodes) throws IOException {
        this.nodes = List.copyOf(nodes);
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "peerset-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/api/status", ex -> handle(ex, this::status));
        server.createContext("/api/nodes", ex -> handle(ex, this::nodesList));
        server.createContext("/api/records", ex -> handle(ex, this::records));
        server.createContext("/api/events", ex -> handle(ex, this::events));
        server.createContext("/", ex -> handle(ex, this::web));
        server.start();
    }

    /** The port actually bound (useful with port 0). */
    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** An HTTP answer. */
    private record Reply(int status, String contentType, byte[] body) {
        static Reply json(int status, Object value) {
            try {
                return new Reply(status, "application/json; charset=utf-8", JSON.writeValueAsBytes(value));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        static Reply rawJson(int status, String json) {
            return new Reply(status, "application/json; charset=utf-8", json.getBytes(StandardCharsets.UTF_8));
        }

        static Reply error(int status, String message) {
            return json(status, Map.of("error", message));
        }
    }

    /** Thrown inside handlers to answer with a client error. */
    private static final class BadRequest extends RuntimeException {
        final int status;

        BadRequest(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    private interface Handler {
        Reply handle(HttpExchange ex) throws IOException;
    }

    private void handle(HttpExchange ex, Handler h) {
        Reply reply;
        try {
            reply = h.handle(ex);
        } catch (BadRequest e) {
            reply = Reply.error(e.status, e.getMessage());
        } catch (RuntimeException | IOException e) {
            log.warn("HTTP {} {} failed", ex.getRequestMethod(), ex.getRequestURI(), e);
            reply = Reply.error(500, "internal error: " + e.getMessage());
        }
        try (OutputStream out = ex.getResponseBody()) {
            ex.getResponseHeaders().set("Content-Type", reply.contentType());
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            ex.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
            if (reply.body().length > 0) {
                out.write(reply.body());
            }
        } catch (IOException e) {
            log.debug("client went away: {}", e.toString());
        } finally {
            ex.close();
        }
    }

    private Served pick(Map<String, String> params) {
        String n = params.get("node");
        if (n == null) {
            return nodes.get(0);
        }
        int i = parseInt("node", n, 0, nodes.size() - 1);
        return nodes.get(i);
    }

    private Reply status(HttpExchange ex) {
        requireMethod(ex, "GET");
        return Reply.json(200, statusOf(pick(query(ex))));
    }

    private Reply nodesList(HttpExchange ex) {
        requireMethod(ex, "GET");
        ArrayNode arr = JSON.createArrayNode();
        for (Served s : nodes) {
            arr.add(statusOf(s));
        }
        return Reply.json(200, arr);
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

    private Reply records(HttpExchange ex) throws IOException {
        Map<String, String> params = query(ex);
        Served s = pick(params);
        if (ex.getRequestMethod().equals("GET")) {
            Query.Builder q = Query.builder();
            q.limit(params.containsKey("limit") ? parseInt("limit", params.get("limit"), 1, Query.MAX_LIMIT) : 100);
            try {
                if (params.containsKey("author")) q.author(params.get("author"));
            } catch (IllegalArgumentException e) {
                throw new BadRequest(400, "author: " + e.getMessage());
            }
            if (params.containsKey("kind")) q.kind(parseInt("kind", params.get("kind"), 0, 65535));
            if (params.containsKey("since")) q.since(parseLong("since", params.get("since")));
            if (params.containsKey("until")) q.until(parseLong("until", params.get("until")));
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
        requireMethod(ex, "POST");
        JsonNode body = readJson(ex);
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

    private Reply events(HttpExchange ex) throws IOException {
        requireMethod(ex, "POST");
        Served s = pick(query(ex));
        String body = readBody(ex, MAX_BATCH_BYTES);
        if (body.stripLeading().startsWith("[")) {
            return eventBatch(s, body);
        }
        if (body.length() > MAX_BODY_BYTES) {
            throw new BadRequest(413, "one event may be at most " + MAX_BODY_BYTES + " bytes");
        }
        SignedRecord r;
        try {
            r = SignedRecord.fromJson(body);
        } catch (InvalidRecordException e) {
            throw new BadRequest(400, e.getMessage());
        }
        try {
            SignedRecord stored = s.room().publish(r).join();
            return Reply.rawJson(201, stored.toJson());
        } catch (CompletionException e) {
            return rejection(e);
        }
    }

    /** A JSON array of signed events (bulk import): each verified, moderated and stored on its own. */
    private Reply eventBatch(Served s, String body) {
        JsonNode arr;
        try {
            arr = JSON.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadRequest(400, "body is not valid JSON: " + e.getOriginalMessage());
        }
        if (arr.size() > MAX_BATCH_EVENTS) {
            throw new BadRequest(413, "at most " + MAX_BATCH_EVENTS + " events per request; got " + arr.size());
        }
        List<java.util.concurrent.CompletableFuture<SignedRecord>> futures = new ArrayList<>();
        ArrayNode rejected = JSON.createArrayNode();
        for (int i = 0; i < arr.size(); i++) {
            try {
                futures.add(s.room().publish(SignedRecord.fromJson(arr.get(i).toString())));
            } catch (InvalidRecordException e) {
                rejected.addObject().put("index", i).put("error", e.getMessage());
                futures.add(null);
            }
        }
        int stored = 0;
        for (int i = 0; i < futures.size(); i++) {
            if (futures.get(i) == null) {
                continue;
            }
            try {
                futures.get(i).join();
                stored++;
            } catch (CompletionException e) {
                Throwable c = e.getCause() != null ? e.getCause() : e;
                rejected.addObject().put("index", i).put("error", String.valueOf(c.getMessage()));
            }
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("stored", stored);
        o.set("rejected", rejected);
        return Reply.json(rejected.isEmpty() ? 201 : 400, o);
    }

    private static Reply rejection(CompletionException e) {
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

    private Reply web(HttpExchange ex) throws IOException {
        requireMethod(ex, "GET");
        String path = ex.getRequestURI().getPath();
        if (path.equals("/") || path.equals("/index.html")) {
            try (InputStream in = HttpApi.class.getResourceAsStream("web/index.html")) {
                if (in == null) {
                    throw new BadRequest(404, "web UI not packaged");
                }
                return new Reply(200, "text/html; charset=utf-8", in.readAllBytes());
            }
        }
        throw new BadRequest(404, "no such page: " + path + " (try / or /api/status)");
    }

    private static void requireMethod(HttpExchange ex, String method) {
        if (!ex.getRequestMethod().equals(method)) {
            throw new BadRequest(405, ex.getRequestMethod() + " is not allowed here; use " + method);
        }
    }

    private static JsonNode readJson(HttpExchange ex) throws IOException {
        String body = readBody(ex);
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadRequest(400, "body is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new BadRequest(400, "body must be a JSON object");
        }
        return node;
    }

    private static String readBody(HttpExchange ex) throws IOException {
        return readBody(ex, MAX_BODY_BYTES);
    }

    private static String readBody(HttpExchange ex, int limit) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                if (out.size() > limit) {
                    throw new BadRequest(413, "body is larger than " + limit + " bytes");
                }
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    private static Map<String, String> query(HttpExchange ex) {
        Map<String, String> out = new HashMap<>();
        URI uri = ex.getRequestURI();
        String q = uri.getRawQuery();
        if (q == null || q.isEmpty()) {
            return out;
        }
        for (String part : q.split("&")) {
            int eq = part.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    private static int parseInt(String name, String v, int min, int max) {
        try {
            int i = Integer.parseInt(v);
            if (i < min || i > max) throw new NumberFormatException();
            return i;
        } catch (NumberFormatException e) {
            throw new BadRequest(400, name + " must be an integer between " + min + " and " + max + "; got '" + v + "'");
        }
    }

    private static long parseLong(String name, String v) {
        try {
            long l = Long.parseLong(v);
            if (l < 0) throw new NumberFormatException();
            return l;
        } catch (NumberFormatException e) {
            throw new BadRequest(400, name + " must be a non-negative integer (seconds); got '" + v + "'");
        }
    }
}
