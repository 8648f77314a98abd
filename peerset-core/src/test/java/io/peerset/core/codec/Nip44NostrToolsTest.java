package io.peerset.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerset.api.Hex;
import io.peerset.api.Identity;
import io.peerset.api.NotARecipientException;
import io.peerset.api.Payload;
import io.peerset.api.Payloads;
import io.peerset.api.SignedRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The encrypted-record format against nostr-tools, both ways: records written with nostr-tools
 * alone ({@code gen-nip44-records.mjs}, checked in) are read by peerset, and records peerset writes
 * are read by nostr-tools alone ({@code decrypt-nip44-records.mjs}, run with node).
 */
class Nip44NostrToolsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Path JS = Path.of("src", "test", "js").toAbsolutePath();

    static JsonNode fixture() throws IOException {
        try (InputStream in = Nip44NostrToolsTest.class.getResourceAsStream("/nip44/nostr-tools-encrypted-records.json")) {
            return MAPPER.readTree(in);
        }
    }

    static Stream<Arguments> records() throws IOException {
        List<Arguments> out = new ArrayList<>();
        JsonNode f = fixture();
        for (JsonNode r : f.get("records")) {
            out.add(Arguments.of(r.get("name").asText(), r, f.get("nonRecipient").asText()));
        }
        assertThat(out).hasSize(4);
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("records")
    void recordsWrittenByNostrToolsAloneAreReadByEveryRecipientAndNoOneElse(String name, JsonNode r, String nonRecipient)
            throws IOException {
        SignedRecord record = SignedRecord.fromJson(MAPPER.writeValueAsString(r.get("event"))).verify();
        Payload expected = Payload.of(Hex.decode(r.get("payloadHex").asText()), r.get("mime").asText());
        for (JsonNode reader : r.get("readers")) {
            assertThat(Payloads.read(record, Identity.fromSecretHex(reader.asText()))).isEqualTo(expected);
        }
        assertThat(Payloads.recipients(record)).hasSize(r.get("readers").size());
        assertThatThrownBy(() -> Payloads.decode(record, Identity.fromSecretHex(nonRecipient)))
            .isInstanceOf(NotARecipientException.class);
    }

    @Test
    void recordsWrittenByPeersetAreReadByNostrToolsAlone() throws Exception {
        Identity author = Identity.generate();
        Identity bob = Identity.generate();
        Identity carol = Identity.generate();
        Identity eve = Identity.generate();
        SignedRecord text = author.sign(Payloads.encrypted(author, "héllo 🎉".getBytes(StandardCharsets.UTF_8), "text/plain",
            List.of(bob.npub(), carol.npub())));
        SignedRecord binary = author.sign(Payloads.encrypted(author, new byte[] {0, 1, (byte) 0xff}, "image/png",
            List.of(carol.npub())));
        StringBuilder in = new StringBuilder();
        String[][] reads = {
            {text.toJson(), secretHex(bob)}, {text.toJson(), secretHex(carol)}, {text.toJson(), secretHex(author)},
            {binary.toJson(), secretHex(carol)}, {text.toJson(), secretHex(eve)}, {binary.toJson(), secretHex(bob)}};
        for (String[] read : reads) {
            ObjectNode line = MAPPER.createObjectNode();
            line.set("event", MAPPER.readTree(read[0]));
            line.put("reader", read[1]);
            in.append(MAPPER.writeValueAsString(line)).append('\n');
        }
        List<JsonNode> out = new ArrayList<>();
        for (String line : node("decrypt-nip44-records.mjs", in.toString()).split("\n")) {
            if (!line.isBlank()) out.add(MAPPER.readTree(line));
        }
        assertThat(out).hasSize(reads.length);
        for (int i = 0; i < 3; i++) {
            assertThat(out.get(i).path("error").isMissingNode()).as("read %d: %s", i, out.get(i)).isTrue();
            assertThat(out.get(i).get("m").asText()).isEqualTo("text/plain");
            assertThat(out.get(i).get("c").asText()).isEqualTo("héllo 🎉");
        }
        assertThat(out.get(3).get("m").asText()).isEqualTo("image/png");
        assertThat(out.get(3).get("c").asText()).isEqualTo("AAH/"); // the inner codec's base64 of 00 01 ff
        assertThat(out.get(4).get("error").asText()).isEqualTo("not a recipient");
        assertThat(out.get(5).get("error").asText()).isEqualTo("not a recipient");
    }

    /** The secret key's hex, for the child script only (an nsec decodes to it). */
    private static String secretHex(Identity identity) {
        return Hex.encode(io.peerset.api.Nip19.decodeNsec(identity.nsec()));
    }

    private static synchronized void ensureInstalled() throws IOException, InterruptedException {
        if (!Files.isDirectory(JS.resolve("node_modules/nostr-tools"))) {
            run(List.of("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"), "", 180);
        }
    }

    private static String node(String script, String stdin) throws IOException, InterruptedException {
        ensureInstalled();
        return run(List.of("node", script), stdin, 60);
    }

    private static String run(List<String> cmd, String stdin, int timeoutSeconds) throws IOException, InterruptedException {
        Path input = Files.createTempFile("nip44-node", ".in");
        Path out = Files.createTempFile("nip44-node", ".out");
        Path err = Files.createTempFile("nip44-node", ".err");
        try {
            Files.writeString(input, stdin, StandardCharsets.UTF_8);
            Process p = new ProcessBuilder(cmd).directory(JS.toFile()).redirectInput(input.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(cmd + " did not finish within " + timeoutSeconds + " s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(cmd + " exited with " + p.exitValue() + ": " + Files.readString(err, StandardCharsets.UTF_8));
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(input);
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
