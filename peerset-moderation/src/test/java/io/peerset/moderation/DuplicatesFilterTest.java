package io.peerset.moderation;

import static io.peerset.moderation.TestRecords.BOB;
import static io.peerset.moderation.TestRecords.T0;
import static io.peerset.moderation.TestRecords.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerset.api.Verdict;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DuplicatesFilterTest {
    private static final String AD = "Great deal on handmade watches, visit my profile for details - offer 17";
    private final DuplicatesFilter filter = new DuplicatesFilter();
    private final TestContext ctx = TestContext.localWrite();

    @Test
    void sameTextFromTheSameAuthorIsRejectedEvenWithOtherCaseAndPunctuation() {
        ctx.store(record().content("Hello everyone, nice to meet you!").at(T0 - 3600 * 24 * 30).build());
        Verdict v = filter.check(record().content("hello   everyone nice to meet YOU").build(), ctx);
        assertThat(v.accepted()).isFalse();
        assertThat(v.reason()).contains("already has a record with the same text");
    }

    @Test
    void sameTextWithLookAlikeLettersIsStillTheSame() {
        ctx.store(record().content("Hello everyone, nice to meet you!").build());
        assertThat(filter.check(record().content("Неllо еvеryоnе, nice to meet you!").at(T0 + 5).build(), ctx).accepted()).isFalse();
    }

    @Test
    void nearIdenticalTextWithinTheWindowIsRejected() {
        ctx.store(record().content(AD).at(T0 - 600).build());
        Verdict v = filter.check(record().content(AD.replace("17", "18")).build(), ctx);
        assertThat(v.accepted()).isFalse();
        assertThat(v.reason()).contains("% alike").contains("10m apart");
    }

    @Test
    void nearIdenticalTextOutsideTheWindowIsAccepted() {
        ctx.store(record().content(AD).at(T0 - 7200).build());
        assertThat(filter.check(record().content(AD.replace("17", "18")).build(), ctx).accepted()).isTrue();
    }

    @Test
    void differentTextIsAccepted() {
        ctx.store(record().content("I like cats and their soft fur").at(T0 - 60).build());
        assertThat(filter.check(record().content("I like dogs and their loud barks").build(), ctx).accepted()).isTrue();
    }

    @Test
    void shortTextsAreNeverDuplicates() {
        ctx.store(record().content("+1").at(T0 - 60).build());
        assertThat(filter.check(record().content("+1").build(), ctx).accepted()).isTrue();
    }

    @Test
    void anotherAuthorMaySayTheSame() {
        ctx.store(record().content(AD).at(T0 - 60).build());
        assertThat(filter.check(record().author(BOB).content(AD).build(), ctx).accepted()).isTrue();
    }

    @Test
    void editingAnAddressableRecordIsNotADuplicateOfIt() {
        ctx.store(record().kind(30078).d("profile").content("My shop sells handmade watches").at(T0 - 60).link("https://a.example").build());
        assertThat(filter.check(record().kind(30078).d("profile").content("My shop sells handmade watches")
            .link("https://b.example").build(), ctx).accepted()).isTrue();
        assertThat(filter.check(record().kind(30078).d("other").content("My shop sells handmade watches").build(), ctx).accepted())
            .isFalse();
    }

    @Test
    void binaryPayloadsCompareByContent() {
        ctx.store(record().mime("image/png").content("iVBORw0KGgoAAAANSUhEUgAA").at(T0 - 9999).build());
        assertThat(filter.check(record().mime("image/png").content("iVBORw0KGgoAAAANSUhEUgAA").build(), ctx).accepted()).isFalse();
        assertThat(filter.check(record().mime("image/png").content("iVBORw0KGgoAAAANSUhEUgAB").build(), ctx).accepted()).isTrue();
    }

    @Test
    void optionsSetWindowAndThreshold() {
        DuplicatesFilter wide = DuplicatesFilter.fromOptions(Map.of("window", "3h", "similarity", "0.5", "min-length", "2"));
        ctx.store(record().content(AD).at(T0 - 7200).build());
        assertThat(wide.check(record().content(AD.replace("17", "18")).build(), ctx).accepted()).isFalse();
        assertThatThrownBy(() -> DuplicatesFilter.fromOptions(Map.of("similarity", "1.5")))
            .hasMessageContaining("option 'similarity'").hasMessageContaining("at most 1.0");
        assertThatThrownBy(() -> DuplicatesFilter.fromOptions(Map.of("window", "soon")))
            .hasMessageContaining("option 'window'").hasMessageContaining("like 30s, 10m, 2h, 90d");
        assertThatThrownBy(() -> DuplicatesFilter.fromOptions(Map.of("threshold", "0.9")))
            .hasMessageContaining("unknown option 'threshold'").hasMessageContaining("[min-length, recent, similarity, window]");
        assertThat(DuplicatesFilter.fromOptions(Map.of("window", "PT30M")).toString()).contains("PT30M");
        assertThat(new DuplicatesFilter(Duration.ofDays(1), 0.9, 5, 0).toString()).contains("PT24H");
    }

    @Test
    void jaccardOfIdenticalSetsIsOneAndOfDisjointSetsZero() {
        int[] a = DuplicatesFilter.shingles("abcdef");
        assertThat(DuplicatesFilter.jaccard(a, a)).isEqualTo(1.0);
        assertThat(DuplicatesFilter.jaccard(a, DuplicatesFilter.shingles("uvwxyz"))).isEqualTo(0.0);
    }
}
