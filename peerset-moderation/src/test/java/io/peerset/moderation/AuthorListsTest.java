package io.peerset.moderation;

import static io.peerset.moderation.TestRecords.ALICE;
import static io.peerset.moderation.TestRecords.BOB;
import static io.peerset.moderation.TestRecords.CAROL;
import static io.peerset.moderation.TestRecords.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerset.api.Nip19;
import io.peerset.api.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthorListsTest {
    private final TestContext ctx = TestContext.localWrite();

    @Test
    void allowListAdmitsOnlyListedAuthors() {
        AuthorAllowListFilter f = new AuthorAllowListFilter(List.of(ALICE, BOB.toUpperCase(Locale.ROOT)));
        assertThat(f.check(record().author(ALICE).build(), ctx).accepted()).isTrue();
        assertThat(f.check(record().author(BOB).build(), ctx).accepted()).as("hex in any case").isTrue();
        Verdict v = f.check(record().author(CAROL).build(), ctx);
        assertThat(v.accepted()).isFalse();
        assertThat(v.reason()).contains(CAROL.substring(0, 12)).contains("not on this room's allow-list");
    }

    @Test
    void blockListRefusesListedAuthors() {
        AuthorBlockListFilter f = AuthorBlockListFilter.fromOptions(Map.of("authors", CAROL));
        assertThat(f.check(record().author(ALICE).build(), ctx).accepted()).isTrue();
        Verdict v = f.check(record().author(CAROL).build(), ctx);
        assertThat(v.accepted()).isFalse();
        assertThat(v.reason()).contains("is blocked");
        assertThat(AuthorBlockListFilter.fromOptions(Map.of()).check(record().build(), ctx).accepted()).isTrue();
    }

    @Test
    void keysComeFromOptionsAndFiles(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("authors.txt");
        Files.writeString(file, "# friends\n" + BOB + "\n");
        AuthorAllowListFilter f = AuthorAllowListFilter.fromOptions(Map.of("authors", ALICE + ", " + CAROL, "file", file.toString()));
        assertThat(f.authors()).containsExactlyInAnyOrder(ALICE, BOB, CAROL);
    }

    @Test
    void npubKeysAreAcceptedBesideHex() {
        AuthorAllowListFilter f = AuthorAllowListFilter.fromOptions(Map.of("authors", Nip19.encodeNpub(ALICE) + " " + BOB));
        assertThat(f.authors()).containsExactlyInAnyOrder(ALICE, BOB);
        assertThat(f.check(record().author(ALICE).build(), ctx).accepted()).isTrue();
        AuthorBlockListFilter b = new AuthorBlockListFilter(List.of(Nip19.encodeNpub(CAROL).toUpperCase(Locale.ROOT)));
        assertThat(b.check(record().author(CAROL).build(), ctx).accepted()).isFalse();
    }

    @Test
    void corruptNpubIsRefusedSayingSo() {
        String npub = Nip19.encodeNpub(ALICE);
        String corrupt = npub.substring(0, npub.length() - 1) + (npub.endsWith("q") ? "p" : "q");
        assertThatThrownBy(() -> new AuthorAllowListFilter(List.of(corrupt)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("is not a valid npub");
    }

    @Test
    void malformedKeysAreRefusedSayingWhatIsExpected() {
        assertThatThrownBy(() -> new AuthorAllowListFilter(List.of("abc")))
            .hasMessageContaining("64 hex characters or an npub1").hasMessageContaining("3 characters");
        assertThatThrownBy(() -> new AuthorBlockListFilter(List.of("z".repeat(64))))
            .hasMessageContaining("found 'z' at position 0");
        assertThatThrownBy(() -> AuthorAllowListFilter.fromOptions(Map.of()))
            .hasMessageContaining("needs option 'authors'");
        assertThatThrownBy(() -> AuthorAllowListFilter.fromOptions(Map.of("npubs", ALICE)))
            .hasMessageContaining("unknown option 'npubs'").hasMessageContaining("[authors, file]");
    }

    @Test
    void authenticatedSenderFilterRefusesAnonymousPeersOnly() {
        AuthenticatedSenderFilter f = new AuthenticatedSenderFilter();
        assertThat(f.check(record().build(), TestContext.localWrite()).accepted()).isTrue();
        assertThat(f.check(record().build(), TestContext.fromPeer("peer-1", "npub1xyz")).accepted()).isTrue();
        Verdict v = f.check(record().build(), TestContext.fromPeer("peer-2", null));
        assertThat(v.accepted()).isFalse();
        assertThat(v.reason()).contains("peer-2").contains("authenticated peers");
    }
}
