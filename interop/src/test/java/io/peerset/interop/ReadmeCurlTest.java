package io.peerset.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's shell examples of the local API, run as written (port and paths substituted) with real
 * curl against a real node whose key file is {@code peerset keygen}'s output.
 */
class ReadmeCurlTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theReadmesCurlExamplesWorkAgainstARealNode(@TempDir Path dir) throws Exception {
        Path repo = Path.of(System.getProperty("interop.repo.dir", "..")).toAbsolutePath().normalize();
        String readme = Files.readString(repo.resolve("README.md"), StandardCharsets.UTF_8);
        int from = readme.indexOf("From a shell");
        assertThat(from).as("README has the 'From a shell' examples").isPositive();
        int start = readme.indexOf("```bash\n", from) + "```bash\n".length();
        List<String> lines = readme.substring(start, readme.indexOf("```", start)).lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).hasSizeGreaterThanOrEqualTo(4).allMatch(l -> l.contains("curl"));

        String peerset = repo.resolve("peerset").toString();
        assertThat(run(dir, peerset + " keygen > me.nsec").exit).isZero();
        try (NodeProcess node = new NodeProcess(List.of("--signal", "memory", "--app", "readme", "--room", "curl",
                "--key-file", dir.resolve("me.nsec").toString()))) {
            List<JsonNode> answers = new ArrayList<>();
            for (String line : lines) {
                String cmd = line.replace("7700", String.valueOf(node.port())).replace("./peerset", peerset);
                Result r = run(dir, cmd);
                assertThat(r.exit).as(cmd + "\n" + r.out).isZero();
                JsonNode answer = JSON.readTree(r.out);
                assertThat(answer.has("error")).as(cmd + " → " + r.out).isFalse();
                answers.add(answer);
            }
            assertThat(answers.get(0).get("app").asText()).isEqualTo("readme");
            assertThat(answers.get(1).get("content").asText()).isEqualTo("hello from curl");
            String keyHex = answers.get(1).get("pubkey").asText();
            assertThat(answers.get(2).isArray()).isTrue();
            JsonNode all = node.get("/api/records?limit=10");
            assertThat(all.toString()).contains("hello from curl").contains("signed offline");
            for (JsonNode r : all) {
                assertThat(r.get("pubkey").asText()).as("signed with the key file's key").isEqualTo(keyHex);
            }
            assertThat(node.log()).doesNotContain("warning: --nsec");
        }
    }

    private record Result(int exit, String out) {}

    private static Result run(Path dir, String cmd) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(cmd).isTrue();
        return new Result(p.exitValue(), out);
    }
}
