package io.peerset.core.codec;

import io.peerset.api.spi.PayloadCodec;
import java.util.Base64;

/** Any binary type (blob, audio, video…): the content is standard padded base64. */
public final class Base64Codec implements PayloadCodec {
    @Override public String name() { return "base64"; }

    @Override public boolean supports(String mimeType) {
        return mimeType.indexOf('/') > 0;
    }

    @Override public String encode(byte[] payload, String mimeType) {
        return Base64.getEncoder().encodeToString(payload);
    }

    @Override public byte[] decode(String content, String mimeType) {
        try {
            return Base64.getDecoder().decode(content);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(mimeType + " content is not standard base64: " + e.getMessage(), e);
        }
    }
}
