package io.peerset.core.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerset.api.spi.PayloadCodec;
import java.nio.charset.StandardCharsets;

/** {@code application/json} and {@code *+json}: the content is the JSON text, checked to be well-formed. */
public final class JsonCodec implements PayloadCodec {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override public String name() { return "json"; }

    @Override public boolean supports(String mimeType) {
        String m = mimeType.toLowerCase(java.util.Locale.ROOT);
        return m.equals("application/json") || m.endsWith("+json");
    }

    @Override public String encode(byte[] payload, String mimeType) {
        String text = new String(payload, StandardCharsets.UTF_8);
        check(text, mimeType);
        return text;
    }

    @Override public byte[] decode(String content, String mimeType) {
        check(content, mimeType);
        return content.getBytes(StandardCharsets.UTF_8);
    }

    private static void check(String text, String mimeType) {
        try {
            JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(mimeType + " payload is not well-formed JSON: " + e.getOriginalMessage(), e);
        }
    }
}
