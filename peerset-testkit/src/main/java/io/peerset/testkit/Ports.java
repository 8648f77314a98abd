package io.peerset.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Small helpers shared by the brokers: free ports, waiting for a listener, deleting temp dirs. */
final class Ports {
    static final String LOOPBACK = "127.0.0.1";

    private Ports() {
    }

    /** A TCP port on 127.0.0.1 that was free a moment ago. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("could not find a free TCP port on 127.0.0.1", e);
        }
    }

    /** Whether something accepts TCP connections on 127.0.0.1:port right now. */
    static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LOOPBACK, port), 250);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Whether an MQTT broker on host:port answers an MQTT 3.1.1 CONNECT with a CONNACK that accepts it.
     * Stricter than {@link #accepts(int)}: a Docker port proxy accepts TCP before the broker is up.
     */
    static boolean answersMqtt(String host, int port) {
        byte[] clientId = "peerset-probe".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        java.io.ByteArrayOutputStream connect = new java.io.ByteArrayOutputStream();
        int remaining = 10 + 2 + clientId.length;
        connect.write(0x10);
        connect.write(remaining);
        connect.writeBytes(new byte[] {0, 4, 'M', 'Q', 'T', 'T', 4, 0x02, 0, 10});
        connect.write(0);
        connect.write(clientId.length);
        connect.writeBytes(clientId);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(connect.toByteArray());
            byte[] connack = socket.getInputStream().readNBytes(4);
            boolean ok = connack.length == 4 && connack[0] == 0x20 && connack[1] == 2 && connack[3] == 0;
            socket.getOutputStream().write(new byte[] {(byte) 0xE0, 0});
            return ok;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Polls until {@code done} is true, {@code giveUp} is true or the deadline passes.
     *
     * @return whether {@code done} became true
     */
    static boolean poll(Duration timeout, BooleanSupplier done, BooleanSupplier giveUp) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 5;
        while (true) {
            if (done.getAsBoolean()) {
                return true;
            }
            if (giveUp.getAsBoolean() || System.nanoTime() - deadline > 0) {
                return false;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            pause = Math.min(100, pause * 2);
        }
    }

    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // best effort: a leftover temp dir is not worth failing a test over
        }
    }
}
