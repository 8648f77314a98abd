package io.peerset.api;

import io.peerset.api.spi.EncryptingCodec;
import io.peerset.api.spi.PayloadCodec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Any payload in a record: bytes in, content out, chosen by the record's
 * {@code ["m", mime]} tag through the {@link PayloadCodec}s on the classpath
 * (peerset-core provides {@code text}, {@code json}, {@code base64} and the
 * NIP-44 v2 {@code nip44} encryption).
 *
 * <pre>{@code
 * SignedRecord r = identity.sign(Payloads.draft(pngBytes, "image/png"));
 * byte[] back = Payloads.decode(r);
 *
 * // readable only by Bob (and the author), even in a public room
 * room.put(Payloads.encrypted(node.identity(), "for Bob".getBytes(UTF_8), "text/plain", List.of(bobNpub)));
 * byte[] plain = Payloads.decode(record, bobsIdentity);   // NotARecipientException for anyone else
 * }</pre>
 */
public final class Payloads {
    /** Name of the encrypting codec {@link #encrypted} uses. */
    public static final String NIP44 = "nip44";

    private Payloads() {}

    /**
     * The codec with this short name.
     *
     * @param name the codec's name, e.g. {@code json}
     * @return the codec
     * @throws IllegalArgumentException listing the names available
     */
    public static PayloadCodec codec(String name) {
        Objects.requireNonNull(name, "codec name");
        List<String> names = new ArrayList<>();
        for (PayloadCodec c : ServiceLoader.load(PayloadCodec.class, Payloads.class.getClassLoader())) {
            if (c.name().equals(name)) {
                return c;
            }
            names.add(c.name());
        }
        throw new IllegalArgumentException("no payload codec named '" + name + "'; available: " + names);
    }

    /**
     * The first codec that supports this MIME type (specific codecs before the base64 catch-all).
     *
     * @param mimeType the MIME type
     * @return the codec
     * @throws IllegalArgumentException if none does (add a module with a {@link PayloadCodec} for it)
     */
    public static PayloadCodec forMime(String mimeType) {
        Objects.requireNonNull(mimeType, "MIME type");
        PayloadCodec fallback = null;
        for (PayloadCodec c : ServiceLoader.load(PayloadCodec.class, Payloads.class.getClassLoader())) {
            if (c.supports(mimeType)) {
                if (!c.name().equals("base64")) {
                    return c;
                }
                fallback = c;
            }
        }
        if (fallback != null) {
            return fallback;
        }
        throw new IllegalArgumentException("no payload codec supports '" + mimeType
            + "'; add peerset-core (text, json, base64) or a module with a PayloadCodec for it");
    }

    /**
     * A draft carrying this payload: content encoded by the MIME type's codec, and an {@code m} tag.
     *
     * @param payload the payload bytes
     * @param mimeType the payload's MIME type
     * @return a new draft
     */
    public static Draft draft(byte[] payload, String mimeType) {
        return Draft.text(forMime(mimeType).encode(payload, mimeType)).mime(mimeType);
    }

    /**
     * A draft whose payload only the recipients and the author can read (NIP-44 v2; the
     * format is in the protocol document). Sign it with {@code author} (put it in the
     * room of the node whose identity it is): recipients derive their key from the
     * record's author. Tags added to the draft afterwards stay public.
     *
     * @param author the identity that will sign the record
     * @param payload the payload bytes
     * @param mimeType the payload's MIME type, kept inside the encryption
     * @param recipients public keys as 64 hex characters or {@code npub1…}; the author is added
     * @return a new draft with the encrypted content
     * @throws IllegalArgumentException if a key is malformed, there are too many recipients or
     *     the payload does not fit in a record (put large payloads in a blob)
     */
    public static Draft encrypted(Identity author, byte[] payload, String mimeType, Collection<String> recipients) {
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(mimeType, "MIME type");
        Objects.requireNonNull(recipients, "recipients");
        Set<String> hex = new LinkedHashSet<>();
        for (String r : recipients) {
            hex.add(Identity.publicKeyHexOf(r));
        }
        return encryptingCodec().encrypt(author, payload, mimeType, hex);
    }

    /**
     * The payload of a record, decoded by its {@code m} tag's codec ({@code text/plain} when it has none).
     *
     * @param record the record
     * @return the payload bytes
     * @throws IllegalArgumentException if the content is not valid for its type, or it is
     *     encrypted (then use {@link #decode(SignedRecord, Identity)})
     */
    public static byte[] decode(SignedRecord record) {
        return decode(record, null);
    }

    /**
     * The payload of a record, decrypted with {@code reader}'s key when it is encrypted.
     *
     * @param record the record
     * @param reader the identity reading (usually the node's), or {@code null} for none
     * @return the payload bytes
     * @throws NotARecipientException if the record is encrypted and {@code reader} is not a recipient
     * @throws IllegalArgumentException if the content is not valid for its type
     */
    public static byte[] decode(SignedRecord record, Identity reader) {
        return read(record, reader).bytes();
    }

    /**
     * The payload of a record with its MIME type (for an encrypted record, the type inside
     * the encryption), decrypted with {@code reader}'s key when it is encrypted.
     *
     * @param record the record
     * @param reader the identity reading (usually the node's), or {@code null} for none
     * @return the payload bytes and MIME type
     * @throws NotARecipientException if the record is encrypted and {@code reader} is not a recipient
     * @throws IllegalArgumentException if the content is not valid for its type
     */
    public static Payload read(SignedRecord record, Identity reader) {
        Objects.requireNonNull(record, "record");
        String mime = record.tag("m").orElse("text/plain");
        return forMime(mime).read(record, mime, reader);
    }

    /**
     * Tells whether the record's payload is encrypted (its {@code m} tag names an {@link EncryptingCodec}).
     *
     * @param record the record
     * @return true if the payload is encrypted
     */
    public static boolean isEncrypted(SignedRecord record) {
        return record.tag("m").map(m -> {
            try {
                return forMime(m) instanceof EncryptingCodec;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }).orElse(false);
    }

    /**
     * The public keys (lowercase hex) an encrypted record is addressed to, the author's included; empty if it is not encrypted.
     *
     * @param record the record
     * @return the recipients' public keys
     */
    public static List<String> recipients(SignedRecord record) {
        if (!isEncrypted(record)) {
            return List.of();
        }
        return ((EncryptingCodec) forMime(record.tag("m").orElseThrow())).recipients(record);
    }

    private static EncryptingCodec encryptingCodec() {
        PayloadCodec c = codec(NIP44);
        if (!(c instanceof EncryptingCodec)) {
            throw new IllegalStateException("the payload codec named '" + NIP44 + "' (" + c.getClass().getName()
                + ") does not encrypt; remove it from the classpath so peerset-core's can be used");
        }
        return (EncryptingCodec) c;
    }
}
