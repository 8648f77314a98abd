package io.peerset.signal.torrent;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real WebTorrent tracker for tests: npm bittorrent-tracker's server (WebSocket only),
 * started by {@code src/test/js/tracker/tracker.mjs} on 127.0.0.1 as a child process.
 */
final class TrackerProcess implements AutoCloseable {
    private final int port;
    private final Path log;
    private Process process;

    private TrackerProcess(int port) throws IOException {
        this.port = port;
        this.log = Files.createTempFile("tracker-" + port + "-", ".log");
    }

    /** Starts a tracker on a free port and waits until it accepts connections. */
    static TrackerProcess start() throws Exception {
        TrackerProcess t = new TrackerProcess(freePort());
        t.restart();
        return t;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    URI uri() {
        return URI.create("ws://127.0.0.1:" + port);
    }

    int port() {
        return port;
    }

    /** (Re)starts the tracker process on the same port. */
    void restart() throws Exception {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("tracker on port " + port + " is still running");
        }
        File dir = new File(System.getProperty("tracker.js.dir", "src/test/js/tracker"));
        if (!new File(dir, "node_modules/bittorrent-tracker").isDirectory()) {
            throw new IllegalStateException("bittorrent-tracker is not installed in " + dir
                    + "; run `npm ci --ignore-scripts` there (Maven does it at generate-test-resources)");
        }
        ProcessBuilder pb = new ProcessBuilder("node", "tracker.mjs", String.valueOf(port))
                .directory(dir)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        process = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("tracker exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        kill();
        throw new IllegalStateException("tracker did not accept connections on port " + port + " within 30 s: "
                + Files.readString(log));
    }

    /** Kills the tracker process (SIGKILL), dropping every socket at once. */
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
