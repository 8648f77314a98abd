package io.peerset.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A real signalling server run by node on 127.0.0.1: the Nostr relay ({@code @nostr-relay/core})
 * or the WebTorrent tracker ({@code bittorrent-tracker}) that the signalling modules' own tests use.
 * The script prints {@code listening PORT} when ready. {@link #kill()} and {@link #restart()} take it
 * down and bring it back on the same port, as a crashed and restarted server would.
 */
final class NodeServer implements AutoCloseable {
    private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final Path dir;
    private final String script;
    private final int port;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private Process process;

    private NodeServer(Path dir, String script) throws IOException, InterruptedException {
        this.dir = dir;
        this.script = script;
        if (!Files.isDirectory(dir.resolve("node_modules"))) {
            Process npm = new ProcessBuilder("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error")
                .directory(dir.toFile()).inheritIO().start();
            if (npm.waitFor() != 0) {
                throw new IllegalStateException("npm ci failed in " + dir);
            }
        }
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        start();
    }

    static NodeServer nostrRelay() throws Exception {
        return new NodeServer(Path.of(System.getProperty("interop.relay.dir")), "relay.mjs");
    }

    static NodeServer torrentTracker() throws Exception {
        return new NodeServer(Path.of(System.getProperty("interop.tracker.dir")), "tracker.mjs");
    }

    /** A {@code ws://127.0.0.1:PORT} URL where nothing listens (a server that is down for the whole test). */
    static String closedPortWsUrl() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "ws://127.0.0.1:" + s.getLocalPort();
        }
    }

    private synchronized void start() throws IOException, InterruptedException {
        output.clear();
        Process p = new ProcessBuilder("node", script, Integer.toString(port)).directory(dir.toFile()).redirectErrorStream(true).start();
        process = p;
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    output.add(line);
                }
            } catch (IOException ignored) {
                // ended
            }
        }, "node-server-" + port);
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
        while (!output.contains("listening " + port) || !accepts(port)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IllegalStateException("node " + script + " did not start on " + port + ": " + output);
            }
            Thread.sleep(20);
        }
    }

    /** SIGKILL: every client socket drops at once; returns when the port no longer accepts connections. */
    synchronized void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (accepts(port)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("port " + port + " still accepts connections after killing " + script);
            }
            Thread.sleep(20);
        }
    }

    /** Starts the server again on the same port (after {@link #kill()}). */
    synchronized void restart() throws IOException, InterruptedException {
        if (process.isAlive()) {
            throw new IllegalStateException(script + " on " + port + " is still running; kill() it first");
        }
        start();
    }

    String wsUrl() {
        return "ws://127.0.0.1:" + port;
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public synchronized void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
