package io.peerset.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.Draft;
import io.peerset.api.Identity;
import io.peerset.api.SignedRecord;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Bulk imports against a node with a 256 MB heap that exits on OutOfMemoryError: 8 MB of empty objects,
 * 50 000 valid events, and 5 000 valid events (the cap) — each answered with a clear 4xx or success, and
 * the node alive after all of them.
 */
class NodeHeapTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void bigBatchesOnA256MegabyteNodeAreRefusedOrStoredAndTheNodeLives() throws Exception {
        try (NodeProcess node = new NodeProcess(List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError"),
                List.of("--signal", "memory", "--app", "heap", "--room", "r"))) {
            StringBuilder empties = new StringBuilder("[");
            while (empties.length() < 8 * 1024 * 1024 - 4) {
                empties.append("{},");
            }
            empties.setLength(empties.length() - 1);
            byte[] emptyBatch = empties.append(']').toString().getBytes(StandardCharsets.UTF_8);
            assertThat(post(node, emptyBatch, false).statusCode()).isEqualTo(413);
            assertThat(post(node, emptyBatch, true).statusCode()).isEqualTo(413);

            Identity author = Identity.generate();
            List<String> distinct = new ArrayList<>();
            for (int i = 0; i < 5000; i++) {
                distinct.add(author.sign(Draft.text("bulk event " + i + " " + "x".repeat(40))).toJson());
            }
            StringBuilder fifty = new StringBuilder("[");
            for (int i = 0; i < 50_000; i++) {
                fifty.append(i > 0 ? "," : "").append(distinct.get(i % distinct.size()));
            }
            byte[] fiftyBatch = fifty.append(']').toString().getBytes(StandardCharsets.UTF_8);
            HttpResponse<String> big = post(node, fiftyBatch, true);
            assertThat(big.statusCode()).as(big.body()).isEqualTo(413);
            assertThat(big.body()).contains("at most 5000 events");
            assertThat(node.get("/api/status").get("records").asLong()).as("a refused batch writes nothing").isZero();

            byte[] capBatch = ("[" + String.join(",", distinct) + "]").getBytes(StandardCharsets.UTF_8);
            HttpResponse<String> ok = post(node, capBatch, true);
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
            assertThat(ok.body()).contains("\"stored\":5000");

            assertThat(node.isAlive()).as("node alive; output:\n" + node.log()).isTrue();
            assertThat(node.get("/api/status").get("records").asLong()).isEqualTo(5000);
            assertThat(node.log()).doesNotContain("OutOfMemoryError");
            SignedRecord.fromJson(distinct.get(0)); // the events were well-formed all along
        }
    }

    private HttpResponse<String> post(NodeProcess node, byte[] body, boolean chunked) throws Exception {
        HttpRequest.BodyPublisher publisher = chunked
            ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
            : HttpRequest.BodyPublishers.ofByteArray(body);
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + "/api/events"))
            .header("Content-Type", "application/json").timeout(Duration.ofSeconds(120)).POST(publisher).build(),
            HttpResponse.BodyHandlers.ofString());
    }
}
