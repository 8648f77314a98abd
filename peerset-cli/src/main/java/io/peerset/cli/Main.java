package io.peerset.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code peerset} command. Each subcommand is one class listed in
 * {@code subcommands} below; add yours there (e.g. {@code node}, {@code demo}).
 *
 * <p>A subcommand that reads standard input takes it as a constructor argument
 * ({@code MyCommand(InputStream stdin)}) so that tests can run it in-process with
 * {@link #commandLine(InputStream)}; it writes through
 * {@code spec.commandLine().getOut()/getErr()}.
 */
@Command(
    name = "peerset",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "A peer-to-peer record database: signed Nostr records synchronised over WebRTC.",
    subcommands = {
        KeygenCommand.class,
        SignCommand.class,
        VerifyCommand.class,
        CommandLine.HelpCommand.class,
    })
public final class Main implements Runnable {
    /** Exit code of a command that ran but whose input was refused (bad JSON, invalid event, bad key). */
    public static final int EXIT_REFUSED = 1;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(commandLine(System.in).execute(args));
    }

    /** The command line, with subcommands reading {@code stdin}; set out/err on the result to capture output. */
    public static CommandLine commandLine(InputStream stdin) {
        CommandLine cmd = new CommandLine(new Main(), new StdinFactory(stdin));
        cmd.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            // never a stack trace for the user: say what went wrong
            PrintWriter err = commandLine.getErr();
            err.println(commandLine.getCommandName() + ": " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            err.flush();
            return EXIT_REFUSED;
        });
        return cmd;
    }

    /** Gives commands with an {@code (InputStream)} constructor the configured standard input. */
    private static final class StdinFactory implements CommandLine.IFactory {
        private final InputStream stdin;
        private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

        StdinFactory(InputStream stdin) {
            this.stdin = stdin;
        }

        @Override
        public <K> K create(Class<K> cls) throws Exception {
            try {
                Constructor<K> c = cls.getDeclaredConstructor(InputStream.class);
                return c.newInstance(stdin);
            } catch (NoSuchMethodException e) {
                return fallback.create(cls);
            }
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"peerset " + (v != null ? v : "(development build)")};
        }
    }
}
