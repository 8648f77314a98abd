package io.peerset.core.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerset.api.Draft;
import io.peerset.api.Identity;
import io.peerset.api.Payload;
import io.peerset.api.Payloads;
import io.peerset.api.SignedRecord;
import io.peerset.api.spi.EncryptingCodec;
import io.peerset.api.spi.PayloadCodec;
import io.peerset.core.crypto.Nip44;
import io.peerset.core.crypto.SealedKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Content encrypted with NIP-44 v2 to one or more recipients (format in the protocol
 * document, section "Encrypted records"): a random content key K; the content is
 * {@code nip44_v2_encrypt(json, K)} with K as the conversation key, where json is
 * {@code {"m": <inner MIME>, "c": <inner content>}} (the inner content written by the
 * inner MIME type's codec); K is sealed to every recipient in {@code ek} tags
 * ({@link SealedKeys}); the record's {@code m} tag is {@value #MIME}.
 */
public final class Nip44Codec implements EncryptingCodec {
    /** The {@code m} tag of an encrypted record. */
    public static final String MIME = "application/vnd.peerset.nip44";
    /** Bytes of record JSON left for what is not content or sealed keys (ids, signature, other tags). */
    private static final int RECORD_OVERHEAD = 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override public String name() { return Payloads.NIP44; }

    @Override public boolean supports(String mimeType) {
        return mimeType.toLowerCase(Locale.ROOT).equals(MIME);
    }

    @Override public String encode(byte[] payload, String mimeType) {
        throw new IllegalArgumentException("encrypted content needs its author's key and its recipients:"
            + " use Payloads.encrypted(author, payload, mimeType, recipients)");
    }

    @Override public byte[] decode(String content, String mimeType) {
        throw new IllegalArgumentException("encrypted content is read from its whole record with a recipient's key:"
            + " use Payloads.decode(record, identity)");
    }

    @Override
    public Draft encrypt(Identity author, byte[] payload, String mimeType, Collection<String> recipients) {
        PayloadCodec inner = Payloads.forMime(mimeType);
        if (inner instanceof EncryptingCodec) {
            throw new IllegalArgumentException("the payload's MIME type must be the type of what is encrypted;"
                + " got '" + mimeType + "', which is itself encrypted");
        }
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("m", mimeType);
        envelope.put("c", inner.encode(payload, mimeType));
        byte[] plaintext;
        try {
            plaintext = JSON.writeValueAsBytes(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the encrypted payload's envelope", e);
        }
        if (plaintext.length > Nip44.MAX_PLAINTEXT) {
            throw new IllegalArgumentException("an encrypted record holds at most " + Nip44.MAX_PLAINTEXT
                + " bytes once encoded (NIP-44's limit); this payload is " + plaintext.length
                + " (put large payloads in a blob)");
        }
        List<String> audience = new ArrayList<>(recipients.size() + 1);
        audience.add(author.publicKeyHex());
        audience.addAll(recipients);
        byte[] key = SealedKeys.newKey();
        String content;
        List<List<String>> sealed;
        try {
            content = Nip44.encrypt(plaintext, key);
            sealed = SealedKeys.seal(author, key, audience);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        long size = content.length() + RECORD_OVERHEAD;
        for (List<String> t : sealed) {
            size += 8 + t.get(1).length() + t.get(2).length();
        }
        if (size > SignedRecord.MAX_JSON_BYTES) {
            throw new IllegalArgumentException("the encrypted record would be about " + size + " bytes of JSON, over the "
                + SignedRecord.MAX_JSON_BYTES + "-byte limit of a record: send a smaller payload, to fewer recipients,"
                + " or put the payload in a blob");
        }
        Draft draft = Draft.text(content).mime(MIME);
        for (List<String> t : sealed) {
            draft = draft.tag(t.get(0), t.get(1), t.get(2));
        }
        return draft;
    }

    @Override
    public List<String> recipients(SignedRecord record) {
        if (!record.tag("m").map(this::supports).orElse(false)) {
            return List.of();
        }
        return SealedKeys.recipients(record.tags());
    }

    @Override
    public Payload read(SignedRecord record, String mimeType, Identity reader) {
        if (reader == null) {
            int n = SealedKeys.recipients(record.tags()).size();
            throw new IllegalArgumentException("record " + record.id() + " is encrypted (NIP-44) to " + n + " recipient"
                + (n == 1 ? "" : "s") + ": read it with Payloads.decode(record, identity) using one of their identities");
        }
        byte[] key = SealedKeys.open(reader, record.pubkey(), record.tags());
        byte[] plaintext;
        try {
            plaintext = Nip44.decrypt(record.content(), key);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the content of encrypted record " + record.id() + " does not decrypt with"
                + " its sealed key (" + e.getMessage() + ")", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        JsonNode envelope;
        try {
            envelope = JSON.readTree(plaintext);
        } catch (IOException e) {
            throw new IllegalArgumentException("the decrypted content of record " + record.id()
                + " must be a JSON object {\"m\": mime, \"c\": content}; it is not JSON", e);
        }
        if (envelope == null || !envelope.isObject() || !envelope.path("m").isTextual() || !envelope.path("c").isTextual()) {
            throw new IllegalArgumentException("the decrypted content of record " + record.id()
                + " must be a JSON object {\"m\": mime, \"c\": content} with two strings; it is "
                + new String(plaintext, 0, Math.min(plaintext.length, 40), StandardCharsets.UTF_8) + "…");
        }
        String innerMime = envelope.get("m").asText();
        PayloadCodec inner = Payloads.forMime(innerMime);
        if (inner instanceof EncryptingCodec) {
            throw new IllegalArgumentException("record " + record.id() + " nests encrypted content ('" + innerMime
                + "'); peerset reads one level of encryption");
        }
        return Payload.of(inner.decode(envelope.get("c").asText(), innerMime), innerMime);
    }
}
