package io.peerset.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Where a secret (the node's key, the room password) comes from, in order: the command-line value (works,
 * but every local user sees it in {@code ps}: warned about once), a file, an environment variable.
 */
final class Secrets {
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    /** The environment, replaceable in tests. */
    static Function<String, String> env = System::getenv;

    private Secrets() {}

    /**
     * @param flag the option's name, for messages ({@code --nsec})
     * @param cliValue the value given on the command line, or null
     * @param fileFlag the file option's name ({@code --password-file})
     * @param file the file given, or null
     * @param envName the environment variable's name
     * @return the secret, stripped of surrounding white space, or empty when none of the three is set
     * @throws IllegalArgumentException when the file cannot be read, saying which and why
     */
    static Optional<String> resolve(String flag, String cliValue, String fileFlag, Path file, String envName, PrintWriter err) {
        if (cliValue != null) {
            if (WARNED.compareAndSet(false, true)) {
                err.println("warning: " + flag + " puts a secret on the command line, where other local users can read it (ps, /proc);"
                    + " prefer " + fileFlag + " FILE or the " + envName + " environment variable");
                err.flush();
            }
            return Optional.of(cliValue.strip());
        }
        if (file != null) {
            try {
                return Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip());
            } catch (IOException e) {
                throw new IllegalArgumentException(fileFlag + " " + file + ": cannot read it (" + e.getMessage() + ")");
            }
        }
        String fromEnv = env.apply(envName);
        return fromEnv == null || fromEnv.isBlank() ? Optional.empty() : Optional.of(fromEnv.strip());
    }

    /**
     * The key in a key file or variable: its first non-blank line, so the output of {@code peerset keygen > me.nsec}
     * (the nsec line, then the npub line) is a key file as it stands.
     */
    static String firstLine(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
    }

    /** Lets the next command-line secret warn again (tests). */
    static void resetWarning() {
        WARNED.set(false);
    }
}
