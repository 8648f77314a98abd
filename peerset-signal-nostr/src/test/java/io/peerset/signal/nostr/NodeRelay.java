package io.peerset.signal.nostr;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Node processes from {@code src/test/js/relay}: a real Nostr relay ({@code @nostr-relay/core}
 * over {@code ws}, see relay.mjs) on 127.0.0.1, and Trystero's own nostr client.
 * The npm packages are installed by the module's build (exec-maven-plugin, npm ci); when a
 * test runs from an IDE without that, they are installed here.
 */
final class NodeRelay implements AutoCloseable {
    static final Path DIR = Path.of("src", "test", "js", "relay").toAbsolutePath();

    private final int port;
    private Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();

    private NodeRelay(int port) {
        this.port = port;
    }

    /** Starts a relay on a free port and waits until it accepts connections. */
    static NodeRelay start() throws IOException, InterruptedException {
        NodeRelay r = new NodeRelay(freePort());
        r.launch();
        return r;
    }

    URI url() {
        return URI.create("ws://127.0.0.1:" + port);
    }

    int port() {
        return port;
    }

    /** Kills the relay process at once (SIGKILL), as a crash would. */
    void kill() throws InterruptedException {
        Process p = process;
        if (p != null) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Starts the relay again on the same port. */
    void restart() throws IOException, InterruptedException {
        kill();
        launch();
    }

    private void launch() throws IOException, InterruptedException {
        ensureInstalled();
        output.clear();
        Process p = new ProcessBuilder("node", "relay.mjs", Integer.toString(port))
                .directory(DIR.toFile()).redirectErrorStream(true).start();
        process = p;
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    output.add(line);
                }
            } catch (IOException e) {
                // process ended
            }
        }, "node-relay-output-" + port);
        reader.setDaemon(true);
        reader.start();
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!output.contains("listening " + port) || !accepts(port)) {
            if (!p.isAlive()) {
                throw new IllegalStateException("node relay.mjs " + port + " exited with " + p.exitValue() + ": " + output);
            }
            if (System.nanoTime() - end > 0) {
                p.destroyForcibly();
                throw new IllegalStateException("node relay.mjs " + port + " did not start within 30 s: " + output);
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() throws InterruptedException {
        Process p = process;
        if (p != null) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static synchronized void ensureInstalled() throws IOException, InterruptedException {
        if (Files.isDirectory(DIR.resolve("node_modules/@nostr-relay/core"))
                && Files.isDirectory(DIR.resolve("node_modules/@trystero-p2p/nostr"))) {
            return;
        }
        Process p = new ProcessBuilder("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund")
                .directory(DIR.toFile()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("npm ci in " + DIR + " failed; run it by hand to see why");
        }
    }

    /** Starts {@code node trystero-client.mjs args…}; its output lines are collected into {@code lines}. */
    static Process trysteroClient(List<String> lines, String... args) throws IOException, InterruptedException {
        ensureInstalled();
        List<String> cmd = new ArrayList<>(List.of("node", "trystero-client.mjs"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(DIR.toFile()).redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // process ended
            }
        }, "trystero-client-output");
        reader.setDaemon(true);
        reader.start();
        return p;
    }
}
