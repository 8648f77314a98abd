package io.peerset.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerset.api.Identity;
import io.peerset.api.NotARecipientException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The internal "seal this symmetric key to these npubs / open it with my identity" API. */
class SealedKeysTest {
    private static final Identity AUTHOR = Identity.generate();
    private static final Identity BOB = Identity.generate();
    private static final Identity CAROL = Identity.generate();

    @Test
    void eachRecipientOpensTheSameKeyFromTheAuthorsTags() {
        byte[] key = SealedKeys.newKey();
        List<List<String>> tags = SealedKeys.seal(AUTHOR, key, List.of(BOB.npub(), CAROL.publicKeyHex()));
        assertThat(tags).hasSize(2).allSatisfy(t -> assertThat(t).hasSize(3).first().isEqualTo(SealedKeys.TAG));
        assertThat(SealedKeys.recipients(tags)).containsExactly(BOB.publicKeyHex(), CAROL.publicKeyHex());
        assertThat(SealedKeys.open(BOB, AUTHOR.publicKeyHex(), tags)).isEqualTo(key);
        assertThat(SealedKeys.open(CAROL, AUTHOR.publicKeyHex(), tags)).isEqualTo(key);
    }

    @Test
    void theAuthorIsARecipientOnlyWhenListed() {
        List<List<String>> tags = SealedKeys.seal(AUTHOR, SealedKeys.newKey(), List.of(BOB.npub()));
        assertThatThrownBy(() -> SealedKeys.open(AUTHOR, AUTHOR.publicKeyHex(), tags)).isInstanceOf(NotARecipientException.class);
        List<List<String>> withSelf = SealedKeys.seal(AUTHOR, SealedKeys.newKey(), List.of(AUTHOR.npub(), BOB.npub()));
        assertThat(SealedKeys.open(AUTHOR, AUTHOR.publicKeyHex(), withSelf)).hasSize(32);
    }

    @Test
    void openingWithTheWrongAuthorFailsAsAnAlteredTag() {
        List<List<String>> tags = SealedKeys.seal(AUTHOR, SealedKeys.newKey(), List.of(BOB.npub()));
        assertThatThrownBy(() -> SealedKeys.open(BOB, CAROL.publicKeyHex(), tags)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("does not open").hasMessageContaining("invalid MAC");
    }

    @Test
    void aSealedTagWithTheWrongShapeIsRefused() {
        List<List<String>> tags = List.of(List.of(SealedKeys.TAG, BOB.publicKeyHex()));
        assertThatThrownBy(() -> SealedKeys.open(BOB, AUTHOR.publicKeyHex(), tags)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("[\"ek\", pubkey, payload]");
    }

    @Test
    void aPayloadThatOpensToSomethingOtherThanAKeyIsRefused() {
        byte[] conversation = Nip44.conversationKey(AUTHOR, BOB.publicKeyHex());
        String notAKey = Nip44.encrypt("hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII), conversation);
        List<List<String>> tags = List.of(List.of(SealedKeys.TAG, BOB.publicKeyHex(), notAKey));
        assertThatThrownBy(() -> SealedKeys.open(BOB, AUTHOR.publicKeyHex(), tags)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("64 lowercase hex characters");
    }

    @Test
    void keysOfTheWrongLengthAndEmptyOrHugeAudiencesAreRefused() {
        assertThatThrownBy(() -> SealedKeys.seal(AUTHOR, new byte[16], List.of(BOB.npub())))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes; got 16");
        assertThatThrownBy(() -> SealedKeys.seal(AUTHOR, SealedKeys.newKey(), List.of()))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 0");
        List<String> many = new ArrayList<>();
        for (int i = 0; i <= SealedKeys.MAX_RECIPIENTS; i++) {
            many.add(Identity.generate().publicKeyHex());
        }
        assertThatThrownBy(() -> SealedKeys.seal(AUTHOR, SealedKeys.newKey(), many))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got " + (SealedKeys.MAX_RECIPIENTS + 1));
    }
}
