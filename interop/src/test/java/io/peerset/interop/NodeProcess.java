package io.peerset.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@code peerset node} in its own JVM, with its local JSON API. */
final class NodeProcess implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern API = Pattern.compile("api http://127\\.0\\.0\\.1:(\\d+)/");

    private final Process process;
    private final StringBuilder log = new StringBuilder();
    private volatile int port = -1;
    private final long startedNanos;
    private volatile long apiLineNanos;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Starts {@code peerset node ARGS --http 0} with this test's classpath and waits for its API. */
    NodeProcess(List<String> args) throws IOException {
        this(List.of(), args);
    }

    /** As {@link #NodeProcess(List)}, with extra JVM options (such as {@code -Dorg.slf4j.simpleLogger.log.…=debug}). */
    NodeProcess(List<String> jvmOptions, List<String> args) throws IOException {
        this(jvmOptions, args, java.util.Map.of());
    }

    /**
     * As {@link #NodeProcess(List, List)}, with extra environment variables; {@code --http 0} is added unless
     * the arguments choose a port.
     */
    NodeProcess(List<String> jvmOptions, List<String> args, java.util.Map<String, String> env) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.peerset.cli.Main");
        cmd.add("node");
        cmd.addAll(args);
        if (!args.contains("--http")) {
            cmd.add("--http");
            cmd.add("0");
        }
        startedNanos = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        process = pb.start();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (log) {
                        log.append(line).append('\n');
                    }
                    Matcher m = API.matcher(line);
                    if (m.find()) {
                        apiLineNanos = System.nanoTime();
                        port = Integer.parseInt(m.group(1));
                    }
                }
            } catch (IOException ignored) {
                // process ended
            }
        }, "node-process-reader");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (port < 0) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("peerset node did not start its API; output:\n" + log());
            }
            sleep(50);
        }
    }

    /** {@link System#nanoTime()} just before the child process was started. */
    long startedNanos() {
        return startedNanos;
    }

    /** {@link System#nanoTime()} when the node printed its API address (it serves requests from then on). */
    long apiLineNanos() {
        return apiLineNanos;
    }

    int port() {
        return port;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new AssertionError("GET " + path + " → " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Polls GET path until the predicate holds. */
    JsonNode awaitGet(String what, String path, Duration timeout, Predicate<JsonNode> p) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = get(path);
            if (p.test(last)) {
                return last;
            }
            sleep(200);
        }
        throw new AssertionError("node: no '" + what + "' within " + timeout + "; last " + path + ": " + last + "\nnode output:\n" + log());
    }

    String log() {
        synchronized (log) {
            return log.toString();
        }
    }

    /** SIGKILL. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        process.destroy(); // SIGTERM: the node leaves the room cleanly
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
