package io.peerset.core.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.Identity;
import io.peerset.api.Payload;
import io.peerset.api.Payloads;
import io.peerset.api.SignedRecord;
import io.peerset.api.spi.PayloadCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every codec on the classpath, built-in (text, JSON, base64, NIP-44) and custom (found through
 * ServiceLoader from the test resources), round-trips its payloads through a signed record's JSON.
 */
class PayloadCodecRoundTripTest {
    private static final Identity AUTHOR = Identity.generate();
    private static final Identity READER = Identity.generate();

    static Stream<Arguments> payloads() {
        byte[] binary = new byte[4096];
        new Random(42).nextBytes(binary);
        return Stream.of(
            Arguments.of("text", "text/plain", utf8("héllo wörld — 日本語 🎉\n\t\"quoted\" \\ \u0001")),
            Arguments.of("text", "text/markdown", utf8("# title\n\n*emphasis*")),
            Arguments.of("text", "TEXT/CSV", utf8("a,b\n1,2\n")),
            Arguments.of("json", "application/json", utf8("{\"a\":[1,2.5,\"x\",null,true],\"b\":{\"c\":\"é\"}}")),
            Arguments.of("json", "application/ld+json", utf8("[]")),
            Arguments.of("base64", "image/png", binary),
            Arguments.of("base64", "application/octet-stream", new byte[0]),
            Arguments.of("base64", "audio/ogg", new byte[] {0, (byte) 0xff, 0x7f, (byte) 0x80}),
            Arguments.of("hex-test", HexTestCodec.MIME, new byte[] {(byte) 0xca, (byte) 0xfe, 0, 1}));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("payloads")
    void payloadRoundTripsThroughASignedRecordWithItsCodec(String codec, String mime, byte[] payload) {
        assertThat(Payloads.forMime(mime).name()).isEqualTo(codec);
        SignedRecord r = AUTHOR.sign(Payloads.draft(payload, mime)).verify();
        SignedRecord back = SignedRecord.fromJson(r.toJson()).verify();
        assertThat(back.tag("m")).contains(mime);
        assertThat(Payloads.decode(back)).isEqualTo(payload);
        assertThat(Payloads.read(back, null)).isEqualTo(Payload.of(payload, mime));
        assertThat(Payloads.isEncrypted(back)).isFalse();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("payloads")
    void codecEncodeThenDecodeIsTheIdentity(String codec, String mime, byte[] payload) {
        PayloadCodec c = Payloads.codec(codec);
        assertThat(c.decode(c.encode(payload, mime), mime)).isEqualTo(payload);
    }

    @ParameterizedTest(name = "nip44 around {0}: {1}")
    @MethodSource("payloads")
    void everyPayloadRoundTripsEncryptedWithItsMimeTypeHidden(String codec, String mime, byte[] payload) {
        if (payload.length == 0) {
            payload = new byte[] {1}; // the empty payload is covered unencrypted; any payload works encrypted
        }
        SignedRecord r = AUTHOR.sign(Payloads.encrypted(AUTHOR, payload, mime, List.of(READER.npub()))).verify();
        SignedRecord back = SignedRecord.fromJson(r.toJson()).verify();
        assertThat(Payloads.forMime(back.tag("m").orElseThrow()).name()).isEqualTo("nip44");
        assertThat(back.toJson()).doesNotContain(mime);
        assertThat(Payloads.read(back, READER)).isEqualTo(Payload.of(payload, mime));
        assertThat(Payloads.decode(back, AUTHOR)).isEqualTo(payload);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
