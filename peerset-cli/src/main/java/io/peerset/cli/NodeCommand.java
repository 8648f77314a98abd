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

    @Option(names = "--password", description = "Room password (keys SDP encryption and Trystero's password handshake; "
        + "visible to other local users: prefer --password-file or PEERSET_ROOM_PASSWORD). Default: none.")
    String password;

    @Option(names = "--password-file", description = "File holding the room password (surrounding white space is ignored).")
    java.nio.file.Path passwordFile;

    @Option(names = "--http", description = "Serve the JSON API and web UI on 127.0.0.1:PORT (0 = any free port).")
    Integer httpPort;

    private final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        String secret;
        try {
            secret = Secrets.resolve("--password", password, "--password-file", passwordFile, "PEERSET_ROOM_PASSWORD",
                spec.commandLine().getErr()).orElse("");
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Peerset node = options.apply(Peerset.builder()).build();
        Room joined = node.join(app, room, secret);
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
