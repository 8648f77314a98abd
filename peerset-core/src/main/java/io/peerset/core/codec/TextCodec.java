package io.peerset.core.codec;

import io.peerset.api.spi.PayloadCodec;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** {@code text/*}: the content is the text itself (UTF-8; malformed bytes are refused). */
public final class TextCodec implements PayloadCodec {
    @Override public String name() { return "text"; }

    @Override public boolean supports(String mimeType) {
        return mimeType.regionMatches(true, 0, "text/", 0, 5);
    }

    @Override public String encode(byte[] payload, String mimeType) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(payload)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(mimeType + " payload is not valid UTF-8; use a binary MIME type (base64 codec)", e);
        }
    }

    @Override public byte[] decode(String content, String mimeType) {
        return content.getBytes(StandardCharsets.UTF_8);
    }
}
