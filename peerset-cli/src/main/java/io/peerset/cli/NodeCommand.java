package io.peerset.cli;

import io.peerset.api.Peerset;
import io.peerset.api.Room;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code peerset node}: joins one room and serves the local JSON API until SIGINT/SIGTERM. */
@Command(name = "node", mixinStandardHelpOptions = true,
    description = "Join a room, synchronise its records with every peer, and serve the local JSON API on 127.0.0.1.")
final class NodeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    NodeOptions options;

    @Option(names = "--app", defaultValue = "peerset", description = "Application id (default: ${DEFAULT-VALUE}).")
    String app;

    @Option(names = "--room", defaultValue = "lobby", description = "Room id (default: ${DEFAULT-VALUE}).")
    String room;

    @Option(names = "--password", defaultValue = "", description = "Room password (keys SDP encryption and Trystero's password handshake).")
    String password;

    @Option(names = "--http", description = "Serve the JSON API and web UI on 127.0.0.1:PORT (0 = any free port).")
    Integer httpPort;

    private final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Peerset node = options.apply(Peerset.builder()).build();
        Room joined = node.join(app, room, password);
        HttpApi api = httpPort == null ? null : new HttpApi(httpPort, List.of(new HttpApi.Served(node, joined)));
        Thread hook = new Thread(() -> {
            shutdown(api, joined, node);
            stop.countDown();
        }, "peerset-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("peerset node " + joined.selfId() + " " + node.identity().npub() + " joined " + app + "/" + room
            + (api != null ? " api http://127.0.0.1:" + api.port() + "/" : ""));
        out.flush();
        stop.await();
        return 0;
    }

    private static void shutdown(HttpApi api, Room room, Peerset node) {
        try {
            if (api != null) {
                api.close();
            }
        } finally {
            try {
                room.close();
            } finally {
                node.close();
            }
        }
    }
}
