package io.peerset.signal.nostr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.peerset.api.SignedRecord;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Our topic → kind/tag mapping, published event and relay pick against what Trystero
 * 0.25.4's own code computed (src/test/resources/nostr/trystero-nostr.json, written by
 * src/test/js/relay/generate-fixture.mjs).
 */
class TrysteroCompatibilityTest {
    private static JsonNode fixture() throws Exception {
        try (InputStream in = TrysteroCompatibilityTest.class.getResourceAsStream("/nostr/trystero-nostr.json")) {
            return RelayFrame.JSON.readTree(in);
        }
    }

    private static List<URI> uris(JsonNode array) {
        List<URI> out = new ArrayList<>();
        array.forEach(n -> out.add(URI.create(n.asText())));
        return out;
    }

    @Test
    void topicKindAndTagMatchTrysteros() throws Exception {
        JsonNode kinds = fixture().get("kinds");
        assertThat(kinds.size()).isGreaterThanOrEqualTo(5);
        for (JsonNode k : kinds) {
            String topic = k.get("topic").asText();
            assertThat(NostrSignaling.kindOf(topic)).as("kind of " + topic).isEqualTo(k.get("kind").asInt());
            assertThat(k.get("filterKinds").toString()).isEqualTo("[" + k.get("kind").asInt() + "]");
            assertThat(k.get("tags").toString()).isEqualTo(RelayFrame.JSON.createArrayNode()
                    .add(RelayFrame.JSON.createArrayNode().add("x").add(topic)).toString());
        }
    }

    @Test
    void ourEventForATopicHasTrysterosKindAndTagsAndVerifies() throws Exception {
        try (NostrSignaling s = new NostrSignaling(List.of(URI.create("ws://127.0.0.1:9")))) {
            for (JsonNode k : fixture().get("kinds")) {
                String topic = k.get("topic").asText();
                SignedRecord ev = s.eventFor(topic, "{\"peerId\":\"x\"}");
                assertThat(ev.kind()).isEqualTo(k.get("kind").asInt());
                assertThat(ev.tags()).containsExactly(List.of("x", topic));
                assertThat(ev.isEphemeral()).isTrue();
                assertThat(SignedRecord.fromJson(ev.toJson()).verify()).isEqualTo(ev);
            }
        }
    }

    @Test
    void defaultRelaysAreTrysterosInItsOrder() throws Exception {
        assertThat(new NostrSignalingProvider().defaultUrls()).isEqualTo(uris(fixture().get("defaultRelayUrls")));
    }

    @Test
    void relayPickForAnAppMatchesTrysteros() throws Exception {
        for (JsonNode pick : fixture().get("relays")) {
            assertThat(NostrSignalingProvider.relaysForApp(pick.get("appId").asText()))
                    .as("relays for app " + pick.get("appId").asText())
                    .isEqualTo(uris(pick.get("urls")));
        }
    }
}
