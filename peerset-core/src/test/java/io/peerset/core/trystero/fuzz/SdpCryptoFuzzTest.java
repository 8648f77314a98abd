package io.peerset.core.trystero.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.peerset.api.fuzz.SeedMutator;
import io.peerset.core.trystero.SdpCrypto;
import io.peerset.core.trystero.SdpCryptoException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes Trystero's signal decryption: any string either decrypts or is refused with an
 * {@link SdpCryptoException}; what one room encrypts, it decrypts back unchanged, and
 * another room (another password) cannot read.
 */
class SdpCryptoFuzzTest {
    private static final SdpCrypto ROOM = new SdpCrypto("", "peerset-fuzz", "room");
    private static final SdpCrypto OTHER_ROOM = new SdpCrypto("secret", "peerset-fuzz", "room");

    @FuzzTest(maxDuration = "40m", maxExecutions = 1_000_000)
    void decryptAcceptsOrRejectsCleanly(byte[] input) {
        check(input);
    }

    @Test
    void decryptSurvivesSeededMutationsOfTheSeedCorpus() {
        SeedMutator m = new SeedMutator(8, SeedMutator.seedCorpus(SdpCryptoFuzzTest.class, "decryptAcceptsOrRejectsCleanly"));
        for (int i = 0; i < 3_000; i++) {
            check(m.next());
        }
    }

    static void check(byte[] input) {
        String wire = new String(input, StandardCharsets.UTF_8);
        try {
            ROOM.decrypt(wire);
        } catch (SdpCryptoException e) {
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                throw new AssertionError("rejection without a reason", e);
            }
        }
        if (input.length <= SdpCrypto.MAX_PLAINTEXT_BYTES) {
            String sealed = ROOM.encrypt(wire);
            String back;
            try {
                back = ROOM.decrypt(sealed);
            } catch (SdpCryptoException e) {
                throw new AssertionError("a signal this room encrypted does not decrypt: " + e.getMessage());
            }
            if (!back.equals(wire)) {
                throw new AssertionError("encrypt/decrypt round trip changed the text");
            }
            try {
                OTHER_ROOM.decrypt(sealed);
                throw new AssertionError("another room's key decrypted this room's signal");
            } catch (SdpCryptoException expected) {
                // as it should
            }
        }
    }
}
