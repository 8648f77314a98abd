package io.peerset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerset.api.Draft;
import io.peerset.api.Identity;
import io.peerset.api.Peerset;
import io.peerset.api.Room;
import io.peerset.api.SignedRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The local API as an attack surface: a real Jetty server on a real port, driven over raw sockets. */
class HttpApiSecurityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private URI network;
    private Peerset node;
    private Room room;
    private HttpApi api;
    private int port;

    @BeforeEach
    void start() throws IOException {
        network = URI.create("memory://http-" + UUID.randomUUID());
        node = Peerset.builder().signaling("memory", network).build();
        room = node.join("app", "http");
        api = new HttpApi(0, List.of(new HttpApi.Served(node, room)));
        port = api.port();
    }

    @AfterEach
    void stop() {
        api.close();
        room.close();
        node.close();
    }

    @Test
    void onlyTheNodesOwnHostAndOriginMayAct() throws Exception {
        for (String host : List.of("127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port, "LOCALHOST:" + port)) {
            assertThat(RawHttp.get(port, "/api/status", host, null).status()).as(host).isEqualTo(200);
        }
        for (String host : List.of("rebound.example:" + port, "127.0.0.1:" + (port + 1), "127.0.0.1", "evil.test")) {
            RawHttp.Answer a = RawHttp.get(port, "/api/status", host, null);
            assertThat(a.status()).as(host).isEqualTo(403);
            assertThat(JSON.readTree(a.body()).get("error").asText()).contains("is not this node");
        }
        assertThat(RawHttp.get(port, "/api/status", "127.0.0.1:" + port, "http://127.0.0.1:" + port).status()).isEqualTo(200);
        assertThat(RawHttp.get(port, "/api/status", "127.0.0.1:" + port, "http://localhost:" + port).status()).isEqualTo(200);
        for (String origin : List.of("http://evil.test", "null", "http://127.0.0.1:" + (port + 1), "https://127.0.0.1:" + port,
                "http://127.0.0.1:" + port + ".evil.test")) {
            RawHttp.Answer a = RawHttp.get(port, "/api/status", "127.0.0.1:" + port, origin);
            assertThat(a.status()).as(origin).isEqualTo(403);
            assertThat(a.body()).as(origin).contains("refused").doesNotContain("peerId");
            RawHttp.Answer w = RawHttp.post(port, "/api/records", "application/json", origin, "{\"content\":\"from " + origin + "\"}");
            assertThat(w.status()).as(origin).isEqualTo(403);
        }
        assertThat(room.size()).isZero();
    }

    @Test
    void jsonEndpointsRefuseEveryOtherContentTypeAndNoPreflightIsGranted() throws Exception {
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", null}) {
            for (String path : List.of("/api/records", "/api/events")) {
                RawHttp.Answer a = RawHttp.post(port, path, type, null, "{\"content\":\"simple request\"}");
                assertThat(a.status()).as(type + " " + path).isEqualTo(415);
                assertThat(JSON.readTree(a.body()).get("error").asText()).contains("application/json");
            }
        }
        RawHttp.Answer pre = RawHttp.send(port, "OPTIONS /api/records HTTP/1.1\r\nHost: 127.0.0.1:" + port
            + "\r\nOrigin: http://evil.test\r\nAccess-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: content-type", null);
        assertThat(pre.status()).isEqualTo(403);
        assertThat(pre.headers().keySet()).noneMatch(h -> h.startsWith("access-control-"));
        RawHttp.Answer own = RawHttp.send(port, "OPTIONS /api/records HTTP/1.1\r\nHost: 127.0.0.1:" + port, null);
        assertThat(own.status()).isEqualTo(403);
        assertThat(room.size()).isZero();
        // the README's way keeps working: JSON without Origin, with or without a charset
        assertThat(RawHttp.post(port, "/api/records", "application/json; charset=utf-8", null, "{\"content\":\"curl\"}").status())
            .isEqualTo(201);
        assertThat(room.size()).isEqualTo(1);
    }

    @Test
    void everyAnswerCarriesTheSecurityHeadersAndThePagesNeedNoInlineCode() throws Exception {
        List<RawHttp.Answer> answers = new ArrayList<>();
        for (String path : List.of("/", "/index.html", "/app.js", "/app.css", "/api/status", "/api/records", "/nope")) {
            answers.add(RawHttp.get(port, path));
        }
        answers.add(RawHttp.get(port, "/", "evil.test", null));
        answers.add(RawHttp.post(port, "/api/records", "text/plain", null, "{}"));
        answers.add(RawHttp.send(port, "GET /%zz HTTP/1.1\r\nHost: 127.0.0.1:" + port, null)); // Jetty's own 400
        for (RawHttp.Answer a : answers) {
            assertThat(a.header("Content-Security-Policy")).as(a.status() + " " + a.body())
                .contains("frame-ancestors 'none'").contains("script-src 'self'").contains("default-src 'none'")
                .doesNotContain("unsafe-inline");
            assertThat(a.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(a.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(a.header("Referrer-Policy")).isEqualTo("no-referrer");
            assertThat(a.header("Cache-Control")).isEqualTo("no-store");
            assertThat(a.header("Server")).isNull();
        }
        assertThat(answers.get(answers.size() - 1).status()).isEqualTo(400);
        String html = answers.get(0).body();
        assertThat(html).contains("<script src=\"/app.js\"></script>").doesNotContain("<style").doesNotContain(" style=")
            .doesNotContain(" onclick=");
        assertThat(html.replace("<script src=\"/app.js\"></script>", "")).doesNotContain("<script");
        assertThat(answers.get(2).header("Content-Type")).startsWith("text/javascript");
    }

    @Test
    void aForgedEventWithAStoredIdIsRefusedAndAGenuineCopyIsAnsweredAsAlreadyStored() throws Exception {
        SignedRecord original = Identity.generate().sign(Draft.text("the original"));
        assertThat(RawHttp.postJson(port, "/api/events", original.toJson()).status()).isEqualTo(201);

        RawHttp.Answer again = RawHttp.postJson(port, "/api/events", original.toJson());
        assertThat(again.status()).isEqualTo(200);
        JsonNode a = JSON.readTree(again.body());
        assertThat(a.get("stored").asBoolean()).isFalse();
        assertThat(a.get("reason").asText()).isEqualTo("already stored");

        String forged = original.toJson().replace("the original", "forged words");
        RawHttp.Answer refused = RawHttp.postJson(port, "/api/events", forged);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("already stored").contains("id does not match").doesNotContain("forged words");

        RawHttp.Answer batch = RawHttp.postJson(port, "/api/events", "[" + original.toJson() + "," + forged + "]");
        assertThat(batch.status()).isEqualTo(400);
        JsonNode b = JSON.readTree(batch.body());
        assertThat(b.get("stored").asInt()).isZero();
        assertThat(b.get("alreadyStored").asInt()).isEqualTo(1);
        assertThat(b.get("rejected").get(0).get("index").asInt()).isEqualTo(1);
        assertThat(b.get("rejected").get(0).get("error").asText()).contains("id does not match");

        assertThat(room.size()).isEqualTo(1);
        assertThat(room.get(original.id()).join().orElseThrow().content()).isEqualTo("the original");
    }

    @Test
    void anEventWithADuplicateKeyIsRefusedAloneAndInABatch() throws Exception {
        SignedRecord genuine = Identity.generate().sign(Draft.text("signed words"));
        // a tree parser keeps the last "content" and would pass the signature check; the strict parser refuses
        String twoContents = genuine.toJson().replace("\"content\":\"signed words\"",
            "\"content\":\"smuggled words\",\"content\":\"signed words\"");
        assertThat(twoContents).contains("smuggled words");

        RawHttp.Answer alone = RawHttp.postJson(port, "/api/events", twoContents);
        assertThat(alone.status()).as(alone.body()).isEqualTo(400);
        assertThat(alone.body()).contains("duplicate field 'content'");

        SignedRecord other = Identity.generate().sign(Draft.text("fine"));
        RawHttp.Answer batch = RawHttp.postJson(port, "/api/events", "[" + other.toJson() + ",\n " + twoContents + "]");
        assertThat(batch.status()).as(batch.body()).isEqualTo(400);
        JsonNode b = JSON.readTree(batch.body());
        assertThat(b.get("stored").asInt()).isEqualTo(1);
        assertThat(b.get("rejected")).hasSize(1);
        assertThat(b.get("rejected").get(0).get("index").asInt()).isEqualTo(1);
        assertThat(b.get("rejected").get(0).get("error").asText()).contains("duplicate field 'content'");
        assertThat(room.get(genuine.id()).join()).isEmpty();
        assertThat(room.size()).isEqualTo(1);
    }

    @Test
    void aBatchWithGarbageBetweenOrAfterItsEventsIsRefusedAndWritesNothing() throws Exception {
        SignedRecord r = Identity.generate().sign(Draft.text("one"));
        assertThat(RawHttp.postJson(port, "/api/events", "[" + r.toJson() + " " + r.toJson() + "]").status()).isEqualTo(400);
        assertThat(RawHttp.postJson(port, "/api/events", "[" + r.toJson()).status()).isEqualTo(400);
        assertThat(RawHttp.postJson(port, "/api/events", "[" + r.toJson() + "] []").status()).isEqualTo(400);
        assertThat(RawHttp.postJson(port, "/api/events", r.toJson() + " {}").status()).isEqualTo(400);
        assertThat(RawHttp.postJson(port, "/api/events", "[\"a\", 12, [1, {\"x\": \"]\"}], null]").status()).isEqualTo(400);
        assertThat(room.size()).isZero();
        assertThat(RawHttp.postJson(port, "/api/events", " [ ] ").status()).isEqualTo(201);
        assertThat(RawHttp.postJson(port, "/api/events", "\n[ " + r.toJson() + " ]\n").status()).isEqualTo(201);
        assertThat(room.size()).isEqualTo(1);
    }

    @Test
    void bulkImportIsStreamedAndCappedAndARefusedBatchWritesNothing() throws Exception {
        // 8 MB of empty objects: refused at the element cap, long before the end of the body
        StringBuilder empties = new StringBuilder("[");
        while (empties.length() < HttpApi.MAX_BATCH_BYTES - 4) {
            empties.append("{},");
        }
        empties.setLength(empties.length() - 1);
        RawHttp.Answer a = RawHttp.postJson(port, "/api/events", empties.append(']').toString());
        assertThat(a.status()).isEqualTo(413);
        assertThat(a.body()).contains("at most " + HttpApi.MAX_BATCH_EVENTS + " events");

        // valid events, one more than the cap: nothing is published
        SignedRecord r = Identity.generate().sign(Draft.text("repeated"));
        String over = Stream.generate(r::toJson).limit(HttpApi.MAX_BATCH_EVENTS + 1L).collect(java.util.stream.Collectors.joining(",", "[", "]"));
        assertThat(RawHttp.postJson(port, "/api/events", over).status()).isEqualTo(413);
        assertThat(room.size()).isZero();

        // a declared length over the cap is refused before reading; a chunked body is cut off at the cap
        RawHttp.Answer declared = RawHttp.send(port, "POST /api/events HTTP/1.1\r\nHost: 127.0.0.1:" + port
            + "\r\nContent-Type: application/json\r\nContent-Length: " + (HttpApi.MAX_BATCH_BYTES + 1), new byte[0]);
        assertThat(declared.status()).isEqualTo(413);
        assertThat(chunkedBigString().status()).isEqualTo(413);

        // within the cap: stored, and a repeat inside the array counted as already stored
        List<SignedRecord> ok = new ArrayList<>();
        Identity author = Identity.generate();
        for (int i = 0; i < 50; i++) {
            ok.add(author.sign(Draft.text("bulk " + i)));
        }
        ok.add(ok.get(0));
        String body = ok.stream().map(SignedRecord::toJson).collect(java.util.stream.Collectors.joining(",", "[", "]"));
        RawHttp.Answer stored = RawHttp.postJson(port, "/api/events", body);
        assertThat(stored.status()).as(stored.body()).isEqualTo(201);
        assertThat(JSON.readTree(stored.body()).get("stored").asInt()).isEqualTo(50);
        assertThat(JSON.readTree(stored.body()).get("alreadyStored").asInt()).isEqualTo(1);
        assertThat(room.size()).isEqualTo(50);
    }

    @Test
    void aClientThatSendsAllOfAnOversizedBodyBeforeReadingStillGetsTheRefusal() throws Exception {
        // the JDK client writes the whole body before it reads: the 413 must survive the close that follows
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        byte[] body = new byte[HttpApi.MAX_BATCH_BYTES + 1];
        java.util.Arrays.fill(body, (byte) ' ');
        for (int i = 0; i < 20; i++) {
            boolean chunked = i % 2 == 1;
            java.net.http.HttpRequest.BodyPublisher publisher = chunked
                ? java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))
                : java.net.http.HttpRequest.BodyPublishers.ofByteArray(body);
            java.net.http.HttpResponse<String> answer = http.send(java.net.http.HttpRequest
                    .newBuilder(URI.create("http://127.0.0.1:" + port + "/api/events"))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60)).POST(publisher).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as("attempt %d (chunked %s): %s", i, chunked, answer.body()).isEqualTo(413);
        }
    }

    private RawHttp.Answer chunkedBigString() throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/events HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) 'a');
            chunk[0] = '[';
            chunk[1] = '"';
            try {
                for (int sent = 0; sent <= HttpApi.MAX_BATCH_BYTES + chunk.length; sent += chunk.length) {
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    chunk[0] = 'a';
                    chunk[1] = 'a';
                }
            } catch (IOException e) {
                // the server answered and closed while we were still sending: read its answer
            }
            return RawHttp.read(s.getInputStream());
        }
    }

    @Test
    void halfSentRequestsNeitherBlockOthersNorLeakDescriptors() throws Exception {
        for (int i = 0; i < 5; i++) {
            RawHttp.get(port, "/api/status"); // warm up: threads and buffers exist before the baseline
        }
        long baseline = openDescriptors();
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                Socket s = new Socket("127.0.0.1", port);
                s.getOutputStream().write(("GET /api/status HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nX-Half: ")
                    .getBytes(StandardCharsets.ISO_8859_1));
                slow.add(s);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                s.setSoTimeout(2000); // the bound: status answers within 2 s while 200 are held open
                s.getOutputStream().write(("GET /api/status HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
                assertThat(RawHttp.read(s.getInputStream()).status()).isEqualTo(200);
            }
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
        awaitTrue("descriptors back to the baseline of " + baseline + " after the half-sent requests closed",
            () -> openDescriptors() <= baseline + 2);

        for (int i = 0; i < 1000; i++) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.getOutputStream().write(("POST /api/events HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n[{\"id\":\"")
                    .getBytes(StandardCharsets.ISO_8859_1));
                if (i % 2 == 0) {
                    s.setSoLinger(true, 0); // half of them reset, half closed politely
                }
            }
        }
        awaitTrue("descriptors back to the baseline of " + baseline + " after 1 000 aborted uploads",
            () -> openDescriptors() <= baseline + 2);
        assertThat(RawHttp.get(port, "/api/status").status()).isEqualTo(200);
    }

    @Test
    void aConnectionThatNeverFinishesItsHeadersIsClosedOnTheHeaderClock() throws Exception {
        api.close();
        api = new HttpApi(0, List.of(new HttpApi.Served(node, room)), new HttpApi.Limits(1000, 30_000, 4096, 256));
        port = api.port();
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /api/status HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            // trickle a header byte now and then, well inside the idle timeout: only the header clock can close it
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            boolean closed = false;
            while (!closed && System.nanoTime() < deadline) {
                try {
                    out.write('x');
                    out.flush();
                    s.setSoTimeout(200);
                    closed = in.read() < 0;
                } catch (java.net.SocketTimeoutException e) {
                    // still open
                } catch (IOException e) {
                    closed = true;
                }
            }
            assertThat(closed).as("server closed the trickling connection").isTrue();
        }
        assertThat(RawHttp.get(port, "/api/status").status()).isEqualTo(200);
    }

    @Test
    void atTheConnectionCapSilentConnectionsMakeRoomForNewOnes() throws Exception {
        api.close();
        api = new HttpApi(0, List.of(new HttpApi.Served(node, room)), new HttpApi.Limits(1000, 60_000, 4096, 8));
        port = api.port();
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                idle.add(new Socket("127.0.0.1", port));
            }
            // the ninth waits in the accept queue until the header clock closes the silent ones and frees a slot
            assertThat(RawHttp.get(port, "/api/status").status()).isEqualTo(200);
        } finally {
            for (Socket s : idle) {
                s.close();
            }
        }
    }

    @Test
    void theEventStreamSendsRecordsAndPeersInOrderAndObeysTheOriginPolicy() throws Exception {
        assertThat(RawHttp.get(port, "/api/stream", "127.0.0.1:" + port, "http://evil.test").status()).isEqualTo(403);
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write(("GET /api/stream HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            String status = in.readLine();
            assertThat(status).contains(" 200 ");
            String line;
            boolean eventStream = false;
            while (!(line = in.readLine()).isEmpty()) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-type: text/event-stream")) {
                    eventStream = true;
                }
            }
            assertThat(eventStream).isTrue();
            room.put(Draft.text("streamed one")).join();
            room.put(Draft.text("streamed two")).join();
            Peerset other = Peerset.builder().signaling("memory", network).build();
            List<JsonNode> events = new ArrayList<>();
            try {
                Room otherRoom = other.join("app", "http");
                readUntil(in, events, e -> e.get("type").asText().equals("peer-joined"));
                otherRoom.close();
            } finally {
                other.close();
            }
            readUntil(in, events, e -> e.get("type").asText().equals("peer-left"));
            List<String> contents = events.stream().filter(e -> e.get("type").asText().equals("record"))
                .map(e -> e.get("record").get("content").asText()).toList();
            assertThat(contents).startsWith("streamed one", "streamed two");
            long last = 0;
            for (JsonNode e : events) {
                assertThat(e.get("seq").asLong()).isGreaterThan(last);
                last = e.get("seq").asLong();
            }
        }
    }


    private static void readUntil(java.io.BufferedReader in, List<JsonNode> events, java.util.function.Predicate<JsonNode> until)
            throws IOException {
        String line;
        while ((line = in.readLine()) != null) {
            if (line.startsWith("data: ")) {
                JsonNode e = JSON.readTree(line.substring(6));
                events.add(e);
                if (until.test(e)) {
                    return;
                }
            }
        }
        throw new AssertionError("stream ended; events so far: " + events);
    }

    private static long openDescriptors() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
