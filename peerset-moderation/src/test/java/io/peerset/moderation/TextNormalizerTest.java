package io.peerset.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextNormalizerTest {
    @Test
    void foldsFullwidthAndMathematicalLettersToAscii() {
        assertThat(TextNormalizer.fold("ＢＡＤ 𝐛𝐚𝐝 𝒃𝒂𝒅 ⓑⓐⓓ")).isEqualTo("bad bad bad bad");
    }

    @Test
    void dropsCombiningMarksAndInvisibleCharacters() {
        assertThat(TextNormalizer.fold("b\u0336a\u0336d\u0336 cafe\u0301 b\u200Ba\u200Cd\u200D b\u2060a\uFEFFd b\u00ADad"))
            .isEqualTo("bad cafe bad bad bad");
    }

    @Test
    void mapsCyrillicAndGreekLookAlikesToLatin() {
        assertThat(TextNormalizer.fold("раssаgе")).isEqualTo("passage"); // Cyrillic р а а е
        assertThat(TextNormalizer.fold("ΒΑΝΚ")).isEqualTo("bank");     // Greek capitals
        assertThat(TextNormalizer.fold("Ηello")).isEqualTo("hello");   // Greek capital eta
    }

    @Test
    void foldsCaseWithoutLocaleSurprises() {
        assertThat(TextNormalizer.fold("İSTANBUL ıstanbul STRASSE straße")).isEqualTo("istanbul istanbul strasse strasse");
    }

    @Test
    void readsLeetOnlyInTokensThatAreNotPlainNumbers() {
        assertThat(TextNormalizer.leetVariants("h3ll0")).contains("hello");
        assertThat(TextNormalizer.leetVariants("@$$")).containsExactly("ass");
        assertThat(TextNormalizer.leetVariants("1337")).isEmpty();
        assertThat(TextNormalizer.leetVariants("he11")).contains("heii", "heil", "heli", "hell");
    }

    @Test
    void squeezesRunsOfThreeOrMoreToOneAndToTwo() {
        assertThat(TextNormalizer.variants("baaaad")).contains("baaaad", "bad", "baad");
        assertThat(TextNormalizer.variants("book")).containsExactly("book");
    }

    @Test
    void comparableFormIgnoresCasePunctuationAndSpacing() {
        assertThat(TextNormalizer.comparable("  Hello,   WORLD!!! ")).isEqualTo(TextNormalizer.comparable("hello world"));
    }
}
