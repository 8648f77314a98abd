package io.peerset.api.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.peerset.api.Hex;
import io.peerset.api.Nip19;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the NIP-19 decoders ({@code npub}, {@code nsec}, {@code note}): each input
 * either decodes to 32 bytes that encode back to the same string (lowercased), or is
 * rejected with an {@link IllegalArgumentException} saying what is wrong.
 */
class Nip19FuzzTest {
    @FuzzTest(maxDuration = "40m", maxExecutions = 1_000_000)
    void decodeAcceptsOrRejectsCleanly(byte[] input) {
        check(input);
    }

    @Test
    void decodeSurvivesSeededMutationsOfTheSeedCorpus() {
        SeedMutator m = new SeedMutator(19, SeedMutator.seedCorpus(Nip19FuzzTest.class, "decodeAcceptsOrRejectsCleanly"));
        for (int i = 0; i < 20_000; i++) {
            check(m.next());
        }
    }

    static void check(byte[] input) {
        String s = new String(input, StandardCharsets.UTF_8);
        String lower = s.toLowerCase(Locale.ROOT);
        String pub = attempt(() -> Nip19.decodeNpub(s));
        if (pub != null && !Nip19.encodeNpub(pub).equals(lower)) {
            throw new AssertionError("npub round trip: " + s + " -> " + pub + " -> " + Nip19.encodeNpub(pub));
        }
        String note = attempt(() -> Nip19.decodeNote(s));
        if (note != null && !Nip19.encodeNote(note).equals(lower)) {
            throw new AssertionError("note round trip: " + s + " -> " + note);
        }
        byte[] sec = attemptBytes(s);
        if (sec != null) {
            if (sec.length != 32 || !Nip19.encodeNsec(sec).equals(lower)) {
                throw new AssertionError("nsec round trip: " + s + " -> " + Hex.encode(sec));
            }
        }
        if (pub != null && (pub.length() != 64 || !Arrays.equals(Hex.decode(pub), Hex.decode(pub.toUpperCase(Locale.ROOT))))) {
            throw new AssertionError("npub decoded to something that is not 64 hex characters: " + pub);
        }
    }

    private static String attempt(java.util.function.Supplier<String> decode) {
        try {
            return decode.get();
        } catch (IllegalArgumentException e) {
            requireReason(e);
            return null;
        }
    }

    private static byte[] attemptBytes(String s) {
        try {
            return Nip19.decodeNsec(s);
        } catch (IllegalArgumentException e) {
            requireReason(e);
            return null;
        }
    }

    private static void requireReason(IllegalArgumentException e) {
        if (e.getMessage() == null || e.getMessage().isBlank()) {
            throw new AssertionError("rejection without a reason", e);
        }
    }
}
