package io.peerset.moderation;

import static io.peerset.moderation.TestRecords.record;
import static io.peerset.moderation.TestRecords.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerset.api.Verdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BannedWordsFilterTest {
    private final BannedWordsFilter filter = BannedWordsFilter.builder()
        .words("ass", "shit", "cunt", "sex", "tit", "cock", "rape", "free money", "spam*").build();
    private final TestContext ctx = TestContext.localWrite();

    private Verdict check(String content) {
        return filter.check(text(content), ctx);
    }

    @Test
    void bannedWordIsRejectedWithAMaskedReason() {
        Verdict v = check("this is shit");
        assertThat(v.accepted()).isFalse();
        assertThat(v.reason()).contains("banned word").contains("s***").doesNotContain("shit");
    }

    @Test
    void cleanTextIsAccepted() {
        assertThat(check("Lovely weather in the park today").accepted()).isTrue();
        assertThat(check("").accepted()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Scunthorpe United won", "a classic passage", "the assassin", "bass and grass", "Essex and Middlesex",
        "the title of the constitution", "a cocktail in Sussex", "the therapist", "grapes", "Cassandra",
        "shitake is spelled shiitake", "an assessment", "it's hit the news", "I paid 455 dollars", "titfortat on the titanic",
    })
    void wordsThatMerelyContainABannedWordPass(String innocent) {
        // "it's hit" must not join into s+hit; "455" is a number, not leet for "ass"
        Verdict v = check(innocent);
        assertThat(v.accepted()).as("%s → %s", innocent, v).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "ＳＨＩＴ",                            // fullwidth
        "𝐬𝐡𝐢𝐭",                                // mathematical bold
        "s\u200Bh\u200Ci\u200Dt",             // zero-width space, non-joiner, joiner
        "sh\u2060i\uFEFFt",                   // word joiner, BOM
        "sh\u00ADit",                         // soft hyphen
        "s\u0336h\u0336i\u0336t\u0336",       // combining strike-through
        "šhíţ",                               // accents
        "ѕһіt",                               // Cyrillic dze, shha, byelorussian i
        "аss",                                // Cyrillic a
        "ΑSS",                                // Greek capital alpha
        "SHIT", "ShIt",                        // case
        "5h1t", "$hit", "sh!t", "@ss", "@$$",  // leet
        "shiiiiit", "asssss",                  // stretched
        "s h i t", "s.h.i.t", "s-h-i-t", "s_h_i_t", "s . h . i . t", "say a s s now", // spelled out
    })
    void unicodeAndSpellingTricksAreSeenThrough(String disguised) {
        Verdict v = check("well " + disguised + " happens");
        assertThat(v.accepted()).as("%s should be caught", disguised).isFalse();
    }

    @Test
    void phrasesMatchAsConsecutiveWords() {
        assertThat(check("get FREE   money now!").accepted()).isFalse();
        assertThat(check("free of charge, money back").accepted()).isTrue();
    }

    @Test
    void prefixEntriesMatchWordsStartingWithThem() {
        assertThat(check("stop spamming").accepted()).isFalse();
        assertThat(check("a spa day").accepted()).isTrue();
    }

    @Test
    void bannedWordInACheckedTagIsRejected() {
        Verdict v = filter.check(record().content("fine").tag("subject", "total shit").build(), ctx);
        assertThat(v.accepted()).isFalse();
        assertThat(v.reason()).contains("tag 'subject'");
    }

    @Test
    void nonTextPayloadsAreNotReadAsWords() {
        assertThat(filter.check(record().content("c2hpdA shit").mime("application/octet-stream").build(), ctx).accepted()).isTrue();
        assertThat(filter.check(record().content("shit").mime("text/markdown").build(), ctx).accepted()).isFalse();
    }

    @Test
    void defaultListIsMildAndCatchesSpam() {
        BannedWordsFilter def = BannedWordsFilter.defaultList();
        assertThat(def.size()).isGreaterThan(10);
        assertThat(def.check(text("Crypto GIVEAWAY: double your bitcoin"), ctx).accepted()).isFalse();
        assertThat(def.check(text("what a fucking mess"), ctx).accepted()).isFalse();
        assertThat(def.check(text("Meet me at the class in Scunthorpe"), ctx).accepted()).isTrue();
    }

    @Test
    void wordListComesFromAFileWithComments(@TempDir Path dir) throws IOException {
        Path list = dir.resolve("words.txt");
        Files.writeString(list, "# my room\nbroccoli\n\n  kale  \n", StandardCharsets.UTF_8);
        BannedWordsFilter f = BannedWordsFilter.fromOptions(Map.of("file", list.toString()));
        assertThat(f.size()).isEqualTo(2);
        assertThat(f.check(text("I hate KALE"), ctx).accepted()).isFalse();
        assertThat(f.check(text("this is shit"), ctx).accepted()).as("a file replaces the built-in list").isTrue();
        BannedWordsFilter both = BannedWordsFilter.fromOptions(Map.of("file", list.toString(), "default-list", "true"));
        assertThat(both.check(text("this is shit"), ctx).accepted()).isFalse();
    }

    @Test
    void inlineWordsAreAddedToTheBuiltInList() {
        BannedWordsFilter f = BannedWordsFilter.fromOptions(Map.of("words", "broccoli, kale"));
        assertThat(f.check(text("broccoli"), ctx).accepted()).isFalse();
        assertThat(f.check(text("shit"), ctx).accepted()).isFalse();
        BannedWordsFilter only = BannedWordsFilter.fromOptions(Map.of("words", "broccoli", "default-list", "false"));
        assertThat(only.check(text("shit"), ctx).accepted()).isTrue();
    }

    @Test
    void unknownOptionIsRefusedNamingItAndTheValidOnes() {
        assertThatThrownBy(() -> BannedWordsFilter.fromOptions(Map.of("wordz", "x")))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("'wordz'").hasMessageContaining("banned-words")
            .hasMessageContaining("[default-list, file, tags, words]");
    }

    @Test
    void badListsAreRefusedSayingWhy(@TempDir Path dir) {
        assertThatThrownBy(() -> BannedWordsFilter.fromOptions(Map.of("default-list", "false")))
            .hasMessageContaining("empty word list");
        assertThatThrownBy(() -> BannedWordsFilter.builder().words("ab*").build()).hasMessageContaining("at least 3 letters");
        assertThatThrownBy(() -> BannedWordsFilter.builder().words("?-?").build()).hasMessageContaining("no letters or digits");
        assertThatThrownBy(() -> BannedWordsFilter.fromOptions(Map.of("file", dir.resolve("missing.txt").toString())))
            .hasMessageContaining("cannot read file").hasMessageContaining("missing.txt");
        assertThatThrownBy(() -> BannedWordsFilter.fromOptions(Map.of("default-list", "maybe")))
            .hasMessageContaining("true or false").hasMessageContaining("maybe");
    }
}
