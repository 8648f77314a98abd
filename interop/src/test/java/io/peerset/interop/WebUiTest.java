package io.peerset.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The node's web UI in real Chromium under the node's own Content-Security-Policy: it renders, writes a
 * record through its form (a same-origin POST the origin policy must let through), and triggers no CSP
 * violation and no script error; a record written elsewhere appears from {@code /api/stream} without reload (a
 * screenshot of the dashboard is saved under {@code target/screenshots}).
 */
class WebUiTest {
    @Test
    void theUiRendersAndWritesUnderItsOwnCspWithoutViolations() throws Exception {
        try (NodeProcess node = new NodeProcess(List.of("--signal", "memory", "--app", "ui", "--room", "r"))) {
            Path dir = Path.of(System.getProperty("interop.js.dir", "js"));
            Path shots = Path.of("target", "screenshots").toAbsolutePath();
            java.nio.file.Files.createDirectories(shots);
            Process p = new ProcessBuilder("node", "ui-check.mjs", "http://127.0.0.1:" + node.port() + "/",
                shots.resolve("dashboard.png").toString()).directory(dir.toFile()).redirectErrorStream(true).start();
            StringBuilder all = new StringBuilder();
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String got;
            while ((got = in.readLine()) != null) {
                all.append(got).append('\n');
                if (got.contains("ready-for-external")) {
                    assertThat(node.post("/api/records", "{\"content\":\"written outside the page\"}").statusCode()).isEqualTo(201);
                    p.getOutputStream().write("written\n".getBytes(StandardCharsets.UTF_8));
                    p.getOutputStream().flush();
                }
            }
            String out = all.toString();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String line = out.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow(() -> new AssertionError(out));
            JsonNode r = new ObjectMapper().readTree(line);
            assertThat(r.has("failure")).as(out).isFalse();
            assertThat(r.get("cards").asInt()).isEqualTo(1);
            assertThat(r.get("stored").asText()).as(out).startsWith("stored ");
            assertThat(r.get("listed").asBoolean()).as(out).isTrue();
            assertThat(r.get("live").asText()).isEqualTo("live");
            assertThat(r.get("streamed").asBoolean()).as("a record written elsewhere appears from /api/stream: " + out).isTrue();
            assertThat(r.get("violations")).as(out).isEmpty();
            assertThat(r.get("errors")).as(out).isEmpty();
            assertThat(node.get("/api/records?limit=5").toString()).contains("written through the web UI");
        }
    }
}
