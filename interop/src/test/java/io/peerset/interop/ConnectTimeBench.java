package io.peerset.interop;

import com.fasterxml.jackson.databind.JsonNode;
import io.peerset.testkit.MosquittoBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Time to the first connected peer, per signalling strategy, for {@code peerset node} processes and,
 * in the same run and through the same local server, for two real Trystero peers in headless Chromium.
 *
 * <p>Per strategy and run: (a) node A is already in the room; node B's process is started and we
 * measure B's process start → API line ("JVM start + join") and B's process start → its
 * {@code /api/status} shows an ACTIVE peer; (b) two fresh browser peers, the first joins and is given
 * {@value #SETTLE_MS} ms to reach the server, then we measure the second's join command → its
 * {@code peer} event.
 *
 * <p>Run: {@code ./mvnw -o -B -pl interop -am -Pconnect-time-bench process-test-classes [-Dbench.args="5 torrent"]}
 * (runs, then strategies; figures and method in docs/BENCHMARKS.md, "Time to first peer").
 * Arguments: {@code [runs] [strategy…]}, default {@code 5 mqtt nostr torrent}. Prints a Markdown table.
 */
public final class ConnectTimeBench {
    /**
     * A run that has not connected by then counts as failed (reported as k/N connected) rather than ending the
     * benchmark. Above 120 s: through bittorrent-tracker (WebSocket interval 120 s) Trystero's torrent peers
     * re-announce only every 120 s after their warm-up.
     */
    private static final Duration CONNECT = Duration.ofSeconds(150);
    private static final long FAILED = -1;
    private static final long SETTLE_MS = 3000;

    private ConnectTimeBench() {}

    /** Signalling server of one strategy: the URL the node uses and the WebSocket URL the browser uses. */
    private interface Server extends AutoCloseable {
        String nodeUrl();

        String browserUrl();
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<String> strategies = args.length > 1 ? Arrays.asList(args).subList(1, args.length) : List.of("mqtt", "nostr", "torrent");
        List<String> rows = new ArrayList<>();
        String loadBefore = loadAverage();
        for (String strategy : strategies) {
            List<Long> jvm = new ArrayList<>();
            List<Long> nodePeer = new ArrayList<>();
            List<Long> browserPeer = new ArrayList<>();
            try (Server server = server(strategy)) {
                String room = Nodes.freshRoom("bench-" + strategy);
                List<String> nodeArgs = Nodes.args(room, Nodes.signal(strategy, server.nodeUrl()));
                try (NodeProcess a = new NodeProcess(nodeArgs)) {
                    for (int i = 0; i < runs; i++) {
                        long[] t = nodeRun(a, nodeArgs);
                        jvm.add(t[0]);
                        nodePeer.add(t[1]);
                        log("%s node run %d: process start → API %d ms, → ACTIVE peer %d ms", strategy, i + 1, t[0], t[1]);
                    }
                }
                for (int i = 0; i < runs; i++) {
                    long t = browserRun(strategy, server.browserUrl());
                    browserPeer.add(t);
                    log("%s browser run %d: second join → peer %d ms", strategy, i + 1, t);
                }
            }
            rows.add(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |", strategy, stats(nodePeer), stats(jvm),
                stats(minus(nodePeer, jvm)), stats(browserPeer)));
            log("%s done: node→peer %s, browser→peer %s", strategy, stats(nodePeer), stats(browserPeer));
        }
        System.out.println();
        System.out.println("Runs per strategy: " + runs + "; load average before: " + loadBefore + ", after: " + loadAverage()
            + "; cores: " + Runtime.getRuntime().availableProcessors());
        System.out.println();
        System.out.println("| strategy | node: process start → ACTIVE peer | node: process start → API (JVM + join) "
            + "| node: API → ACTIVE peer | browser: 2nd join → peer |");
        System.out.println("|---|---|---|---|---|");
        rows.forEach(System.out::println);
        System.out.println();
        System.out.println("Each cell: median (min–max) in ms over the runs that connected.");
    }

    /** Starts node B in A's room; returns {process start → API line, process start → ACTIVE peer} in ms. */
    private static long[] nodeRun(NodeProcess a, List<String> args) throws Exception {
        long api;
        long peer;
        try (NodeProcess b = new NodeProcess(args)) {
            api = b.apiLineNanos() - b.startedNanos();
            String idA = a.get("/api/status").get("peerId").asText();
            String idB = b.get("/api/status").get("peerId").asText();
            // Trystero's rule (torrent offers, topic announcements): the peer with the larger id answers the smaller one's offer
            log("  A %s, B %s: %s", idA, idB, idA.compareTo(idB) > 0 ? "A > B (A answers B's first offers)" : "A < B (B must wait for A's offers)");
            long deadline = System.nanoTime() + CONNECT.toNanos();
            while (true) {
                JsonNode s = b.get("/api/status");
                if (!Nodes.activePeers(s).isEmpty()) {
                    peer = System.nanoTime() - b.startedNanos();
                    break;
                }
                if (System.nanoTime() > deadline) {
                    log("no ACTIVE peer within %s; node output:%n%s", CONNECT, b.log());
                    peer = -1;
                    break;
                }
                Thread.sleep(20);
            }
        }
        // B left with SIGTERM; wait for A to drop it so that the next B meets an idle A
        a.awaitGet("no peers left", "/api/status", CONNECT, s -> s.get("peers").isEmpty());
        return new long[] {TimeUnit.NANOSECONDS.toMillis(api), peer < 0 ? FAILED : TimeUnit.NANOSECONDS.toMillis(peer)};
    }

    /** Two fresh browser peers; returns the second's join command → its 'peer' event, in ms. */
    private static long browserRun(String strategy, String url) throws Exception {
        CompletableFuture<BrowserPeer> f1 = CompletableFuture.supplyAsync(ConnectTimeBench::browser);
        CompletableFuture<BrowserPeer> f2 = CompletableFuture.supplyAsync(ConnectTimeBench::browser);
        try (BrowserPeer p1 = f1.join(); BrowserPeer p2 = f2.join()) {
            String room = Nodes.freshRoom("bench-browser-" + strategy);
            Map<String, Object> join = Map.of("cmd", "join", "strategy", strategy, "appId", Nodes.APP, "roomId", room,
                "relayUrls", List.of(url));
            p1.command(join);
            p1.await("joined", CONNECT, e -> e.path("event").asText().equals("joined"));
            Thread.sleep(SETTLE_MS); // the first peer's head start, as node A has been in its room for a while
            long t0 = System.nanoTime();
            p2.command(join);
            try {
                BrowserPeer.Received peer = p2.awaitReceived("a peer", CONNECT, e -> e.path("event").asText().equals("peer"));
                return TimeUnit.NANOSECONDS.toMillis(peer.atNanos() - t0);
            } catch (AssertionError e) {
                log("no peer within %s; first browser's output:%n%s%nsecond browser's output:%n%s", CONNECT, p1.log(), p2.log());
                return FAILED;
            }
        }
    }

    private static BrowserPeer browser() {
        try {
            return new BrowserPeer();
        } catch (Exception e) {
            throw new IllegalStateException("could not start a browser peer", e);
        }
    }

    private static Server server(String strategy) throws Exception {
        switch (strategy) {
            case "mqtt": {
                MosquittoBroker b = MosquittoBroker.launchWithWebSocket();
                return new Server() {
                    public String nodeUrl() { return b.tcpUri().toString(); }
                    public String browserUrl() { return b.webSocketUri().toString(); }
                    public void close() { b.close(); }
                };
            }
            case "nostr":
            case "torrent": {
                NodeServer s = strategy.equals("nostr") ? NodeServer.nostrRelay() : NodeServer.torrentTracker();
                return new Server() {
                    public String nodeUrl() { return s.wsUrl(); }
                    public String browserUrl() { return s.wsUrl(); }
                    public void close() throws Exception { s.close(); }
                };
            }
            default:
                throw new IllegalArgumentException("strategy must be mqtt, nostr or torrent; got " + strategy);
        }
    }

    private static List<Long> minus(List<Long> a, List<Long> b) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            out.add(a.get(i) == FAILED ? FAILED : a.get(i) - b.get(i));
        }
        return out;
    }

    /** Median (min–max) of the runs that connected, and how many did when some did not. */
    private static String stats(List<Long> ms) {
        List<Long> sorted = new ArrayList<>();
        for (long v : ms) {
            if (v != FAILED) {
                sorted.add(v);
            }
        }
        sorted.sort(null);
        int n = sorted.size();
        if (n == 0) {
            return "none of " + ms.size() + " connected within " + CONNECT.toSeconds() + " s";
        }
        long median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        String cell = median + " (" + sorted.get(0) + "–" + sorted.get(n - 1) + ")";
        return n == ms.size() ? cell : cell + ", " + n + "/" + ms.size() + " connected within " + CONNECT.toSeconds() + " s";
    }

    private static String loadAverage() {
        try {
            String[] f = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static void log(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
        System.out.flush();
    }
}
