package io.peerset.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerset.api.Hex;
import io.peerset.api.Identity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The official NIP-44 v2 vectors (see {@code nip44/README.md} in the test resources), every section. */
class Nip44VectorsTest {
    private static JsonNode v2;

    @BeforeAll
    static void load() throws IOException {
        v2 = vectors();
    }

    static JsonNode vectors() throws IOException {
        try (InputStream in = Nip44VectorsTest.class.getResourceAsStream("/nip44/nip44.vectors.json")) {
            return new ObjectMapper().readTree(in).get("v2");
        }
    }

    static Stream<Arguments> section(String validity, String name) throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode v : vectors().path(validity).path(name)) {
            out.add(Arguments.of(v.has("note") ? v.get("note").asText() : v.toString().substring(0, 40), v));
        }
        assertThat(out).as(validity + "." + name).isNotEmpty();
        return out.stream();
    }

    static Stream<Arguments> conversationKeys() throws IOException { return section("valid", "get_conversation_key"); }
    static Stream<Arguments> encryptDecrypt() throws IOException { return section("valid", "encrypt_decrypt"); }
    static Stream<Arguments> longMessages() throws IOException { return section("valid", "encrypt_decrypt_long_msg"); }
    static Stream<Arguments> invalidConversationKeys() throws IOException { return section("invalid", "get_conversation_key"); }
    static Stream<Arguments> invalidPayloads() throws IOException { return section("invalid", "decrypt"); }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conversationKeys")
    void conversationKeyOfAnIdentityAndAPublicKeyMatches(String name, JsonNode v) {
        Identity self = Identity.fromSecretHex(v.get("sec1").asText());
        assertThat(Hex.encode(Nip44.conversationKey(self, v.get("pub2").asText()))).isEqualTo(v.get("conversation_key").asText());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidConversationKeys")
    void invalidSecretOrPublicKeysGiveNoConversationKey(String note, JsonNode v) {
        assertThatThrownBy(() -> Nip44.conversationKey(Identity.fromSecretHex(v.get("sec1").asText()), v.get("pub2").asText()))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void messageKeysMatch() {
        JsonNode mk = v2.path("valid").path("get_message_keys");
        byte[] conversationKey = Hex.decode(mk.get("conversation_key").asText());
        assertThat(mk.get("keys").size()).isGreaterThan(10);
        for (JsonNode k : mk.get("keys")) {
            Nip44.MessageKeys keys = Nip44.messageKeys(conversationKey, Hex.decode(k.get("nonce").asText()));
            assertThat(Hex.encode(keys.chachaKey)).isEqualTo(k.get("chacha_key").asText());
            assertThat(Hex.encode(keys.chachaNonce)).isEqualTo(k.get("chacha_nonce").asText());
            assertThat(Hex.encode(keys.hmacKey)).isEqualTo(k.get("hmac_key").asText());
        }
    }

    @Test
    void paddedLengthsMatch() {
        JsonNode lengths = v2.path("valid").path("calc_padded_len");
        assertThat(lengths.size()).isEqualTo(24);
        for (JsonNode pair : lengths) {
            assertThat(Nip44.paddedLength(pair.get(0).asInt())).as("padded length of %s", pair.get(0)).isEqualTo(pair.get(1).asInt());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encryptDecrypt")
    void encryptionWithTheGivenNonceIsByteIdenticalAndDecryptsFromBothSides(String name, JsonNode v) {
        Identity one = Identity.fromSecretHex(v.get("sec1").asText());
        Identity two = Identity.fromSecretHex(v.get("sec2").asText());
        byte[] key = Nip44.conversationKey(one, two.publicKeyHex());
        assertThat(Hex.encode(key)).isEqualTo(v.get("conversation_key").asText());
        assertThat(Nip44.conversationKey(two, one.npub())).isEqualTo(key);
        byte[] plaintext = v.get("plaintext").asText().getBytes(StandardCharsets.UTF_8);
        String payload = Nip44.encrypt(plaintext, key, Hex.decode(v.get("nonce").asText()));
        assertThat(payload).isEqualTo(v.get("payload").asText());
        assertThat(Nip44.decrypt(payload, key)).isEqualTo(plaintext);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("longMessages")
    void longMessagesEncryptToTheKnownPayload(String name, JsonNode v) throws Exception {
        byte[] plaintext = v.get("pattern").asText().repeat(v.get("repeat").asInt()).getBytes(StandardCharsets.UTF_8);
        assertThat(sha256(plaintext)).isEqualTo(v.get("plaintext_sha256").asText());
        byte[] key = Hex.decode(v.get("conversation_key").asText());
        String payload = Nip44.encrypt(plaintext, key, Hex.decode(v.get("nonce").asText()));
        assertThat(sha256(payload.getBytes(StandardCharsets.US_ASCII))).isEqualTo(v.get("payload_sha256").asText());
        assertThat(Nip44.decrypt(payload, key)).isEqualTo(plaintext);
    }

    @Test
    void plaintextsOfRefusedLengthsAreRefused() {
        JsonNode lengths = v2.path("invalid").path("encrypt_msg_lengths");
        assertThat(lengths.size()).isEqualTo(4);
        byte[] key = new byte[32];
        for (JsonNode n : lengths) {
            assertThatThrownBy(() -> Nip44.encrypt(new byte[n.asInt()], key))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid plaintext size");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidPayloads")
    void refusedPayloadsAreRefusedWithTheNipsWords(String note, JsonNode v) {
        assertThatThrownBy(() -> Nip44.decrypt(v.get("payload").asText(), Hex.decode(v.get("conversation_key").asText())))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(note);
    }

    @Test
    void randomNoncesMakeEveryPayloadDifferentAndEachDecrypts() {
        byte[] key = SealedKeys.newKey();
        byte[] plaintext = "same message".getBytes(StandardCharsets.UTF_8);
        String a = Nip44.encrypt(plaintext, key);
        String b = Nip44.encrypt(plaintext, key);
        assertThat(a).isNotEqualTo(b);
        assertThat(Nip44.decrypt(a, key)).isEqualTo(plaintext);
        assertThat(Nip44.decrypt(b, key)).isEqualTo(plaintext);
    }

    @Test
    void aFlippedBitAnywhereInThePayloadIsRefused() {
        byte[] key = SealedKeys.newKey();
        byte[] raw = java.util.Base64.getDecoder().decode(Nip44.encrypt("tamper with me".getBytes(StandardCharsets.UTF_8), key));
        for (int i = 1; i < raw.length; i++) {
            byte[] t = raw.clone();
            t[i] ^= 0x01;
            String tampered = java.util.Base64.getEncoder().encodeToString(t);
            assertThatThrownBy(() -> Nip44.decrypt(tampered, key)).as("byte %d flipped", i)
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid MAC");
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return Hex.encode(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
