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
 * violation and no script error.
 */
class WebUiTest {
    @Test
    void theUiRendersAndWritesUnderItsOwnCspWithoutViolations() throws Exception {
        try (NodeProcess node = new NodeProcess(List.of("--signal", "memory", "--app", "ui", "--room", "r"))) {
            Path dir = Path.of(System.getProperty("interop.js.dir", "js"));
            Process p = new ProcessBuilder("node", "ui-check.mjs", "http://127.0.0.1:" + node.port() + "/")
                .directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String line = out.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow(() -> new AssertionError(out));
            JsonNode r = new ObjectMapper().readTree(line);
            assertThat(r.has("failure")).as(out).isFalse();
            assertThat(r.get("cards").asInt()).isEqualTo(1);
            assertThat(r.get("stored").asText()).as(out).startsWith("stored ");
            assertThat(r.get("listed").asBoolean()).as(out).isTrue();
            assertThat(r.get("violations")).as(out).isEmpty();
            assertThat(r.get("errors")).as(out).isEmpty();
            assertThat(node.get("/api/records?limit=5").toString()).contains("written through the web UI");
        }
    }
}
