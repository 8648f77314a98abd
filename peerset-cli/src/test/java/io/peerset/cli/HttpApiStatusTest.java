package io.peerset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerset.api.Draft;
import io.peerset.api.Moderation;
import io.peerset.api.ModerationFilter;
import io.peerset.api.Peerset;
import io.peerset.api.SignedRecord;
import io.peerset.api.Room;
import io.peerset.api.Verdict;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** /api/status shows peers' strikes and the node's bans, from two real in-memory nodes. */
class HttpApiStatusTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void statusListsStrikesAndBansWithKindIdUntilAndReason() throws Exception {
        ModerationFilter noForbidden = new ModerationFilter() {
            @Override public String name() { return "no-forbidden"; }
            @Override public Verdict check(SignedRecord r, io.peerset.api.ModerationContext c) {
                return r.content().contains("forbidden") ? Verdict.reject("says forbidden") : Verdict.accept();
            }
        };
        URI net = URI.create("memory://status-" + UUID.randomUUID());
        try (Peerset strict = Peerset.builder().signaling("memory", net).moderation(Moderation.of(noForbidden))
                 .authorStrikeThreshold(1).build();
             Peerset open = Peerset.builder().signaling("memory", net).build()) {
            Room strictRoom = strict.join("app", "status");
            Room openRoom = open.join("app", "status");
            openRoom.put(Draft.text("forbidden words")).join();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (strictRoom.bans().isEmpty()) {
                assertThat(System.nanoTime()).as("author banned within 30 s").isLessThan(deadline);
                Thread.sleep(20);
            }
            try (HttpApi api = new HttpApi(0, List.of(new HttpApi.Served(strict, strictRoom)))) {
                HttpResponse<String> resp = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/api/status")).build(),
                    HttpResponse.BodyHandlers.ofString());
                assertThat(resp.statusCode()).isEqualTo(200);
                JsonNode status = JSON.readTree(resp.body());
                JsonNode bans = status.get("bans");
                assertThat(bans.size()).isEqualTo(1);
                JsonNode ban = bans.get(0);
                assertThat(ban.get("kind").asText()).isEqualTo("author");
                assertThat(ban.get("id").asText()).isEqualTo(open.identity().publicKeyHex());
                assertThat(Instant.parse(ban.get("until").asText())).isAfter(Instant.now());
                assertThat(ban.get("reason").asText()).contains("says forbidden");
                JsonNode peer = status.get("peers").get(0);
                assertThat(peer.get("peerId").asText()).isEqualTo(openRoom.selfId());
                assertThat(peer.get("strikes").asInt()).isEqualTo(1);
            }
        }
    }
}
