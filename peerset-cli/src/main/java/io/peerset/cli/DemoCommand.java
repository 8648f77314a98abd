package io.peerset.cli;

import io.peerset.api.Draft;
import io.peerset.api.Moderation;
import io.peerset.api.Peerset;
import io.peerset.api.Room;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code peerset demo}: a local swarm of full nodes in one JVM, connected by in-memory
 * signalling and links (no internet needed), with the network web UI.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run a local swarm of nodes in this process (in-memory signalling, no internet) with the network web UI.")
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--peers", defaultValue = "5", description = "Number of nodes (default: ${DEFAULT-VALUE}).")
    int peers;

    @Option(names = "--records", defaultValue = "200", description = "Records written at random nodes before the UI opens (default: ${DEFAULT-VALUE}).")
    int records;

    @Option(names = "--write-every", defaultValue = "2000",
        description = "Milliseconds between background writes at a random node; 0 = none (default: ${DEFAULT-VALUE}).")
    long writeEveryMs;

    @Option(names = "--http", defaultValue = "8080", description = "Web UI port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 = any).")
    int httpPort;

    @Option(names = "--moderation", defaultValue = "open", description = "Moderation preset for every node (default: ${DEFAULT-VALUE}).")
    String moderation;

    @Option(names = "--duration", description = "Stop after this many seconds (default: run until Ctrl-C).")
    Long durationSeconds;

    @Override
    public Integer call() throws Exception {
        if (peers < 1 || peers > 200) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--peers must be between 1 and 200; got " + peers);
        }
        PrintWriter out = spec.commandLine().getOut();
        Moderation mod = Moderation.preset(moderation, Map.of());
        List<HttpApi.Served> served = new ArrayList<>();
        String app = "peerset-demo";
        String roomId = "demo-" + Long.toString(System.nanoTime(), 36);
        for (int i = 0; i < peers; i++) {
            Peerset node = Peerset.builder()
                .signaling("memory")
                .moderation(mod)
                .syncInterval(Duration.ofSeconds(5))
                .build();
            served.add(new HttpApi.Served(node, node.join(app, roomId)));
        }
        Random random = new Random();
        for (int i = 0; i < records; i++) {
            Room r = served.get(random.nextInt(served.size())).room();
            r.put(Draft.text("demo record " + i + " from " + r.selfId()).geohash("u33d")).join();
        }
        ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(t -> {
            Thread th = new Thread(t, "peerset-demo-writer");
            th.setDaemon(true);
            return th;
        });
        if (writeEveryMs > 0) {
            writer.scheduleWithFixedDelay(() -> {
                Room r = served.get(random.nextInt(served.size())).room();
                r.put(Draft.text("live record at " + java.time.Instant.now() + " from " + r.selfId()))
                    .exceptionally(e -> null);
            }, writeEveryMs, writeEveryMs, TimeUnit.MILLISECONDS);
        }
        HttpApi api = new HttpApi(httpPort, served);
        CountDownLatch stop = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean stopped = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable shutdown = () -> {
            if (stopped.compareAndSet(false, true)) {
                writer.shutdownNow();
                api.close();
                for (HttpApi.Served s : served) {
                    s.room().close();
                    s.node().close();
                }
                stop.countDown();
            }
        };
        Thread hook = new Thread(shutdown, "peerset-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("peerset demo: " + peers + " nodes in room " + roomId + ", web UI at http://127.0.0.1:" + api.port() + "/ (Ctrl-C to stop)");
        out.flush();
        if (durationSeconds != null) {
            if (!stop.await(durationSeconds, TimeUnit.SECONDS)) {
                shutdown.run();
                Runtime.getRuntime().removeShutdownHook(hook);
            }
        } else {
            stop.await();
        }
        return 0;
    }
}
