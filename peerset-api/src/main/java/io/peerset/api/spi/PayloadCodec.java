package io.peerset.api.spi;

/**
 * Turns a payload into record content and back, chosen by the record's
 * {@code ["m", mime]} tag; found by ServiceLoader. peerset-core provides
 * {@code text/*}, {@code application/json} and a base64 codec for any binary type.
 */
public interface PayloadCodec {
    /** Short name, e.g. {@code "base64"}. */
    String name();

    /** True if this codec handles the MIME type. */
    boolean supports(String mimeType);

    /** Payload bytes → content string. @throws IllegalArgumentException if the payload is not valid for the type */
    String encode(byte[] payload, String mimeType);

    /** Content string → payload bytes. @throws IllegalArgumentException if the content is not valid for the type */
    byte[] decode(String content, String mimeType);
}
