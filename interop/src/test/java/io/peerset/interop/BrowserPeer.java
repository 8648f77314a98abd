package io.peerset.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real Trystero peer in headless Chromium ({@code js/run-peer.mjs}): commands go in
 * as JSON lines, events come back as JSON lines.
 */
final class BrowserPeer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Writer commands;
    private final List<Received> events = new CopyOnWriteArrayList<>();

    /** An event line and the {@link System#nanoTime()} at which this JVM read it. */
    record Received(JsonNode json, long atNanos) {}
    private final StringBuilder log = new StringBuilder();

    BrowserPeer() throws IOException {
        Path dir = Path.of(System.getProperty("interop.js.dir", "js"));
        ProcessBuilder pb = new ProcessBuilder("node", "run-peer.mjs").directory(dir.toFile()).redirectErrorStream(true);
        process = pb.start();
        commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (log) {
                        log.append(line).append('\n');
                    }
                    if (line.startsWith("{")) {
                        try {
                            events.add(new Received(JSON.readTree(line), System.nanoTime()));
                        } catch (IOException ignored) {
                            // a stray line from node: kept in the log only
                        }
                    }
                }
            } catch (IOException ignored) {
                // process ended
            }
        }, "browser-peer-reader");
        reader.setDaemon(true);
        reader.start();
        await("browser ready", Duration.ofSeconds(60), e -> e.path("event").asText().equals("ready"));
    }

    void command(Map<String, Object> cmd) throws IOException {
        commands.write(JSON.writeValueAsString(cmd) + "\n");
        commands.flush();
    }

    /** Waits for an event matching the predicate, polling up to the deadline. */
    JsonNode await(String what, Duration timeout, Predicate<JsonNode> p) {
        return awaitReceived(what, timeout, p).json();
    }

    /** As {@link #await}, with the time the event was read. */
    Received awaitReceived(String what, Duration timeout, Predicate<JsonNode> p) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Received e : events) {
                if (p.test(e.json())) {
                    return e;
                }
            }
            if (!process.isAlive()) {
                break;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("browser peer: no '" + what + "' within " + timeout + "; its output:\n" + log());
    }

    String log() {
        synchronized (log) {
            return log.toString();
        }
    }

    @Override
    public void close() throws Exception {
        try {
            command(Map.of("cmd", "quit"));
        } catch (IOException ignored) {
            // already gone
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
