package io.peerset.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A hostile web page in real Chromium ({@code js/attack.mjs}) against a real {@code peerset node}: simple
 * cross-site writes (no-cors fetch, text/plain forms top-level and in a popup), a preflighted JSON write, a
 * cross-origin read, and a DNS-rebound page. Each is first shown to reach a permissive control server, so
 * the browser really sends it; against the node nothing is written and nothing is read.
 */
class HttpAttackTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration STEP = Duration.ofSeconds(120);

    @Test
    void aHostilePageCanNeitherWriteNorReadThroughTheNodesPort() throws Exception {
        int rebindPort;
        try (ServerSocket s = new ServerSocket(0)) {
            rebindPort = s.getLocalPort();
        }
        try (NodeProcess node = new NodeProcess(List.of("--signal", "memory", "--app", "attack", "--room", "r1"))) {
            Path dir = Path.of(System.getProperty("interop.js.dir", "js"));
            Process p = new ProcessBuilder("node", "attack.mjs", String.valueOf(node.port()), String.valueOf(rebindPort))
                .directory(dir.toFile()).redirectErrorStream(true).start();
            Map<String, JsonNode> events = new ConcurrentHashMap<>();
            StringBuilder log = new StringBuilder();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        synchronized (log) {
                            log.append(line).append('\n');
                        }
                        if (line.startsWith("{")) {
                            JsonNode e = JSON.readTree(line);
                            String key = e.path("event").asText() + (e.has("target") ? "/" + e.get("target").asText() : "");
                            events.put(key, e);
                        }
                    }
                } catch (IOException ignored) {
                    // ended
                }
            }, "attack-reader");
            reader.setDaemon(true);
            reader.start();
            try {
                await(events, "rebind-released", p, log);
                try (NodeProcess rebound = new NodeProcess(List.of(),
                        List.of("--signal", "memory", "--app", "attack", "--room", "r2", "--http", String.valueOf(rebindPort)), Map.of());
                     Writer w = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8)) {
                    w.write("node-up\n");
                    w.flush();
                    await(events, "done", p, log);

                    // the control server shows every attack really leaves the browser
                    assertThat(events.get("nocors/control").get("result").toString()).isEqualTo("[\"sent\",\"sent\"]");
                    assertThat(events.get("preflight/control").get("result").asText()).startsWith("read 200");
                    assertThat(events.get("read/control").get("result").asText()).startsWith("read 200").contains("control");
                    String hits = events.get("control-hits").get("hits").toString();
                    assertThat(hits).contains("POST /api/records text/plain").contains("POST /api/events text/plain")
                        .contains("OPTIONS /api/records").contains("POST /api/records application/json").contains("GET /api/status");
                    assertThat(events.get("form/control").get("result").asText()).contains("control");
                    assertThat(events.get("popup/control").get("result").asText()).contains("control");

                    // against the node: refused, or blocked by the browser for want of CORS grants
                    assertThat(events.get("form/node").get("result").asText()).contains("refused").doesNotContain("pwned");
                    assertThat(events.get("popup/node").get("result").asText()).contains("refused").doesNotContain("pwned");
                    assertThat(events.get("preflight/node").get("result").asText()).startsWith("error");
                    assertThat(events.get("read/node").get("result").asText()).startsWith("error");
                    JsonNode rebind = events.get("rebind");
                    assertThat(rebind.get("reached").isNull()).as("the rebound page reached the node: " + rebind).isFalse();
                    assertThat(rebind.get("reached").get("read").asText()).startsWith("403").contains("is not this node")
                        .doesNotContain("peerId");
                    assertThat(rebind.get("reached").get("wrote").asText()).startsWith("403");
                    assertThat(rebind.get("readsOk").asInt()).isZero();
                    assertThat(rebind.get("writesOk").asInt()).isZero();

                    assertThat(node.get("/api/status").get("records").asLong()).as("records written on the node").isZero();
                    assertThat(rebound.get("/api/status").get("records").asLong()).as("records written on the rebound node").isZero();
                }
            } finally {
                p.destroy();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static void await(Map<String, JsonNode> events, String event, Process p, StringBuilder log) throws InterruptedException {
        long deadline = System.nanoTime() + STEP.toNanos();
        while (!events.containsKey(event)) {
            if (System.nanoTime() > deadline || (!p.isAlive() && !events.containsKey(event))) {
                synchronized (log) {
                    throw new AssertionError("attack script: no '" + event + "' within " + STEP + "; output:\n" + log);
                }
            }
            Thread.sleep(50);
        }
    }
}
