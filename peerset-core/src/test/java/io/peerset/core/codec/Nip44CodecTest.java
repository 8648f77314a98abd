package io.peerset.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerset.api.Draft;
import io.peerset.api.Identity;
import io.peerset.api.NotARecipientException;
import io.peerset.api.Payload;
import io.peerset.api.Payloads;
import io.peerset.api.SignedRecord;
import io.peerset.core.crypto.SealedKeys;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code nip44} encrypting codec: who can read, who cannot, and what it refuses. */
class Nip44CodecTest {
    private static final Identity ALICE = Identity.generate();
    private static final Identity BOB = Identity.generate();
    private static final Identity CAROL = Identity.generate();
    private static final Identity EVE = Identity.generate();
    private static final byte[] SECRET = "meet at noon".getBytes(StandardCharsets.UTF_8);

    private static SignedRecord toBobAndCarol() {
        return ALICE.sign(Payloads.encrypted(ALICE, SECRET, "text/plain", List.of(BOB.npub(), CAROL.publicKeyHex())));
    }

    @Test
    void everyRecipientAndTheAuthorReadTheSamePayload() {
        SignedRecord r = toBobAndCarol();
        for (Identity reader : List.of(ALICE, BOB, CAROL)) {
            assertThat(Payloads.read(r, reader)).isEqualTo(Payload.of(SECRET, "text/plain"));
        }
    }

    @Test
    void recordNamesItsRecipientsAuthorFirstAndSaysItIsEncrypted() {
        SignedRecord r = toBobAndCarol();
        assertThat(Payloads.isEncrypted(r)).isTrue();
        assertThat(Payloads.recipients(r)).containsExactly(ALICE.publicKeyHex(), BOB.publicKeyHex(), CAROL.publicKeyHex());
        assertThat(r.tag("m")).contains(Nip44Codec.MIME);
        assertThat(r.content()).doesNotContain("noon");
    }

    @Test
    void aNonRecipientIsToldItIsNotOneAndWhoIs() {
        SignedRecord r = toBobAndCarol();
        assertThatThrownBy(() -> Payloads.decode(r, EVE))
            .isInstanceOfSatisfying(NotARecipientException.class, e -> {
                assertThat(e.reader()).isEqualTo(EVE.publicKeyHex());
                assertThat(e.recipients()).containsExactly(ALICE.publicKeyHex(), BOB.publicKeyHex(), CAROL.publicKeyHex());
            })
            .hasMessageContaining("encrypted to 3 recipients").hasMessageContaining(EVE.npub()).hasMessageContaining("not one of them");
    }

