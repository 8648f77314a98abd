package io.peerset.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerset.api.Draft;
import io.peerset.api.Hex;
import io.peerset.api.Identity;
import io.peerset.api.InvalidRecordException;
import io.peerset.api.SignedRecord;
import java.security.MessageDigest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Draft → sign → verify, and every kind of tampering caught by {@link SignedRecord#verify()} with the right reason. */
class RecordVerifyTest {
    private static final Identity ALICE = Identity.generate();
    private static final Identity BOB = Identity.generate();

    private static SignedRecord signed() {
        return ALICE.sign(Draft.text("hello \"world\"\n\u0001 🎉").tag("t", "").link("https://peerset.io").geohash("u33d"));
    }

    private static SignedRecord copy(SignedRecord r, String id, String pubkey, String content, String sig) {
        return SignedRecord.of(id, pubkey, r.createdAt(), r.kind(), r.tags(), content, sig);
    }

    private static String sha256Hex(byte[] bytes) throws Exception {
        return Hex.encode(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void draftSignedByAnIdentityVerifies() {
        SignedRecord r = signed();
        assertThat(r.verify()).isSameAs(r);
        assertThat(r.pubkey()).isEqualTo(ALICE.publicKeyHex());
        assertThat(r.kind()).isEqualTo(Draft.TEXT_KIND);
        assertThat(r.tag("ms")).isPresent();
        assertThat(r.npub()).isEqualTo(ALICE.npub());
    }

    @Test
    void signedRecordSurvivesToJsonAndFromJson() {
        SignedRecord r = signed();
        SignedRecord back = SignedRecord.fromJson(r.toJson()).verify();
        assertThat(back).isEqualTo(r);
        assertThat(back.toJson()).isEqualTo(r.toJson());
        assertThat(back.tags()).isEqualTo(r.tags());
    }

    @Test
    void createdAtInSecondsGivesExactlyTheFieldsGiven() {
        SignedRecord r = ALICE.sign(Draft.text("x").kind(30078).uuid("u-1").createdAt(1_700_000_000L));
        assertThat(r.createdAt()).isEqualTo(1_700_000_000L);
        assertThat(r.tags()).containsExactly(List.of("d", "u-1"));
        assertThat(r.verify().isAddressable()).isTrue();
    }

    @Test
    void identityRoundTripsThroughNsec() {
        Identity again = Identity.fromNsec(ALICE.nsec());
        assertThat(again).isEqualTo(ALICE);
        assertThat(again.toString()).doesNotContain(ALICE.nsec()).contains(ALICE.npub());
    }

    @Test
    void tamperedContentIsRejectedBecauseTheIdNoLongerMatches() {
        SignedRecord r = signed();
        SignedRecord t = copy(r, r.id(), r.pubkey(), r.content() + "!", r.sig());
        assertThatThrownBy(t::verify).isInstanceOf(InvalidRecordException.class)
            .hasMessageStartingWith("id does not match the event's content");
    }

    @Test
    void tamperedIdIsRejectedBecauseItIsNotTheHash() {
        SignedRecord r = signed();
        String otherId = (r.id().charAt(0) == '0' ? "1" : "0") + r.id().substring(1);
        assertThatThrownBy(() -> copy(r, otherId, r.pubkey(), r.content(), r.sig()).verify())
            .isInstanceOf(InvalidRecordException.class)
            .hasMessageStartingWith("id does not match the event's content")
            .hasMessageContaining("expected " + r.id());
    }

    @Test
    void contentRehashedWithoutResigningIsRejectedForItsSignature() throws Exception {
        SignedRecord r = signed();
        byte[] canonical = SignedRecord.canonicalBytes(r.pubkey(), r.createdAt(), r.kind(), r.tags(), "forged");
        SignedRecord t = copy(r, sha256Hex(canonical), r.pubkey(), "forged", r.sig());
        assertThatThrownBy(t::verify).isInstanceOf(InvalidRecordException.class)
            .hasMessageStartingWith("signature of event " + t.id() + " does not verify");
    }

    @Test
    void tamperedSignatureIsRejected() {
        SignedRecord r = signed();
        byte[] sig = Hex.decode(r.sig());
        sig[40] ^= 0x01;
        assertThatThrownBy(() -> copy(r, r.id(), r.pubkey(), r.content(), Hex.encode(sig)).verify())
            .isInstanceOf(InvalidRecordException.class)
            .hasMessageContaining("does not verify against pubkey " + r.pubkey());
    }

    @Test
    void garbageSignatureIsRejectedNotThrownAsSomethingElse() {
        SignedRecord r = signed();
        assertThatThrownBy(() -> copy(r, r.id(), r.pubkey(), r.content(), "f".repeat(128)).verify())
            .isInstanceOf(InvalidRecordException.class).hasMessageContaining("does not verify");
        assertThatThrownBy(() -> copy(r, r.id(), r.pubkey(), r.content(), "0".repeat(128)).verify())
            .isInstanceOf(InvalidRecordException.class).hasMessageContaining("does not verify");
    }

    @Test
    void tamperedPubkeyIsRejected() throws Exception {
        SignedRecord r = signed();
        // swapping the author alone changes the canonical form, so the id no longer matches…
        assertThatThrownBy(() -> copy(r, r.id(), BOB.publicKeyHex(), r.content(), r.sig()).verify())
            .isInstanceOf(InvalidRecordException.class).hasMessageStartingWith("id does not match");
        // …and with the id recomputed for the new author, Alice's signature does not verify against Bob's key
        String id = sha256Hex(SignedRecord.canonicalBytes(BOB.publicKeyHex(), r.createdAt(), r.kind(), r.tags(), r.content()));
        assertThatThrownBy(() -> copy(r, id, BOB.publicKeyHex(), r.content(), r.sig()).verify())
            .isInstanceOf(InvalidRecordException.class)
            .hasMessageContaining("does not verify against pubkey " + BOB.publicKeyHex());
        // a pubkey that is not a curve point at all is just as invalid
        String notOnCurve = "eefdea4cdb677750a420fee807eacf21eb9898ae79b9768766e4faa04a2d4a34";
        String id2 = sha256Hex(SignedRecord.canonicalBytes(notOnCurve, r.createdAt(), r.kind(), r.tags(), r.content()));
        assertThatThrownBy(() -> copy(r, id2, notOnCurve, r.content(), r.sig()).verify())
            .isInstanceOf(InvalidRecordException.class).hasMessageContaining("does not verify");
    }

    @Test
    void signingAMessageThatIsNot32BytesIsRefused() {
        assertThatThrownBy(() -> ALICE.sign(new byte[31])).hasMessageContaining("32-byte messages; got 31");
    }
}
