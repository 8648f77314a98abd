package io.peerset.moderation;

import static io.peerset.moderation.TestRecords.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerset.api.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinkAllowListFilterTest {
    private final LinkAllowListFilter filter = new LinkAllowListFilter(
        List.of("https://([a-z0-9-]+\\.)?example\\.org(/\\S*)?", "https://peerset\\.io/.*"));
    private final TestContext ctx = TestContext.localWrite();

    @Test
    void linkMatchingAPatternIsAccepted() {
        assertThat(filter.check(record().link("https://docs.example.org/a?b=c").build(), ctx).accepted()).isTrue();
        assertThat(filter.check(record().link("https://peerset.io/x").build(), ctx).accepted()).isTrue();
    }

    @Test
    void recordWithoutLinksIsAccepted() {
        assertThat(filter.check(record().content("no link").build(), ctx).accepted()).isTrue();
    }

    @Test
    void linkMatchingNoPatternIsRejectedListingThePatterns() {
        Verdict v = filter.check(record().link("https://evil.example/x").build(), ctx);
        assertThat(v.accepted()).isFalse();
        assertThat(v.reason()).contains("https://evil.example/x").contains("does not match any allowed link pattern")
            .contains("peerset\\.io");
    }

    @Test
    void patternMustMatchTheWholeLinkNotJustPartOfIt() {
        assertThat(filter.check(record().link("https://example.org.evil.example/").build(), ctx).accepted()).isFalse();
        assertThat(filter.check(record().link("javascript:alert(1)//https://peerset.io/").build(), ctx).accepted()).isFalse();
    }

    @Test
    void everyLinkMustMatch() {
        Verdict v = filter.check(record().link("https://example.org").link("http://example.org").build(), ctx);
        assertThat(v.accepted()).isFalse();
        assertThat(v.reason()).contains("http://example.org");
    }

    @Test
    void overlongLinkIsRejectedBeforeMatching() {
        String link = "https://example.org/" + "a".repeat(5000);
        Verdict v = filter.check(record().link(link).build(), ctx);
        assertThat(v.accepted()).isFalse();
        assertThat(v.reason()).contains("5020 characters").contains("at most 2048");
    }

    @Test
    void catastrophicPatternGivesUpWithinItsBudget() {
        LinkAllowListFilter slow = new LinkAllowListFilter(List.of("https://ok\\.example/", "(.*a){12}"));
        Verdict v = slow.check(record().link("a".repeat(30) + "c").build(), ctx); // seconds of backtracking unbounded
        assertThat(v.accepted()).isFalse();
        assertThat(v.reason()).contains("took too long");
    }

    @Test
    void nestedQuantifiersAndBrokenPatternsAreRefusedAtConfiguration() {
        assertThatThrownBy(() -> new LinkAllowListFilter(List.of("https://(a+)+\\.org")))
            .hasMessageContaining("nested quantifier");
        assertThatThrownBy(() -> new LinkAllowListFilter(List.of("https://(\\w*)*")))
            .hasMessageContaining("nested quantifier");
        assertThatThrownBy(() -> new LinkAllowListFilter(List.of("https://(a?)+")))
            .hasMessageContaining("nested quantifier");
        assertThatThrownBy(() -> new LinkAllowListFilter(List.of("https://[")))
            .hasMessageContaining("not a valid Java regular expression");
        assertThatThrownBy(() -> new LinkAllowListFilter(List.of())).hasMessageContaining("at least one pattern");
    }

    @Test
    void repeatedGroupsWithADelimiterAreFine() {
        LinkAllowListFilter f = new LinkAllowListFilter(List.of("https://example\\.org(/[a-z0-9-]+)*/?"));
        assertThat(f.check(record().link("https://example.org/a/b-1/c/").build(), ctx).accepted()).isTrue();
    }

    @Test
    void patternsComeFromOptionsAndFiles(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("links.txt");
        Files.writeString(f, "# allowed\nhttps://a\\.example/.*\n");
        LinkAllowListFilter fromFile = LinkAllowListFilter.fromOptions(Map.of("patterns-file", f.toString()));
        assertThat(fromFile.check(record().link("https://a.example/x").build(), ctx).accepted()).isTrue();
        LinkAllowListFilter inline = LinkAllowListFilter.fromOptions(
            Map.of("patterns", "https://b\\.example/.{1,3}  https://c\\.example/", "max-link-length", "30"));
        assertThat(inline.check(record().link("https://b.example/xyz").build(), ctx).accepted()).isTrue();
        assertThat(inline.check(record().link("https://c.example/").build(), ctx).accepted()).isTrue();
        assertThat(inline.check(record().link("https://b.example/" + "x".repeat(20)).build(), ctx).accepted()).isFalse();
        assertThatThrownBy(() -> LinkAllowListFilter.fromOptions(Map.of()))
            .hasMessageContaining("needs option 'patterns'");
        assertThatThrownBy(() -> LinkAllowListFilter.fromOptions(Map.of("pattern", "x")))
            .hasMessageContaining("unknown option 'pattern'")
            .hasMessageContaining("[max-link-length, patterns, patterns-file, tags]");
    }
}
