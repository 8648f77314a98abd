package io.peerset.api.spi;

import io.peerset.api.Draft;
import io.peerset.api.Identity;
import io.peerset.api.SignedRecord;
import java.util.Collection;
import java.util.List;

/**
 * A {@link PayloadCodec} whose content only the record's recipients can read, so a
 * record can travel through a public room. peerset-core provides NIP-44 v2 under the
 * name {@code "nip44"} (the format is in the protocol document); use it through
 * {@link io.peerset.api.Payloads#encrypted} and {@link io.peerset.api.Payloads#decode(SignedRecord, Identity)}.
 *
 * <p>Encrypted content cannot be made or read from a content string alone, so
 * {@link #encode(byte[], String)} and {@link #decode(String, String)} refuse with an
 * error that names the record-level methods.
 */
public interface EncryptingCodec extends PayloadCodec {
    /**
     * A draft whose content is the payload (with its MIME type) encrypted to each recipient
     * and to the author, with the tags the codec needs (its own {@code m} tag included).
     * The draft must be signed by {@code author}: recipients derive their keys from the
     * record's {@code pubkey}.
     *
     * @param author the identity that will sign the record
     * @param payload the payload bytes
     * @param mimeType the payload's MIME type, kept inside the encryption
     * @param recipients x-only public keys, lowercase hex; duplicates are ignored
     * @return a new draft with the encrypted content
     * @throws IllegalArgumentException if a recipient key is malformed, there are too many,
     *     or the payload does not fit in a record (put large payloads in a blob)
     */
    Draft encrypt(Identity author, byte[] payload, String mimeType, Collection<String> recipients);

    /**
     * The recipients' public keys (lowercase hex) of a record this codec encrypted; empty if the record is not its.
     *
     * @param record the record
     * @return the recipients' public keys
     */
    List<String> recipients(SignedRecord record);
}
