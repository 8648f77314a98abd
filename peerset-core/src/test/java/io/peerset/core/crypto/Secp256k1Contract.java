package io.peerset.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerset.api.Hex;
import io.peerset.api.spi.Secp256k1;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every {@link Secp256k1} provider must do, on the same known answers: the official
 * BIP-340 vectors ({@code bip340-test-vectors.csv}), events signed by nostr-tools
 * ({@code nostr-tools-events.json}) and NIP-44's conversation keys ({@code nip44/nip44.vectors.json},
 * for ECDH). A provider's test extends this class and implements {@link #provider()}; every
 * provider passing it gives byte-identical keys, signatures and shared secrets.
 */
public abstract class Secp256k1Contract {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String N_HEX = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";

    /** The provider under test. */
    protected abstract Secp256k1 provider();

    // ------------------------------------------------------------------ known answers

    static Stream<Arguments> bip340() throws IOException {
        List<Arguments> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                resource("/bip340-test-vectors.csv"), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#") || line.startsWith("index,")) continue;
                String[] f = line.split(",", -1);
                out.add(Arguments.of(f[0], f[1], f[2], f[3], f[4], f[5], Boolean.parseBoolean(f[6].toLowerCase(Locale.ROOT)), f[7]));
            }
        }
        assertThat(out).hasSize(15);
        return out.stream();
    }

    static Stream<Arguments> nostrToolsEvents() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode e : json("/nostr-tools-events.json").get("events")) {
            out.add(Arguments.of(e.get("name").asText(), e));
        }
        assertThat(out).hasSizeGreaterThanOrEqualTo(10);
        return out.stream();
    }

    static Stream<Arguments> conversationKeys() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode v : nip44().path("valid").path("get_conversation_key")) {
            out.add(Arguments.of(v.get("sec1").asText(), v.get("pub2").asText(), v.get("conversation_key").asText()));
        }
        assertThat(out).hasSize(35);
        return out.stream();
    }

    static Stream<Arguments> invalidConversationKeys() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode v : nip44().path("invalid").path("get_conversation_key")) {
            out.add(Arguments.of(v.get("note").asText(), v.get("sec1").asText(), v.get("pub2").asText()));
        }
        assertThat(out).hasSize(8);
        return out.stream();
    }

    static Stream<Arguments> keyPairs() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode v : nip44().path("valid").path("encrypt_decrypt")) {
            out.add(Arguments.of(v.get("sec1").asText(), v.get("sec2").asText(), v.get("conversation_key").asText()));
        }
        assertThat(out).hasSize(10);
        return out.stream();
    }

    @ParameterizedTest(name = "BIP-340 vector {0}: {7}")
    @MethodSource("bip340")
    public void signingVectorsGiveTheExactSignatureAndPublicKey(String index, String secretKey, String publicKey, String auxRand,
                                                                 String message, String signature, boolean valid, String comment) {
        if (secretKey.isEmpty()) return; // a verification-only vector
        byte[] sk = Hex.decode(secretKey);
        assertThat(Hex.encode(provider().publicKey(sk))).isEqualToIgnoringCase(publicKey);
        assertThat(Hex.encode(provider().sign(sk, Hex.decode(message), Hex.decode(auxRand)))).isEqualToIgnoringCase(signature);
    }

    @ParameterizedTest(name = "BIP-340 vector {0}: {7}")
    @MethodSource("bip340")
    public void verificationVectorsGiveTheExpectedResult(String index, String secretKey, String publicKey, String auxRand,
                                                          String message, String signature, boolean valid, String comment) {
        assertThat(provider().verify(Hex.decode(publicKey), Hex.decode(message), Hex.decode(signature))).isEqualTo(valid);
    }

    @ParameterizedTest(name = "nostr-tools: {0}")
    @MethodSource("nostrToolsEvents")
    public void nostrToolsSignaturesVerifyAndOursWithTheSameAuxRandomnessAreByteIdentical(String name, JsonNode e) {
        byte[] sk = Hex.decode(e.get("secretKey").asText());
        JsonNode ev = e.get("event");
        byte[] id = Hex.decode(ev.get("id").asText());
        assertThat(Hex.encode(provider().publicKey(sk))).isEqualTo(ev.get("pubkey").asText());
        assertThat(provider().verify(Hex.decode(ev.get("pubkey").asText()), id, Hex.decode(ev.get("sig").asText()))).isTrue();
        assertThat(Hex.encode(provider().sign(sk, id, Hex.decode(e.get("auxRand").asText())))).isEqualTo(ev.get("sig").asText());
    }

    @ParameterizedTest(name = "NIP-44 conversation key {2}")
    @MethodSource("conversationKeys")
    public void ecdhGivesNip44sConversationKeys(String sec1, String pub2, String conversationKey) {
        byte[] shared = provider().ecdh(Hex.decode(sec1), Hex.decode(pub2));
        assertThat(shared).hasSize(32);
        assertThat(Hex.encode(Nip44.conversationKey(shared))).isEqualTo(conversationKey);
    }

    @ParameterizedTest(name = "NIP-44 pair with conversation key {2}")
    @MethodSource("keyPairs")
    public void ecdhIsTheSameFromBothSides(String sec1, String sec2, String conversationKey) {
        byte[] a = Hex.decode(sec1);
        byte[] b = Hex.decode(sec2);
        byte[] ab = provider().ecdh(a, provider().publicKey(b));
        byte[] ba = provider().ecdh(b, provider().publicKey(a));
        assertThat(ab).isEqualTo(ba);
        assertThat(Hex.encode(Nip44.conversationKey(ab))).isEqualTo(conversationKey);
    }

    @ParameterizedTest(name = "refused: {0}")
    @MethodSource("invalidConversationKeys")
    public void ecdhRefusesInvalidKeysOfNip44sVectors(String note, String sec1, String pub2) {
        assertThatThrownBy(() -> provider().ecdh(Hex.decode(sec1), Hex.decode(pub2)))
            .isInstanceOf(IllegalArgumentException.class);
    }

    // ------------------------------------------------------------------ behaviour

    @Test
    public void freshKeysSignAndVerify() {
        byte[] sk = provider().generateSecretKey();
        byte[] pk = provider().publicKey(sk);
        byte[] msg = new byte[32];
        new Random(1).nextBytes(msg);
        byte[] sig = provider().sign(sk, msg);
        assertThat(sig).hasSize(64);
        assertThat(provider().verify(pk, msg, sig)).isTrue();
        msg[0] ^= 1;
        assertThat(provider().verify(pk, msg, sig)).isFalse();
    }

    @Test
    public void signaturesUseFreshAuxiliaryRandomness() {
        byte[] sk = provider().generateSecretKey();
        byte[] msg = new byte[32];
        assertThat(provider().sign(sk, msg)).isNotEqualTo(provider().sign(sk, msg));
    }

    @Test
    public void generatedSecretKeysDifferAndAreValid() {
        byte[] a = provider().generateSecretKey();
        assertThat(a).hasSize(32).isNotEqualTo(provider().generateSecretKey());
        assertThat(provider().publicKey(a)).hasSize(32);
    }

    @Test
    public void secretKeysOutsideOneToNMinusOneAreRejected() {
        assertThatThrownBy(() -> provider().publicKey(new byte[32]))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 1 and n-1").hasMessageContaining("zero");
        assertThatThrownBy(() -> provider().publicKey(Hex.decode(N_HEX)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not below n");
        assertThatThrownBy(() -> provider().publicKey(new byte[31]))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be 32 bytes; got 31 bytes");
        assertThatThrownBy(() -> provider().sign(new byte[32], new byte[32])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> provider().ecdh(new byte[32], provider().publicKey(provider().generateSecretKey())))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 1 and n-1");
        byte[] nMinusOne = Hex.decode(N_HEX);
        nMinusOne[31]--;
        assertThat(provider().publicKey(nMinusOne)).hasSize(32);
    }

    @Test
    public void signRejectsWrongMessageOrAuxLengths() {
        byte[] sk = provider().generateSecretKey();
        assertThatThrownBy(() -> provider().sign(sk, new byte[31])).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("message must be 32 bytes; got 31 bytes");
        assertThatThrownBy(() -> provider().sign(sk, new byte[32], new byte[33])).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("auxiliary randomness must be 32 bytes");
    }

    @Test
    public void ecdhRejectsPublicKeysOfTheWrongLengthOrOffTheCurve() {
        byte[] sk = provider().generateSecretKey();
        assertThatThrownBy(() -> provider().ecdh(sk, new byte[33])).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("32 bytes; got 33 bytes");
        assertThatThrownBy(() -> provider().ecdh(sk, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> provider().ecdh(sk, Hex.decode("ff".repeat(32)))).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("not the x coordinate of a secp256k1 point");
    }

    @Test
    public void verifyReturnsFalseAndNeverThrowsOnGarbage() {
        byte[] sk = provider().generateSecretKey();
        byte[] pk = provider().publicKey(sk);
        byte[] msg = new byte[32];
        byte[] sig = provider().sign(sk, msg);
        assertThat(provider().verify(null, msg, sig)).isFalse();
        assertThat(provider().verify(pk, null, sig)).isFalse();
        assertThat(provider().verify(pk, msg, null)).isFalse();
        assertThat(provider().verify(new byte[31], msg, sig)).isFalse();
        assertThat(provider().verify(pk, new byte[33], sig)).isFalse();
        assertThat(provider().verify(pk, msg, new byte[63])).isFalse();
        assertThat(provider().verify(new byte[32], msg, sig)).isFalse();
        assertThat(provider().verify(Hex.decode("ff".repeat(32)), msg, sig)).isFalse();
        assertThat(provider().verify(pk, msg, Hex.decode("ff".repeat(64)))).isFalse();
        assertThat(provider().verify(pk, msg, new byte[64])).isFalse();
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            byte[] p = new byte[32];
            byte[] m = new byte[32];
            byte[] s = new byte[64];
            random.nextBytes(p);
            random.nextBytes(m);
            random.nextBytes(s);
            if (i % 2 == 0) System.arraycopy(sig, 0, s, 0, 32); // a valid R with a garbage s
            assertThat(provider().verify(i % 3 == 0 ? pk : p, m, s)).isFalse();
        }
    }

    @Test
    public void concurrentSigningVerifyingAndEcdhFromManyThreadsIsCorrect() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        byte[] peer = provider().generateSecretKey();
        byte[] peerPk = provider().publicKey(peer);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    byte[] sk = provider().generateSecretKey();
                    byte[] pk = provider().publicKey(sk);
                    byte[] shared = provider().ecdh(peer, pk);
                    Random random = new Random();
                    for (int i = 0; i < 25; i++) {
                        byte[] msg = new byte[32];
                        random.nextBytes(msg);
                        byte[] sig = provider().sign(sk, msg);
                        if (!provider().verify(pk, msg, sig)) return false;
                        msg[31] ^= (byte) 0x80;
                        if (provider().verify(pk, msg, sig)) return false;
                        if (!java.util.Arrays.equals(provider().ecdh(sk, peerPk), shared)) return false;
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : results) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ------------------------------------------------------------------ fixtures

    private static InputStream resource(String name) {
        InputStream in = Secp256k1Contract.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("test resource " + name + " is missing (it ships in peerset-core's test-jar)");
        }
        return in;
    }

    private static JsonNode json(String name) throws IOException {
        try (InputStream in = resource(name)) {
            return MAPPER.readTree(in);
        }
    }

    private static JsonNode nip44() throws IOException {
        return json("/nip44/nip44.vectors.json").get("v2");
    }
}
