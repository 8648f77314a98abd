package io.peerset.core.trystero;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Java derivations equal the answers Trystero's own code produced (see resources/trystero/README.md). */
class TrysteroKnownAnswersTest {
    private static JsonNode fixture;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = TrysteroKnownAnswersTest.class.getResourceAsStream("/trystero/known-answers.json")) {
            assertThat(in).as("fixture on the test classpath").isNotNull();
            fixture = new ObjectMapper().readTree(in);
        }
        assertThat(fixture.get("trysteroVersion").asText()).startsWith("0.25.");
    }

    @Test
    void sha1IsBase36BytesJoinedLikeTrystero() {
        assertThat(fixture.get("sha1")).isNotEmpty();
        for (JsonNode c : fixture.get("sha1")) {
            assertThat(TrysteroIds.sha1(c.get("input").asText())).as(c.get("input").asText())
                    .isEqualTo(c.get("output").asText());
        }
    }

    @Test
    void topicsTokenInfoHashAndNostrKindsMatchTrystero() {
        assertThat(fixture.get("cases")).hasSizeGreaterThanOrEqualTo(4);
        for (JsonNode c : fixture.get("cases")) {
            String app = c.get("appId").asText();
            String room = c.get("roomId").asText();
            String peer = c.get("peerId").asText();
            assertThat(TrysteroIds.rootTopicPath(app, room)).isEqualTo(c.get("rootTopicPath").asText());
            assertThat(TrysteroIds.rootTopic(app, room)).as("rootTopic of %s/%s", app, room)
                    .isEqualTo(c.get("rootTopic").asText());
            assertThat(TrysteroIds.selfTopic(app, room, peer)).isEqualTo(c.get("selfTopic").asText());
            assertThat(TrysteroIds.roomToken(app, room)).isEqualTo(c.get("roomToken").asText()).hasSize(64);
            assertThat(TrysteroIds.infoHash(app, room)).isEqualTo(c.get("infoHash").asText()).hasSize(20);
            assertThat(TrysteroIds.nostrKind(c.get("rootTopic").asText())).isEqualTo(c.get("nostrKindRoot").asInt());
            assertThat(TrysteroIds.nostrKind(c.get("selfTopic").asText())).isEqualTo(c.get("nostrKindSelf").asInt());
        }
    }

    @Test
    void trysteroGeneratedIdsUseOurAlphabetAndLength() {
        for (JsonNode id : fixture.get("sampleIds")) {
            assertThat(id.asText()).hasSize(TrysteroIds.PEER_ID_LENGTH);
            assertThat(TrysteroIds.isValidPeerId(id.asText())).isTrue();
            for (char ch : id.asText().toCharArray()) {
                assertThat(TrysteroIds.ALPHABET).contains(String.valueOf(ch));
            }
        }
    }

    @Test
    void javaDecryptsWhatTrysteroEncrypted() throws Exception {
        assertThat(fixture.get("encrypted")).isNotEmpty();
        for (JsonNode c : fixture.get("encrypted")) {
            SdpCrypto crypto = new SdpCrypto(c.get("password").asText(), c.get("appId").asText(), c.get("roomId").asText());
            assertThat(crypto.decrypt(c.get("wire").asText())).isEqualTo(c.get("plaintext").asText());
        }
    }

    @Test
    void trysteroCiphertextUnderAnotherPasswordIsRejected() {
        JsonNode c = fixture.get("encrypted").get(1);
        assertThat(c.get("password").asText()).isNotEmpty();
        SdpCrypto wrong = new SdpCrypto("not-" + c.get("password").asText(), c.get("appId").asText(),
                c.get("roomId").asText());
        assertThatThrownBy(() -> wrong.decrypt(c.get("wire").asText()))
                .isInstanceOf(SdpCryptoException.class)
                .hasMessageContaining("wrong room password");
    }
}
