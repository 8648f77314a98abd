package io.peerset.core.crypto;

import io.peerset.api.Hex;
import io.peerset.api.Identity;
import io.peerset.api.NotARecipientException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A symmetric key sealed to recipients' public keys, carried in a record's tags:
 * one {@code ["ek", <recipient pubkey hex>, <NIP-44 v2 payload>]} tag per recipient,
 * the payload being the key as 64 lowercase hex characters encrypted with the
 * conversation key between the record's author and that recipient. Anyone with
 * nostr-tools can open it: {@code nip44.v2.decrypt(tag[2], getConversationKey(sk, event.pubkey))}.
 *
 * <p>This is the one way peerset encrypts to npubs: encrypted records ({@code nip44}
 * codec) and encrypted blobs seal their content key with it. Recipients are visible
 * (their keys are in the tags); the content is not. Thread-safe, stateless.
 */
public final class SealedKeys {
    /** Tag name of a sealed key. */
    public static final String TAG = "ek";
    /** Length of the symmetric keys sealed here. */
    public static final int KEY_BYTES = 32;
    /**
     * Most recipients of one record: each sealed key costs about 250 bytes of tags, and a
     * record has at most 256 tags and 64 KiB of JSON.
     */
    public static final int MAX_RECIPIENTS = 200;
    private static final SecureRandom RANDOM = new SecureRandom();

    private SealedKeys() {}

    /** A fresh random 32-byte symmetric key. */
    public static byte[] newKey() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return key;
    }

    /**
     * The {@code ek} tags sealing {@code key} from {@code author} to each recipient, in order,
     * duplicates dropped. Include the author's own key among the recipients if the author
     * must be able to read the record back.
     *
     * @param recipients x-only public keys as 64 hex characters or {@code npub1…}
     * @throws IllegalArgumentException if the key is not 32 bytes, a recipient key is malformed or
     *     not on the curve, or there are none or more than {@value #MAX_RECIPIENTS}
     */
    public static List<List<String>> seal(Identity author, byte[] key, Collection<String> recipients) {
        if (key == null || key.length != KEY_BYTES) {
            throw new IllegalArgumentException("a sealed key must be " + KEY_BYTES + " bytes; got "
                + (key == null ? "null" : key.length + " bytes"));
        }
        Set<String> unique = new LinkedHashSet<>();
        for (String r : recipients) {
            unique.add(publicKeyHex(r));
        }
        if (unique.isEmpty() || unique.size() > MAX_RECIPIENTS) {
            throw new IllegalArgumentException("a key must be sealed to 1 to " + MAX_RECIPIENTS + " recipients; got "
                + unique.size() + (unique.isEmpty() ? "" : " (split the audience, or share a group key)"));
        }
        byte[] plaintext = Hex.encode(key).getBytes(StandardCharsets.US_ASCII);
        List<List<String>> tags = new ArrayList<>(unique.size());
        for (String r : unique) {
            byte[] conversation = Nip44.conversationKey(author, r);
            tags.add(List.of(TAG, r, Nip44.encrypt(plaintext, conversation)));
            Arrays.fill(conversation, (byte) 0);
        }
        return tags;
    }

    /** The recipients (lowercase hex, in tag order) of the {@code ek} tags among these tags. */
    public static List<String> recipients(List<List<String>> tags) {
        List<String> out = new ArrayList<>();
        for (List<String> t : tags) {
            if (t.size() >= 2 && t.get(0).equals(TAG)) {
                out.add(t.get(1));
            }
        }
        return out;
    }

    /**
     * Opens the key sealed to {@code reader} in tags written by {@code authorPubkeyHex}.
     *
     * @throws NotARecipientException if no {@code ek} tag names the reader
     * @throws IllegalArgumentException if the reader's tag is malformed, appears twice, or does not open
     *     (altered, or sealed by another key than the author's)
     */
    public static byte[] open(Identity reader, String authorPubkeyHex, List<List<String>> tags) {
        String me = reader.publicKeyHex();
        List<String> found = new ArrayList<>(1);
        for (List<String> t : tags) {
            if (t.size() >= 2 && t.get(0).equals(TAG) && t.get(1).equals(me)) {
                if (t.size() != 3) {
                    throw new IllegalArgumentException("the ek tag for " + me + " must be [\"ek\", pubkey, payload];"
                        + " it has " + t.size() + " elements");
                }
                found.add(t.get(2));
            }
        }
        if (found.isEmpty()) {
            List<String> all = recipients(tags);
            throw new NotARecipientException(me, all, "this record is encrypted to " + all.size() + " recipient"
                + (all.size() == 1 ? "" : "s") + " and " + reader.npub() + " is not one of them:"
                + " only its recipients can read it (ask the author to address it to this key)");
        }
        if (found.size() > 1) {
            throw new IllegalArgumentException("the record has " + found.size() + " ek tags for " + me
                + "; a well-formed record has one per recipient");
        }
        byte[] conversation = Nip44.conversationKey(reader, authorPubkeyHex);
        byte[] hex;
        try {
            hex = Nip44.decrypt(found.get(0), conversation);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the key sealed to " + me + " does not open (" + e.getMessage()
                + "): the record was altered, or sealed by another key than its author's " + authorPubkeyHex, e);
        } finally {
            Arrays.fill(conversation, (byte) 0);
        }
        String text = new String(hex, StandardCharsets.US_ASCII);
        if (text.length() != 2 * KEY_BYTES || !text.matches("[0-9a-f]+")) {
            throw new IllegalArgumentException("the key sealed to " + me + " must be " + 2 * KEY_BYTES
                + " lowercase hex characters; it opened to " + hex.length + " bytes of something else");
        }
        return Hex.decode(text);
    }

    private static String publicKeyHex(String key) {
        if (key != null && key.startsWith("npub1")) {
            return io.peerset.api.Nip19.decodeNpub(key);
        }
        if (key == null || key.length() != 64) {
            throw new IllegalArgumentException("a recipient must be 64 hex characters or npub1…; got "
                + (key == null ? "null" : key.length() + " characters"));
        }
        return Hex.encode(Hex.decode(key));
    }
}
