package io.peerset.moderation;

import static io.peerset.moderation.TestRecords.ALICE;
import static io.peerset.moderation.TestRecords.BOB;
import static io.peerset.moderation.TestRecords.T0;
import static io.peerset.moderation.TestRecords.record;
import static io.peerset.moderation.TestRecords.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerset.api.Moderation;
import io.peerset.api.ModerationFilter;
import io.peerset.api.SignedRecord;
import io.peerset.api.Verdict;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PresetsTest {
    private final TestContext ctx = TestContext.localWrite();

    private static List<String> names(Moderation m) {
        return m.filters().stream().map(ModerationFilter::name).toList();
    }

    @Test
    void openIsVerificationOnly() {
        Moderation open = Moderation.preset("open");
        assertThat(open.filters()).isEmpty();
        assertThat(open.check(text("visit example.com, shit"), ctx).accepted()).isTrue();
    }

    @Test
    void standardChainsTheSeedsRules() {
        Moderation m = Moderation.preset("standard");
        assertThat(names(m)).containsExactly("timestamp-bounds", "size-limits", "no-links-in-text", "banned-words",
            "author-quota", "duplicates");
        assertThat(m.requiresAuthenticatedPeers()).isFalse();
    }

    @Test
    void standardAcceptsOrdinaryRecordsAndRejectsEachKindOfAbuseNamingTheFilter() {
        Moderation m = Moderation.preset("standard");
        assertThat(m.check(record().content("Lovely weather today").link("https://anything.example").build(), ctx).accepted()).isTrue();
        assertVerdict(m.check(text("see example.com"), ctx), "no-links-in-text");
        assertVerdict(m.check(text("what a load of crap"), ctx), "banned-words");
        assertVerdict(m.check(record().content("from the future").at(T0 + 86_400).build(), ctx), "timestamp-bounds");
        assertVerdict(m.check(text("x".repeat(40_000)), ctx), "size-limits");
        for (int i = 0; i < 5; i++) {
            SignedRecord r = record().content("note number " + i + " about topic " + (char) ('a' + i)).at(T0 - 7200 * (i + 1)).build();
            assertThat(m.check(r, ctx).accepted()).as("record %d", i).isTrue();
            ctx.store(r);
        }
        assertVerdict(m.check(text("a sixth note"), ctx), "author-quota");
        assertThat(m.check(record().author(BOB).content("note number 0 about topic a").build(), ctx).accepted()).isTrue();
    }

    @Test
    void standardRejectsDuplicates() {
        Moderation m = Moderation.preset("standard");
        ctx.store(text("the same thing again and again"));
        assertVerdict(m.check(record().content("The same thing, again and again!").at(T0 + 1).build(), ctx), "duplicates");
    }

    @Test
    void standardOptionsTuneItsFilters() {
        Moderation m = Moderation.preset("standard", Map.of(
            "max-per-author", "1", "banned-words", "broccoli", "banned-words-default", "false",
            "link-patterns", "https://ok\\.example/.*", "block-authors", BOB, "max-content-bytes", "100"));
        assertThat(names(m)).containsExactly("author-block-list", "timestamp-bounds", "size-limits", "link-allow-list",
            "no-links-in-text", "banned-words", "author-quota", "duplicates");
        assertThat(m.check(text("crap"), ctx).accepted()).isTrue();
        assertVerdict(m.check(text("broccoli"), ctx), "banned-words");
        assertVerdict(m.check(record().link("https://bad.example/").build(), ctx), "link-allow-list");
        assertVerdict(m.check(record().author(BOB).content("hi").build(), ctx), "author-block-list");
        assertVerdict(m.check(text("y".repeat(101)), ctx), "size-limits");
        ctx.store(text("first"));
        assertVerdict(m.check(text("second"), ctx), "author-quota");
    }

    @Test
    void standardWithoutAnyWordsHasNoWordFilter() {
        Moderation m = Moderation.preset("standard", Map.of("banned-words-default", "false"));
        assertThat(names(m)).doesNotContain("banned-words");
    }

    @Test
    void unknownPresetOptionIsRefusedListingTheValidOnes() {
        assertThatThrownBy(() -> Moderation.preset("standard", Map.of("max-records", "5")))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("unknown option 'max-records'").hasMessageContaining("'standard'")
            .hasMessageContaining("max-per-author");
        assertThatThrownBy(() -> Moderation.preset("standard", Map.of("allow-authors", ALICE)))
            .hasMessageContaining("unknown option 'allow-authors'");
        assertThatThrownBy(() -> Moderation.preset("standard", Map.of("max-per-author", "0")))
            .hasMessageContaining("option 'max-per-author'");
    }

    @Test
    void fortKnoxRequiresAnAuthorAllowList() {
        assertThatThrownBy(() -> Moderation.preset("fort-knox"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("admits only allow-listed authors").hasMessageContaining("'allow-authors'");
    }

    @Test
    void fortKnoxRunsEveryFilterAndAdmitsOnlyAuthenticatedPeers() {
        Moderation m = Moderation.preset("fort-knox", Map.of("allow-authors", ALICE));
        assertThat(m.requiresAuthenticatedPeers()).isTrue();
        assertThat(names(m)).containsExactly("author-allow-list", "authenticated-sender", "timestamp-bounds", "size-limits",
            "link-allow-list", "no-links-in-text", "banned-words", "author-quota", "duplicates");
        assertThat(m.check(record().content("hello").link("https://example.org").build(), ctx).accepted()).isTrue();
        assertVerdict(m.check(record().author(BOB).content("hello").build(), ctx), "author-allow-list");
        assertVerdict(m.check(record().content("hello").build(), TestContext.fromPeer("p1", null)), "authenticated-sender");
        assertThat(m.check(record().content("hello").build(), TestContext.fromPeer("p1", "npub1alice")).accepted()).isTrue();
        assertVerdict(m.check(record().content("plain http").link("http://example.org").build(), ctx), "link-allow-list");
        assertVerdict(m.check(text("shit"), ctx), "banned-words");
    }

    @Test
    void presetsAreListedWhenANameIsUnknown() {
        assertThatThrownBy(() -> Moderation.preset("fortknox"))
            .hasMessageContaining("[open, standard, fort-knox]");
    }

    private static void assertVerdict(Verdict v, String filter) {
        assertThat(v.accepted()).as("expected a rejection by %s", filter).isFalse();
        assertThat(v.filter()).as(v.toString()).isEqualTo(filter);
        assertThat(v.reason()).isNotBlank();
    }
}