    @Test
    void decodingWithoutAnIdentitySaysHowToReadIt() {
        SignedRecord r = toBobAndCarol();
        assertThatThrownBy(() -> Payloads.decode(r)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("encrypted (NIP-44) to 3 recipients").hasMessageContaining("Payloads.decode(record, identity)");
    }

    @Test
    void duplicateRecipientsAndTheAuthorGetOneKeyEach() {
        SignedRecord r = ALICE.sign(Payloads.encrypted(ALICE, SECRET, "text/plain",
            List.of(BOB.npub(), BOB.publicKeyHex(), ALICE.npub())));
        assertThat(Payloads.recipients(r)).containsExactly(ALICE.publicKeyHex(), BOB.publicKeyHex());
    }

    @Test
    void publicTagsAddedAfterwardsStayReadableAndTheRecordStillDecrypts() {
        SignedRecord r = ALICE.sign(Payloads.encrypted(ALICE, SECRET, "text/plain", List.of(BOB.npub())).uuid("note-1").geohash("u33d"));
        assertThat(r.d()).isEqualTo("note-1");
        assertThat(Payloads.decode(r, BOB)).isEqualTo(SECRET);
    }

    @Test
    void aRecordResignedByAnotherAuthorDoesNotOpen() {
        SignedRecord r = toBobAndCarol();
        Draft copy = Draft.text(r.content());
        for (List<String> t : r.tags()) {
            if (!t.get(0).equals("ms")) {
                copy = copy.tag(t.get(0), t.subList(1, t.size()).toArray(new String[0]));
            }
        }
        SignedRecord forged = EVE.sign(copy);
        assertThatThrownBy(() -> Payloads.decode(forged, BOB)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("does not open").hasMessageContaining("invalid MAC");
    }

    @Test
    void contentSwappedFromAnotherRecordDoesNotDecryptWithThisRecordsKey() {
        SignedRecord a = toBobAndCarol();
        SignedRecord b = toBobAndCarol();
        Draft mixed = Draft.text(b.content());
        for (List<String> t : a.tags()) {
            if (!t.get(0).equals("ms")) {
                mixed = mixed.tag(t.get(0), t.subList(1, t.size()).toArray(new String[0]));
            }
        }
        SignedRecord r = ALICE.sign(mixed);
        assertThatThrownBy(() -> Payloads.decode(r, BOB)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("does not decrypt").hasMessageContaining("invalid MAC");
    }

    @Test
    void twoKeysForOneReaderAreRefused() {
        SignedRecord r = toBobAndCarol();
        List<String> bobs = r.tags().stream().filter(t -> t.get(0).equals("ek") && t.get(1).equals(BOB.publicKeyHex()))
            .findFirst().orElseThrow();
        SignedRecord twice = ALICE.sign(Draft.text(r.content()).mime(Nip44Codec.MIME).tag("ek", bobs.get(1), bobs.get(2))
            .tag("ek", bobs.get(1), bobs.get(2)));
        assertThatThrownBy(() -> Payloads.decode(twice, BOB)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("2 ek tags for " + BOB.publicKeyHex());
    }

    @Test
    void garbageContentIsRefusedWithTheNip44Reason() {
        SignedRecord r = toBobAndCarol();
        Draft garbage = Draft.text("not a payload").mime(Nip44Codec.MIME);
        for (List<String> t : r.tags()) {
            if (t.get(0).equals("ek")) {
                garbage = garbage.tag("ek", t.get(1), t.get(2));
            }
        }
        SignedRecord g = ALICE.sign(garbage);
        assertThatThrownBy(() -> Payloads.decode(g, BOB)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("invalid payload length");
    }

    @Test
    void decryptedContentThatIsNotTheEnvelopeIsRefused() {
        byte[] key = SealedKeys.newKey();
        String content = io.peerset.core.crypto.Nip44.encrypt("[\"not\",\"an object\"]".getBytes(StandardCharsets.UTF_8), key);
        Draft d = Draft.text(content).mime(Nip44Codec.MIME);
        for (List<String> t : SealedKeys.seal(ALICE, key, List.of(BOB.publicKeyHex()))) {
            d = d.tag(t.get(0), t.get(1), t.get(2));
        }
        SignedRecord r = ALICE.sign(d);
        assertThatThrownBy(() -> Payloads.decode(r, BOB)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("{\"m\": mime, \"c\": content}");
    }

    @Test
    void encryptingEncryptedContentIsRefused() {
        assertThatThrownBy(() -> Payloads.encrypted(ALICE, SECRET, Nip44Codec.MIME, List.of(BOB.npub())))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("itself encrypted");
    }

    @Test
    void aPayloadTooLargeForARecordIsRefusedWithAHintAtBlobs() {
        assertThatThrownBy(() -> Payloads.encrypted(ALICE, new byte[60_000], "application/octet-stream", List.of(BOB.npub())))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("65535").hasMessageContaining("blob");
        assertThatThrownBy(() -> Payloads.encrypted(ALICE, new byte[40_000], "application/octet-stream", List.of(BOB.npub())))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit of a record").hasMessageContaining("blob");
        byte[] fits = new byte[30_000];
        assertThat(Payloads.decode(ALICE.sign(Payloads.encrypted(ALICE, fits, "application/octet-stream", List.of(BOB.npub()))), BOB))
            .isEqualTo(fits);
    }

    @Test
    void tooManyRecipientsOrMalformedOnesAreRefused() {
        List<String> many = new ArrayList<>();
        for (int i = 0; i < SealedKeys.MAX_RECIPIENTS; i++) {
            many.add(Identity.generate().publicKeyHex());
        }
        assertThatThrownBy(() -> Payloads.encrypted(ALICE, SECRET, "text/plain", many))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to " + SealedKeys.MAX_RECIPIENTS);
        assertThatThrownBy(() -> Payloads.encrypted(ALICE, SECRET, "text/plain", List.of("npub1garbage")))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Payloads.encrypted(ALICE, SECRET, "text/plain", List.of("abcd")))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64 hex characters or npub1");
        assertThatThrownBy(() -> Payloads.encrypted(ALICE, SECRET, "text/plain", List.of("ff".repeat(32))))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not the x coordinate");
    }

    @Test
    void theCodecsStringMethodsPointAtTheRecordLevelOnes() {
        Nip44Codec codec = (Nip44Codec) Payloads.codec("nip44");
        assertThatThrownBy(() -> codec.encode(SECRET, "text/plain")).hasMessageContaining("Payloads.encrypted");
        assertThatThrownBy(() -> codec.decode("x", Nip44Codec.MIME)).hasMessageContaining("Payloads.decode(record, identity)");
        assertThat(codec.recipients(ALICE.sign(Draft.text("plain")))).isEmpty();
    }
}
