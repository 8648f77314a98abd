package io.peerset.core.codec;

import io.peerset.api.Hex;
import io.peerset.api.spi.PayloadCodec;

/**
 * A custom codec, registered in the test resources' {@code META-INF/services}: it must be found
 * through ServiceLoader exactly like the built-in ones. Content is lowercase hex.
 */
public final class HexTestCodec implements PayloadCodec {
    /** The one MIME type it handles. */
    public static final String MIME = "application/x-peerset-test-hex";

    @Override public String name() { return "hex-test"; }

    @Override public boolean supports(String mimeType) { return mimeType.equalsIgnoreCase(MIME); }

    @Override public String encode(byte[] payload, String mimeType) { return Hex.encode(payload); }

    @Override public byte[] decode(String content, String mimeType) {
        if (!content.equals(content.toLowerCase(java.util.Locale.ROOT))) {
            throw new IllegalArgumentException(mimeType + " content must be lowercase hex");
        }
        return Hex.decode(content);
    }
}
