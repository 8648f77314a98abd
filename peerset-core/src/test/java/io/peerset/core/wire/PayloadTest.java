package io.peerset.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PayloadTest {
    @Test
    void textAcceptsExactlyWhatAStrictUtf8DecoderAccepts() {
        Random rnd = new Random(3);
        String[] fragments = {"a", "é", "—", "\uFFFD", "😀", "\"", "\u0000"};
        for (int n = 0; n < 20_000; n++) {
            byte[] bytes;
            if (rnd.nextBoolean()) {
                bytes = new byte[rnd.nextInt(12)];
                rnd.nextBytes(bytes);
            } else {
                StringBuilder sb = new StringBuilder();
                for (int i = rnd.nextInt(8); i > 0; i--) {
                    sb.append(fragments[rnd.nextInt(fragments.length)]);
                }
                bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
                if (bytes.length > 0 && rnd.nextInt(3) == 0) {
                    bytes[rnd.nextInt(bytes.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
            }
            Payload p = Payload.of(PayloadKind.STRING, bytes);
            String strict = strict(bytes);
            if (strict == null) {
                assertThatThrownBy(p::text).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not valid UTF-8");
            } else {
                assertThat(p.text()).isEqualTo(strict);
            }
        }
    }

    @Test
    void surrogatesEncodedInUtf8AndOverlongFormsAreRefused() {
        for (byte[] bad : new byte[][] {{(byte) 0xed, (byte) 0xa0, (byte) 0x80}, {(byte) 0xc0, (byte) 0xaf},
            {(byte) 0xe0, (byte) 0x80, (byte) 0xaf}, {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xff}}) {
            assertThatThrownBy(() -> Payload.of(PayloadKind.STRING, bad).text()).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(Payload.ofString("ok \uFFFD").text()).isEqualTo("ok \uFFFD");
    }

    private static String strict(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
