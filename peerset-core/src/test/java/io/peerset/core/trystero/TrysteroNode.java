package io.peerset.core.trystero;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the scripts in {@code src/test/js/trystero} with node, against the pinned
 * Trystero npm package (installed with {@code npm ci --ignore-scripts} on first use).
 */
final class TrysteroNode {
    static final Path DIR = Path.of("src", "test", "js", "trystero").toAbsolutePath();

    private TrysteroNode() {}

    static synchronized void ensureInstalled() throws IOException, InterruptedException {
        if (Files.isDirectory(DIR.resolve("node_modules/@trystero-p2p/core"))) {
            return;
        }
        run(List.of("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"), 180);
    }

    /** Runs {@code node script args…} in the scripts directory; returns stdout, fails on a non-zero exit. */
    static String node(String script, String... args) throws IOException, InterruptedException {
        ensureInstalled();
        List<String> cmd = new ArrayList<>(List.of("node", script));
        cmd.addAll(List.of(args));
        return run(cmd, 60);
    }

    private static String run(List<String> cmd, int timeoutSeconds) throws IOException, InterruptedException {
        Path out = Files.createTempFile("trystero-node", ".out");
        Path err = Files.createTempFile("trystero-node", ".err");
        try {
            Process p = new ProcessBuilder(cmd).directory(DIR.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(cmd + " did not finish within " + timeoutSeconds + " s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(cmd + " exited with " + p.exitValue() + ": "
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
