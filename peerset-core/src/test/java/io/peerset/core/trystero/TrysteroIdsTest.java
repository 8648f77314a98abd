package io.peerset.core.trystero;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TrysteroIdsTest {
    @Test
    void randomPeerIdsAreTwentyCharsOfTheAlphabetAndDistinct() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String id = TrysteroIds.randomPeerId();
            assertThat(id).hasSize(20);
            assertThat(id.chars()).allMatch(c -> TrysteroIds.ALPHABET.indexOf(c) >= 0);
            seen.add(id);
        }
        assertThat(seen).hasSize(200);
    }

    @Test
    void peerIdValidationRejectsHostileShapes() {
        assertThat(TrysteroIds.isValidPeerId("AbCdEfGhIj0123456789")).isTrue();
        assertThat(TrysteroIds.isValidPeerId(null)).isFalse();
        assertThat(TrysteroIds.isValidPeerId("")).isFalse();
        assertThat(TrysteroIds.isValidPeerId("a".repeat(65))).isFalse();
        assertThat(TrysteroIds.isValidPeerId("abc/def")).isFalse();
        assertThat(TrysteroIds.isValidPeerId("abc\u00e9")).isFalse();
    }

    @Test
    void sha1IsNotHex() {
        // SHA-1("abc") = a9993e36...; 0xa9 = 169 = "4p" in base 36.
        assertThat(TrysteroIds.sha1("abc")).startsWith("4p");
    }

    @Test
    void emptyAppOrRoomIsRefusedWithTheFieldName() {
        assertThatThrownBy(() -> TrysteroIds.rootTopic("", "r")).hasMessageContaining("appId");
        assertThatThrownBy(() -> TrysteroIds.selfTopic("a", "r", null)).hasMessageContaining("peerId");
    }
}
