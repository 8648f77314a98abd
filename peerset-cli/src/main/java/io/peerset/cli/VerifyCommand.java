package io.peerset.cli;

import io.peerset.api.SignedRecord;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code peerset verify}: checks one NIP-01 event on stdin (shape, id, signature). */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Reads one NIP-01 event (JSON) on standard input and checks its shape, its id and its signature.",
        "Prints 'valid' and exits 0, or prints the reason on standard error and exits 1."})
final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    private final InputStream stdin;

    VerifyCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    VerifyCommand() {
        this(System.in);
    }

    @Override
    public Integer call() throws Exception {
        try {
            // a little slack for surrounding whitespace (a trailing newline); the parser enforces the real limit
            String json = Stdin.readUtf8(stdin, SignedRecord.MAX_JSON_BYTES + 4096, "the event");
            SignedRecord.fromJson(trimJsonWhitespace(json)).verify();
        } catch (IllegalArgumentException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("invalid: " + e.getMessage());
            err.flush();
            return Main.EXIT_REFUSED;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("valid");
        out.flush();
        return 0;
    }

    private static String trimJsonWhitespace(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isJsonWhitespace(s.charAt(start))) start++;
        while (end > start && isJsonWhitespace(s.charAt(end - 1))) end--;
        return s.substring(start, end);
    }

    private static boolean isJsonWhitespace(char c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }
}
