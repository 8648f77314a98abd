package io.peerset.moderation;

import static io.peerset.moderation.TestRecords.record;
import static io.peerset.moderation.TestRecords.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerset.api.Verdict;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class NoLinksInTextFilterTest {
    private final NoLinksInTextFilter filter = new NoLinksInTextFilter();
    private final TestContext ctx = TestContext.localWrite();

    @ParameterizedTest
    @ValueSource(strings = {
        "see https://example.org/x", "HTTP://EXAMPLE.ORG", "ftp://files.example.net", "hxxps://evil.example",
        "h**p://evil.example", "go to www.example", "visit example.com today", "EXAMPLE.COM", "bit.ly/abc",
        "join t.me/scam", "shop.example.co.uk/deal", "mail bob@example.com", "mailto:bob", "magnet:?xt=urn:btih:abc",
        "example[.]com", "example (dot) com", "example { . } com", "hxxps[:]//evil", "example。com",
        "ｅｘａｍｐｌｅ．ｃｏｍ", "exa\u200Bmple.c\u200Bom", "www\u2060.example", "scam.xyz!", "end of line: example.org.",
    })
    void linksInTextAreRejected(String content) {
        Verdict v = filter.check(text(content), ctx);
        assertThat(v.accepted()).as("%s should be found", content).isFalse();
        assertThat(v.reason()).contains("links are not allowed in text").contains("link field (r tag)");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "e.g. this, i.e. that", "version 1.2.3 is out", "Node.js and file.txt", "pi is 3.14", "Mr.Smith arrived",
        "The end.It was fun", "the dot com bubble", "U.S. politics", "a wwwhat moment", "ratio 16:9 and 10:30",
        "the link is in the link field", "user.id and java.util.List", "",
    })
    void ordinaryTextPasses(String content) {
        Verdict v = filter.check(text(content), ctx);
        assertThat(v.accepted()).as("%s → %s", content, v).isTrue();
    }

    @Test
    void theLinkFieldItselfIsNotThisFiltersBusiness() {
        assertThat(filter.check(record().content("my site").link("https://example.org").build(), ctx).accepted()).isTrue();
    }

    @Test
    void nonTextPayloadsAreNotScanned() {
        assertThat(filter.check(record().content("aGVsbG8=example.com").mime("image/png").build(), ctx).accepted()).isTrue();
    }

    @Test
    void reasonShowsWhatWasFound() {
        assertThat(filter.check(text("buy at cheap-pills.shop now"), ctx).reason()).contains("'cheap-pills.shop'");
    }

    @Test
    void optionsTuneDomainsAndEmails() {
        NoLinksInTextFilter emails = NoLinksInTextFilter.fromOptions(Map.of("allow-emails", "true"));
        assertThat(emails.check(text("write to bob@example.com"), ctx).accepted()).isTrue();
        assertThat(emails.check(text("or see example.com"), ctx).accepted()).isFalse();

        NoLinksInTextFilter schemesOnly = NoLinksInTextFilter.fromOptions(Map.of("bare-domains", "false"));
        assertThat(schemesOnly.check(text("example.com"), ctx).accepted()).isTrue();
        assertThat(schemesOnly.check(text("https://example.com"), ctx).accepted()).isFalse();

        NoLinksInTextFilter italian = NoLinksInTextFilter.fromOptions(Map.of("extra-tlds", "it"));
        assertThat(italian.check(text("vedi example.it"), ctx).accepted()).isFalse();

        NoLinksInTextFilter only = NoLinksInTextFilter.fromOptions(Map.of("tlds", "test"));
        assertThat(only.check(text("example.com"), ctx).accepted()).isTrue();
        assertThat(only.check(text("example.test"), ctx).accepted()).isFalse();
    }

    @Test
    void badOptionsAreRefused() {
        assertThatThrownBy(() -> NoLinksInTextFilter.fromOptions(Map.of("tld", "com")))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("unknown option 'tld'")
            .hasMessageContaining("[allow-emails, bare-domains, extra-tlds, tlds]");
        assertThatThrownBy(() -> NoLinksInTextFilter.fromOptions(Map.of("tlds", "c/m")))
            .hasMessageContaining("top-level domain").hasMessageContaining("c/m");
    }
}
