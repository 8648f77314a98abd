package io.peerset.api.spi;

import io.peerset.api.Identity;
import io.peerset.api.NotARecipientException;
import io.peerset.api.Payload;
import io.peerset.api.SignedRecord;

/**
 * Turns a payload into record content and back, chosen by the record's
 * {@code ["m", mime]} tag; found by ServiceLoader. peerset-core provides
 * {@code text/*}, {@code application/json}, a base64 codec for any binary type and
 * an {@link EncryptingCodec} (NIP-44 v2) for content only its recipients can read.
 */
public interface PayloadCodec {
    /** {@return the short name, e.g. {@code "base64"}} */
    String name();

    /**
     * Tells whether this codec handles the MIME type.
     *
     * @param mimeType the MIME type
     * @return true if it does
     */
    boolean supports(String mimeType);

    /**
     * Payload bytes → content string.
     *
     * @param payload the payload bytes
     * @param mimeType the payload's MIME type
     * @return the record content
     * @throws IllegalArgumentException if the payload is not valid for the type
     */
    String encode(byte[] payload, String mimeType);

    /**
     * Content string → payload bytes.
     *
     * @param content the record content
     * @param mimeType the payload's MIME type
     * @return the payload bytes
     * @throws IllegalArgumentException if the content is not valid for the type
     */
    byte[] decode(String content, String mimeType);

    /**
     * The payload of a whole record. Codecs whose content is not self-contained override
     * this (encrypted content needs the record's author and tags and the reader's key);
     * the default decodes the content alone and keeps the record's MIME type.
     *
     * @param record the record
     * @param mimeType the record's {@code m} tag ({@code text/plain} when it has none)
     * @param reader the identity reading the record, or {@code null} when the caller gave none
     * @return the payload bytes and MIME type
     * @throws IllegalArgumentException if the content is not valid for the type
     * @throws NotARecipientException if the content is encrypted and the reader is not one of its recipients
     */
    default Payload read(SignedRecord record, String mimeType, Identity reader) {
        return Payload.of(decode(record.content(), mimeType), mimeType);
    }
}
