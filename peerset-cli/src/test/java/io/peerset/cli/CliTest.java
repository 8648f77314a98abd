package io.peerset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.Identity;
import io.peerset.api.Nip19;
import io.peerset.api.SignedRecord;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** The commands run in-process through picocli, with standard streams captured. */
class CliTest {

    /** Exit code and captured output of one run. */
    record Run(int exit, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    private static Run run(String stdin, String... args) {
        return run(stdin.getBytes(StandardCharsets.UTF_8), args);
    }

    private static Run run(byte[] stdin, String... args) {
        CommandLine cmd = Main.commandLine(new ByteArrayInputStream(stdin));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int exit = cmd.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static void assertNoStackTrace(Run r) {
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    private static String newNsec() {
        return run("", "keygen").lines().get(0);
    }

    @Test
    void keygenPrintsAnNsecLineThenTheMatchingNpubLine() {
        Run r = run("", "keygen");
        assertThat(r.exit()).isZero();
        assertThat(r.lines()).hasSize(2);
        String nsec = r.lines().get(0);
        String npub = r.lines().get(1);
        assertThat(nsec).startsWith("nsec1").hasSize(63);
        assertThat(npub).startsWith("npub1").hasSize(63);
        assertThat(Identity.fromNsec(nsec).npub()).isEqualTo(npub);
    }

    @Test
    void keygenSignVerifyRoundTrip() {
        String nsec = newNsec();
        Run signed = run("{\"content\":\"hello from the cli\"}", "sign", "--nsec", nsec);
        assertThat(signed.exit()).as(signed.err()).isZero();
        assertThat(signed.lines()).hasSize(1);
        SignedRecord r = SignedRecord.fromJson(signed.lines().get(0)).verify();
        assertThat(r.content()).isEqualTo("hello from the cli");
        assertThat(r.pubkey()).isEqualTo(Nip19.decodeNpub(Identity.fromNsec(nsec).npub()));
        assertThat(r.kind()).isEqualTo(1);
        assertThat(r.tag("ms")).as("the default creation time keeps milliseconds").isPresent();

        Run verified = run(signed.out(), "verify");
        assertThat(verified.exit()).isZero();
        assertThat(verified.out().strip()).isEqualTo("valid");
        assertThat(verified.err()).isEmpty();
    }

    @Test
    void signUsesTheGivenKindTagsAndCreatedAtExactly() {
        String input = "{\"content\":\"x \\\"q\\\" \\u0001 🎉\",\"kind\":30078,\"tags\":[[\"d\",\"uuid-1\"],[\"t\",\"\"]],\"created_at\":1700000000}";
        Run signed = run(input, "sign", "--nsec", newNsec());
        assertThat(signed.exit()).as(signed.err()).isZero();
        SignedRecord r = SignedRecord.fromJson(signed.out()).verify();
        assertThat(r.createdAt()).isEqualTo(1700000000L);
        assertThat(r.kind()).isEqualTo(30078);
        assertThat(r.tags()).containsExactly(List.of("d", "uuid-1"), List.of("t", ""));
        assertThat(r.content()).isEqualTo("x \"q\" \u0001 🎉");
    }

    @Test
    void tamperedEventFailsVerifyWithTheReason() {
        Run signed = run("{\"content\":\"original\",\"created_at\":1700000000}", "sign", "--nsec", newNsec());
        String tampered = signed.out().replace("original", "forged!!");
        Run verified = run(tampered, "verify");
        assertThat(verified.exit()).isEqualTo(1);
        assertThat(verified.out()).isEmpty();
        assertThat(verified.err()).startsWith("invalid: id does not match the event's content");
        assertNoStackTrace(verified);
    }

    @Test
    void forgedSignatureFailsVerifyWithTheReason() {
        Run signed = run("{\"content\":\"original\"}", "sign", "--nsec", newNsec());
        SignedRecord r = SignedRecord.fromJson(signed.out());
        String otherSig = SignedRecord.fromJson(run("{\"content\":\"other\"}", "sign", "--nsec", newNsec()).out()).sig();
        Run verified = run(signed.out().replace(r.sig(), otherSig), "verify");
        assertThat(verified.exit()).isEqualTo(1);
        assertThat(verified.err()).contains("signature of event " + r.id() + " does not verify");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "not json|event must be a JSON object",
        "{\"id\":1}|id must be a JSON string; got the number 1",
        "''|event JSON is empty",
        "[1,2]|event must be a JSON object; got an array",
    })
    void garbageOnVerifyExitsOneWithTheReason(String stdin, String reason) {
        Run r = run(stdin, "verify");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains(reason);
        assertNoStackTrace(r);
    }

    @Test
    void oversizeOrNonUtf8InputIsRefused() {
        Run big = run("{\"content\":\"" + "x".repeat(200_000) + "\"}", "verify");
        assertThat(big.exit()).isEqualTo(1);
        assertThat(big.err()).contains("at most");
        Run bad = run(new byte[] {'{', (byte) 0xff, '}'}, "verify");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("not valid UTF-8");
        Run bigSign = run("{\"content\":\"" + "x".repeat(70_000) + "\"}", "sign", "--nsec", newNsec());
        assertThat(bigSign.exit()).isEqualTo(1);
        assertThat(bigSign.err()).contains("peers refuse events over");
        assertNoStackTrace(bigSign);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{|input is not valid JSON",
        "''|input is empty",
        "[]|input must be a JSON object",
        "{\"kind\":1}|missing field 'content'",
        "{\"content\":5}|content must be a string; got an integer",
        "{\"content\":\"x\",\"kind\":70000}|kind must be between 0 and 65535; got 70000",
        "{\"content\":\"x\",\"kind\":1.5}|kind must be a non-negative integer; got a fractional number",
        "{\"content\":\"x\",\"created_at\":-1}|created_at must be between 0 and",
        "{\"content\":\"x\",\"created_at\":\"now\"}|created_at must be a non-negative integer; got a string",
        "{\"content\":\"x\",\"tags\":{}}|tags must be an array of arrays of strings; got an object",
        "{\"content\":\"x\",\"tags\":[[]]}|tag 0 must be a non-empty array of strings; got an empty array",
        "{\"content\":\"x\",\"tags\":[[\"e\",1]]}|tag 0 element 1 must be a string; got an integer",
        "{\"content\":\"x\",\"createdAt\":1}|unknown field 'createdAt'",
        "{\"content\":\"x\",\"content\":\"y\"}|input is not valid JSON: Duplicate field 'content'",
        "{\"content\":\"x\"} {}|input is not valid JSON",
    })
    void badSignInputExitsOneWithTheReason(String stdin, String reason) {
        Run r = run(stdin, "sign", "--nsec", newNsec());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("sign: ").contains(reason);
        assertNoStackTrace(r);
    }

    @Test
    void badOrMissingNsecExitsOneWithTheReason() {
        Run bad = run("{\"content\":\"x\"}", "sign", "--nsec", "nsec1qqqq");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("nsec").contains("63 characters");
        assertNoStackTrace(bad);
        String npub = run("", "keygen").lines().get(1);
        Run wrong = run("{\"content\":\"x\"}", "sign", "--nsec", npub);
        assertThat(wrong.err()).contains("that is a public key");
        java.util.function.Function<String, String> saved = Secrets.env;
        Secrets.env = name -> null;
        try {
            Run missing = run("{\"content\":\"x\"}", "sign");
            assertThat(missing.exit()).isEqualTo(1);
            assertThat(missing.err()).contains("missing key").contains("--key-file").contains("PEERSET_NSEC");
        } finally {
            Secrets.env = saved;
        }
    }

    @Test
    void theKeyComesFromAFileOrTheEnvironmentAndOnTheCommandLineItIsWarnedAbout(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = dir.resolve("me.nsec");
        java.nio.file.Files.writeString(file, run("", "keygen").out()); // keygen's own output is a key file
        String nsec = java.nio.file.Files.readAllLines(file).get(0);
        String npubHex = Identity.fromNsec(nsec).publicKeyHex();
        java.util.function.Function<String, String> saved = Secrets.env;
        try {
            Secrets.env = name -> null;
            Run fromFile = run("{\"content\":\"x\"}", "sign", "--key-file", file.toString());
            assertThat(fromFile.exit()).as(fromFile.err()).isZero();
            assertThat(fromFile.err()).isEmpty();
            assertThat(SignedRecord.fromJson(fromFile.lines().get(0)).pubkey()).isEqualTo(npubHex);

            Secrets.env = name -> name.equals("PEERSET_NSEC") ? nsec : null;
            Run fromEnv = run("{\"content\":\"x\"}", "sign");
            assertThat(fromEnv.exit()).as(fromEnv.err()).isZero();
            assertThat(fromEnv.err()).isEmpty();
            assertThat(SignedRecord.fromJson(fromEnv.lines().get(0)).pubkey()).isEqualTo(npubHex);

            Secrets.resetWarning();
            Run onLine = run("{\"content\":\"x\"}", "sign", "--nsec", nsec);
            assertThat(onLine.exit()).isZero();
            assertThat(onLine.err()).contains("warning: --nsec").contains("other local users").contains("--key-file");
            Run again = run("{\"content\":\"x\"}", "sign", "--nsec", nsec);
            assertThat(again.err()).as("warned once per process").isEmpty();
        } finally {
            Secrets.env = saved;
        }
    }

    @Test
    void theRoomPasswordComesFromTheLineAFileOrTheEnvironmentInThatOrder(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = dir.resolve("room.pw");
        java.nio.file.Files.writeString(file, "  from the file\n");
        java.io.PrintWriter err = new java.io.PrintWriter(new StringWriter());
        java.util.function.Function<String, String> env = name -> name.equals("PEERSET_ROOM_PASSWORD") ? "from env" : null;
        java.util.function.Function<String, String> saved = Secrets.env;
        try {
            Secrets.env = env;
            assertThat(Secrets.resolve("--password", "on the line", "--password-file", file, "PEERSET_ROOM_PASSWORD", err))
                .contains("on the line");
            assertThat(Secrets.resolve("--password", null, "--password-file", file, "PEERSET_ROOM_PASSWORD", err))
                .contains("from the file");
            assertThat(Secrets.resolve("--password", null, "--password-file", null, "PEERSET_ROOM_PASSWORD", err))
                .contains("from env");
            Secrets.env = name -> null;
            assertThat(Secrets.resolve("--password", null, "--password-file", null, "PEERSET_ROOM_PASSWORD", err)).isEmpty();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Secrets.resolve("--password", null, "--password-file",
                    dir.resolve("missing"), "PEERSET_ROOM_PASSWORD", err))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--password-file").hasMessageContaining("missing");
        } finally {
            Secrets.env = saved;
        }
    }

    @Test
    void helpListsTheSubcommands() {
        Run r = run("", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("keygen").contains("sign").contains("verify");
    }
}
