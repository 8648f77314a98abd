package io.peerset.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerset.api.Identity;
import io.peerset.api.Payloads;
import io.peerset.api.SignedRecord;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PayloadsTest {
    private final Identity id = Identity.generate();

    @Test
    void codecsAreFoundByShortNameThroughServiceLoader() {
        assertThat(Payloads.codec("text")).isInstanceOf(TextCodec.class);
        assertThat(Payloads.codec("json")).isInstanceOf(JsonCodec.class);
        assertThat(Payloads.codec("base64")).isInstanceOf(Base64Codec.class);
        assertThat(Payloads.codec("nip44")).isInstanceOf(Nip44Codec.class);
        assertThatThrownBy(() -> Payloads.codec("nope")).hasMessageContaining("available").hasMessageContaining("base64");
    }

    @Test
    void aCustomCodecRegisteredInMetaInfServicesIsFoundByNameAndPreferredToTheBase64CatchAll() {
        assertThat(Payloads.codec("hex-test")).isInstanceOf(HexTestCodec.class);
        assertThat(Payloads.forMime(HexTestCodec.MIME)).isInstanceOf(HexTestCodec.class);
        SignedRecord r = id.sign(Payloads.draft(new byte[] {1, 2, (byte) 0xab}, HexTestCodec.MIME));
        assertThat(r.content()).isEqualTo("0102ab");
        assertThatThrownBy(() -> Payloads.decode(id.sign(io.peerset.api.Draft.text("0102AB").mime(HexTestCodec.MIME))))
            .hasMessageContaining("lowercase hex");
    }

    @Test
    void binaryPayloadRoundTripsThroughASignedRecordWithItsMimeTag() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, (byte) 0xff};
        SignedRecord r = id.sign(Payloads.draft(png, "image/png")).verify();
        assertThat(r.tag("m")).contains("image/png");
        assertThat(Payloads.decode(SignedRecord.fromJson(r.toJson()))).isEqualTo(png);
    }

    @Test
    void jsonAndTextKeepTheirContentReadableAndRefuseGarbage() {
        SignedRecord j = id.sign(Payloads.draft("{\"a\":1}".getBytes(StandardCharsets.UTF_8), "application/json"));
        assertThat(j.content()).isEqualTo("{\"a\":1}");
        assertThatThrownBy(() -> Payloads.draft("{\"a\":".getBytes(StandardCharsets.UTF_8), "application/json"))
            .hasMessageContaining("not well-formed JSON");
        assertThatThrownBy(() -> Payloads.draft(new byte[] {(byte) 0xc3, 0x28}, "text/plain"))
            .hasMessageContaining("not valid UTF-8");
        SignedRecord t = id.sign(Payloads.draft("héllo".getBytes(StandardCharsets.UTF_8), "text/plain"));
        assertThat(new String(Payloads.decode(t), StandardCharsets.UTF_8)).isEqualTo("héllo");
    }

    @Test
    void recordWithoutMimeTagIsText() {
        SignedRecord r = id.sign(io.peerset.api.Draft.text("plain"));
        assertThat(Payloads.decode(r)).isEqualTo("plain".getBytes(StandardCharsets.UTF_8));
    }
}
