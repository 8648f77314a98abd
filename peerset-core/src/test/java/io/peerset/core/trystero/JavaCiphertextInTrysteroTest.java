package io.peerset.core.trystero;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What Java encrypts, Trystero's own decrypt (run in node) reads; under a wrong password it refuses. */
class JavaCiphertextInTrysteroTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void trysteroDecryptsJavaCiphertextsAndRejectsWrongPassword(@TempDir Path tmp) throws Exception {
        record Case(String password, String appId, String roomId, String plaintext, String decryptPassword) {}
        String sdp = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n"
                + "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=sctp-port:5000\r\n";
        String candidate = "{\"candidate\":\"candidate:1 1 udp 2122260223 192.0.2.2 40000 typ host ufrag ab12\","
                + "\"sdpMid\":\"0\",\"sdpMLineIndex\":0,\"usernameFragment\":\"ab12\"}";
        List<Case> cases = List.of(
                new Case("", "peerset-test", "room-1", sdp, ""),
                new Case("hunter2", "peerset-test", "room-1", candidate, "hunter2"),
                new Case("pässwörd 🔑", "ünïcødé app", "room 🎉", "é🎉", "pässwörd 🔑"),
                new Case("right", "peerset-test", "room-1", sdp, "wrong"));
        ArrayNode input = JSON.createArrayNode();
        for (Case c : cases) {
            input.addObject().put("password", c.decryptPassword()).put("appId", c.appId()).put("roomId", c.roomId())
                    .put("wire", new SdpCrypto(c.password(), c.appId(), c.roomId()).encrypt(c.plaintext()));
        }
        Path file = tmp.resolve("java-ciphertexts.json");
        JSON.writeValue(file.toFile(), input);

        JsonNode out = JSON.readTree(TrysteroNode.node("decrypt-with-trystero.mjs", file.toString()));

        assertThat(out.get("trysteroVersion").asText()).startsWith("0.25.");
        JsonNode results = out.get("results");
        for (int i = 0; i < 3; i++) {
            assertThat(results.get(i).get("ok").asBoolean()).as("case %d: %s", i, results.get(i)).isTrue();
            assertThat(results.get(i).get("plaintext").asText()).isEqualTo(cases.get(i).plaintext());
        }
        assertThat(results.get(3).get("ok").asBoolean()).as("wrong password must fail in Trystero").isFalse();
        assertThat(Files.exists(file)).isTrue();
    }
}
