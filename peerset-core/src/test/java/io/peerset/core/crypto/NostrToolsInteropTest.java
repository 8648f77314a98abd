package io.peerset.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerset.api.Hex;
import io.peerset.api.Identity;
import io.peerset.api.Nip19;
import io.peerset.api.SignedRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Known answers from nostr-tools, an independent implementation: see
 * src/test/js/README.md for how nostr-tools-events.json was generated. Signatures with the
 * same auxiliary randomness are checked per provider in {@link Secp256k1Contract}.
 */
class NostrToolsInteropTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static JsonNode fixture() throws IOException {
        try (InputStream in = NostrToolsInteropTest.class.getResourceAsStream("/nostr-tools-events.json")) {
            return MAPPER.readTree(in);
        }
    }

    static Stream<Arguments> events() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode e : fixture().get("events")) {
            out.add(Arguments.of(e.get("name").asText(), e));
        }
        return out.stream();
    }

    @Test
    void fixtureNamesItsSourceAndCoversTheAwkwardCases() throws IOException {
        JsonNode f = fixture();
        assertThat(f.get("source").asText()).contains("nostr-tools").contains("gen-fixture.mjs");
        assertThat(f.get("events").size()).isGreaterThanOrEqualTo(10);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void ourCanonicalSerialisationAndIdMatchNostrTools(String name, JsonNode e) throws Exception {
        SignedRecord r = SignedRecord.fromJson(MAPPER.writeValueAsString(e.get("event")));
        assertThat(new String(r.canonicalBytes(), StandardCharsets.UTF_8)).isEqualTo(e.get("serialized").asText());
        byte[] id = java.security.MessageDigest.getInstance("SHA-256").digest(r.canonicalBytes());
        assertThat(Hex.encode(id)).isEqualTo(r.id());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void theirSignaturesVerify(String name, JsonNode e) throws IOException {
        SignedRecord r = SignedRecord.fromJson(MAPPER.writeValueAsString(e.get("event")));
        assertThat(r.verify()).isSameAs(r);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void ourNip19StringsMatchNostrTools(String name, JsonNode e) {
        JsonNode ev = e.get("event");
        byte[] sk = Hex.decode(e.get("secretKey").asText());
        assertThat(Nip19.encodeNpub(ev.get("pubkey").asText())).isEqualTo(e.get("npub").asText());
        assertThat(Nip19.encodeNsec(sk)).isEqualTo(e.get("nsec").asText());
        assertThat(Nip19.encodeNote(ev.get("id").asText())).isEqualTo(e.get("note").asText());
        assertThat(Nip19.decodeNote(e.get("note").asText())).isEqualTo(ev.get("id").asText());
        Identity identity = Identity.fromNsec(e.get("nsec").asText());
        assertThat(identity.npub()).isEqualTo(e.get("npub").asText());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void ourJsonOfTheirEventParsesBackIdentically(String name, JsonNode e) throws IOException {
        SignedRecord r = SignedRecord.fromJson(MAPPER.writeValueAsString(e.get("event")));
        SignedRecord back = SignedRecord.fromJson(r.toJson());
        assertThat(back.content()).isEqualTo(r.content());
        assertThat(back.tags()).isEqualTo(r.tags());
        assertThat(MAPPER.readTree(r.toJson())).isEqualTo(e.get("event")); // any JSON parser reads what nostr-tools wrote
    }
}
