package io.peerset.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Nip19Test {

    // examples from NIP-19 (nostr-protocol/nips, 19.md)
    @Test
    void nip19ExamplesDecodeAndEncode() {
        assertThat(Nip19.decodeNpub("npub180cvv07tjdrrgpa0j7j7tmnyl2yr6yr7l8j4s3evf6u64th6gkwsyjh6w6"))
            .isEqualTo("3bf0c63fcb93463407af97a5e5ee64fa883d107ef9e558472c4eb9aaaefa459d");
        assertThat(Nip19.encodeNpub("3bf0c63fcb93463407af97a5e5ee64fa883d107ef9e558472c4eb9aaaefa459d"))
            .isEqualTo("npub180cvv07tjdrrgpa0j7j7tmnyl2yr6yr7l8j4s3evf6u64th6gkwsyjh6w6");
        assertThat(Nip19.decodeNpub("npub10elfcs4fr0l0r8af98jlmgdh9c8tcxjvz9qkw038js35mp4dma8qzvjptg"))
            .isEqualTo("7e7e9c42a91bfef19fa929e5fda1b72e0ebc1a4c1141673e2794234d86addf4e");
        assertThat(Nip19.encodeNpub("7e7e9c42a91bfef19fa929e5fda1b72e0ebc1a4c1141673e2794234d86addf4e"))
            .isEqualTo("npub10elfcs4fr0l0r8af98jlmgdh9c8tcxjvz9qkw038js35mp4dma8qzvjptg");
        assertThat(Hex.encode(Nip19.decodeNsec("nsec1vl029mgpspedva04g90vltkh6fvh240zqtv9k0t9af8935ke9laqsnlfe5")))
            .isEqualTo("67dea2ed018072d675f5415ecfaed7d2597555e202d85b3d65ea4e58d2d92ffa");
        assertThat(Nip19.encodeNsec(Hex.decode("67dea2ed018072d675f5415ecfaed7d2597555e202d85b3d65ea4e58d2d92ffa")))
            .isEqualTo("nsec1vl029mgpspedva04g90vltkh6fvh240zqtv9k0t9af8935ke9laqsnlfe5");
    }

    @Test
    void npubNsecAndNoteRoundTrip() {
        Random random = new Random(42);
        for (int i = 0; i < 200; i++) {
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            String hex = Hex.encode(bytes);
            String npub = Nip19.encodeNpub(hex);
            String nsec = Nip19.encodeNsec(bytes);
            String note = Nip19.encodeNote(hex);
            assertThat(npub).startsWith("npub1").hasSize(Nip19.LENGTH);
            assertThat(nsec).startsWith("nsec1").hasSize(Nip19.LENGTH);
            assertThat(note).startsWith("note1").hasSize(Nip19.LENGTH);
            assertThat(Nip19.decodeNpub(npub)).isEqualTo(hex);
            assertThat(Nip19.decodeNsec(nsec)).isEqualTo(bytes);
            assertThat(Nip19.decodeNote(note)).isEqualTo(hex);
        }
    }

    @Test
    void allUppercaseIsAccepted() {
        assertThat(Nip19.decodeNpub("npub180cvv07tjdrrgpa0j7j7tmnyl2yr6yr7l8j4s3evf6u64th6gkwsyjh6w6".toUpperCase(Locale.ROOT)))
            .isEqualTo("3bf0c63fcb93463407af97a5e5ee64fa883d107ef9e558472c4eb9aaaefa459d");
    }

    @Test
    void mixedCaseIsRejected() {
        assertThatThrownBy(() -> Nip19.decodeNpub("npub180cvv07tjdrrgpa0j7j7tmnyl2yr6yr7l8j4s3evf6u64th6gkwsyjh6W6"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("mixes upper and lower case");
    }

    @Test
    void secretKeyGivenWherePublicKeyExpectedIsRejectedAndNamed() {
        assertThatThrownBy(() -> Nip19.decodeNpub("nsec1vl029mgpspedva04g90vltkh6fvh240zqtv9k0t9af8935ke9laqsnlfe5"))
            .hasMessageContaining("npub must start with npub1")
            .hasMessageContaining("that is a secret key");
        assertThatThrownBy(() -> Nip19.decodeNsec("npub180cvv07tjdrrgpa0j7j7tmnyl2yr6yr7l8j4s3evf6u64th6gkwsyjh6w6"))
            .hasMessageContaining("nsec must start with nsec1")
            .hasMessageContaining("that is a public key");
        assertThatThrownBy(() -> Nip19.decodeNote("npub180cvv07tjdrrgpa0j7j7tmnyl2yr6yr7l8j4s3evf6u64th6gkwsyjh6w6"))
            .hasMessageContaining("note must start with note1");
        assertThatThrownBy(() -> Nip19.decodeNpub("3bf0c63fcb93463407af97a5e5ee64fa883d107ef9e558472c4eb9aaaefa459d"))
            .hasMessageContaining("looks like hex");
    }

    @Test
    void alteredCharacterFailsTheChecksum() {
        String good = "npub180cvv07tjdrrgpa0j7j7tmnyl2yr6yr7l8j4s3evf6u64th6gkwsyjh6w6";
        for (int i = 5; i < good.length(); i++) {
            char c = good.charAt(i);
            String bad = good.substring(0, i) + (c == 'q' ? 'p' : 'q') + good.substring(i + 1);
            assertThatThrownBy(() -> Nip19.decodeNpub(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("checksum does not match");
        }
    }

    @Test
    void truncatedStringSaysTheExpectedLength() {
        String truncated = "npub180cvv07tjdrrgpa0j7j7tmnyl2yr6yr7l8j4s3evf6u64th6gkws";
        assertThatThrownBy(() -> Nip19.decodeNpub(truncated))
            .hasMessageContaining("checksum does not match")
            .hasMessageContaining("npub must be 63 characters of Bech32 starting with npub1; got " + truncated.length());
    }

    @Test
    void bech32mChecksumIsRejectedAsTheWrongVariant() {
        byte[] values = Bech32.decode("npub180cvv07tjdrrgpa0j7j7tmnyl2yr6yr7l8j4s3evf6u64th6gkwsyjh6w6", "npub").values;
        assertThat(encodeWithConstant("npub", values, 1))
            .isEqualTo("npub180cvv07tjdrrgpa0j7j7tmnyl2yr6yr7l8j4s3evf6u64th6gkwsyjh6w6");
        String bech32m = encodeWithConstant("npub", values, 0x2bc830a3);
        assertThatThrownBy(() -> Nip19.decodeNpub(bech32m))
            .hasMessageContaining("Bech32m checksum; NIP-19 uses Bech32");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "npub180cvv07tjdrrgpa0j7j7tmnyl2yr6yr7l8j4s3evf6u64th6gkwsyjh6wb", // 'b' is not in the alphabet
        "npub180cvv07tjdrrgpa0j7j7tmnyl2yr6yr7l8j4s3evf6u64th6gkwsyjh6wi",
        "npub180cvv07tjdrrgpa0j7j7tmnyl2yr6yr7l8j4s3evf6u64th6gkwsyjh6wo",
    })
    void nonAlphabetCharacterIsRejected(String bad) {
        assertThatThrownBy(() -> Nip19.decodeNpub(bad)).hasMessageContaining("which is not a Bech32 character");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "npub180cvv07tjdrrgpa0j7j7tmnyl2yr6yr7l8j4s3evf6u64th6gkwsyjh6w\u00e9",
        "npub180cvv07tjdrrgpa0j7j7tmnyl2yr6yr7l8j4s3evf6u64th6gkwsyjh6w6 ",
        " npub180cvv07tjdrrgpa0j7j7tmnyl2yr6yr7l8j4s3evf6u64th6gkwsyjh6w6",
        "npub180cvv07tjdrrgpa0j7j7tmnyl2yr6yr7l8j4s3evf6u64th6gkwsyjh6w6\n",
    })
    void nonPrintableOrNonAsciiCharacterIsRejected(String bad) {
        assertThatThrownBy(() -> Nip19.decodeNpub(bad)).isInstanceOf(IllegalArgumentException.class)
            .satisfies(e -> assertThat(e.getMessage()).containsAnyOf("not printable ASCII", "must start with npub1"));
    }

    @Test
    void wrongPayloadLengthIsRejected() {
        String npub33 = Bech32.encode("npub", new byte[33]);
        assertThatThrownBy(() -> Nip19.decodeNpub(npub33)).hasMessageContaining("npub must encode 32 bytes").hasMessageContaining("got 33 bytes");
        String nsec31 = Bech32.encode("nsec", new byte[31]);
        assertThatThrownBy(() -> Nip19.decodeNsec(nsec31)).hasMessageContaining("nsec must encode 32 bytes").hasMessageContaining("got 31 bytes");
        String note64 = Bech32.encode("note", new byte[64]);
        assertThat(note64.length()).isGreaterThan(90);
        assertThatThrownBy(() -> Nip19.decodeNote(note64)).hasMessageContaining("note must encode 32 bytes").hasMessageContaining("got 64 bytes");
    }

    @Test
    void nonZeroPaddingBitsAreRejected() {
        byte[] values = Bech32.decode("npub180cvv07tjdrrgpa0j7j7tmnyl2yr6yr7l8j4s3evf6u64th6gkwsyjh6w6", "npub").values;
        values[values.length - 1] |= 1; // 52 groups * 5 = 260 bits: the last 4 are padding
        String bad = Bech32.encodeValues("npub", values);
        assertThatThrownBy(() -> Nip19.decodeNpub(bad)).hasMessageContaining("padding bits").hasMessageContaining("not zero");
    }

    @Test
    void nullEmptyAndOverlongInputsAreRejected() {
        assertThatThrownBy(() -> Nip19.decodeNpub(null)).hasMessageContaining("npub is missing");
        assertThatThrownBy(() -> Nip19.decodeNsec("")).hasMessageContaining("must start with nsec1; got an empty string");
        String huge = "npub1" + "q".repeat(10_000);
        assertThatThrownBy(() -> Nip19.decodeNpub(huge)).hasMessageContaining("more than 5000");
    }

    @Test
    void encodersRejectMalformedInput() {
        assertThatThrownBy(() -> Nip19.encodeNpub("abc")).hasMessageContaining("public key must be 64 hex characters; got 3");
        assertThatThrownBy(() -> Nip19.encodeNote("z".repeat(64))).hasMessageContaining("event id must be 64 hex characters; found 'z'");
        assertThatThrownBy(() -> Nip19.encodeNsec(new byte[31])).hasMessageContaining("secret key must be 32 bytes; got 31 bytes");
    }

    // BIP-173 test vectors (valid and invalid checksums), with the 90-character limit lifted as NIP-19 allows
    @ParameterizedTest
    @ValueSource(strings = {
        "A12UEL5L",
        "a12uel5l",
        "an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs",
        "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
        "11qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqc8247j",
        "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
        "?1ezyfcl",
        "an84characterslonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1569pvx",
    })
    void bip173ValidStringsDecodeAndReEncode(String s) {
        Bech32.Decoded d = Bech32.decode(s, "bech32");
        assertThat(Bech32.encodeValues(d.hrp, d.values)).isEqualTo(s.toLowerCase(Locale.ROOT));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        " 1nwldj5", "\u007f1axkwrx", "\u00801eym55h", "pzry9x0s0muk", "1pzry9x0s0muk", "x1b4n0q5v", "li1dgmt3",
        "de1lg7wt\u00ff", "A1G7SGD8", "10a06t8", "1qzzfhee",
    })
    void bip173InvalidStringsAreRejected(String s) {
        assertThatThrownBy(() -> Bech32.decode(s, "bech32")).isInstanceOf(IllegalArgumentException.class);
    }

    /** Independent checksum for the test: BIP-173 with a chosen constant (1 = Bech32, 0x2bc830a3 = Bech32m). */
    private static String encodeWithConstant(String hrp, byte[] values, int constant) {
        int[] gen = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
        int[] all = new int[hrp.length() * 2 + 1 + values.length + 6];
        int k = 0;
        for (char c : hrp.toCharArray()) all[k++] = c >> 5;
        all[k++] = 0;
        for (char c : hrp.toCharArray()) all[k++] = c & 31;
        for (byte v : values) all[k++] = v;
        int chk = 1;
        for (int v : all) {
            int top = chk >>> 25;
            chk = ((chk & 0x1ffffff) << 5) ^ v;
            for (int i = 0; i < 5; i++) if (((top >> i) & 1) != 0) chk ^= gen[i];
        }
        chk ^= constant;
        String alphabet = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
        StringBuilder sb = new StringBuilder(hrp).append('1');
        for (byte v : values) sb.append(alphabet.charAt(v));
        for (int i = 0; i < 6; i++) sb.append(alphabet.charAt((chk >>> (5 * (5 - i))) & 31));
        return sb.toString();
    }
}
