package io.peerset.moderation;

import static io.peerset.moderation.TestRecords.ALICE;
import static io.peerset.moderation.TestRecords.BOB;
import static io.peerset.moderation.TestRecords.T0;
import static io.peerset.moderation.TestRecords.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerset.api.SignedRecord;
import io.peerset.api.Verdict;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthorQuotaFilterTest {
    private final AuthorQuotaFilter filter = new AuthorQuotaFilter(5);
    private final TestContext ctx = TestContext.localWrite();

    private void storeFive() {
        for (int i = 0; i < 5; i++) {
            ctx.store(record().kind(30078).d("item-" + i).content("item " + i).at(T0 - 100 + i).build());
        }
    }

    @Test
    void recordsUpToTheQuotaAreAccepted() {
        for (int i = 0; i < 5; i++) {
            SignedRecord r = record().content("note " + i).at(T0 + i).build();
            assertThat(filter.check(r, ctx).accepted()).isTrue();
            ctx.store(r);
        }
    }

    @Test
    void sixthRecordOfAnAuthorIsRejectedSayingWhatToDo() {
        storeFive();
        Verdict v = filter.check(record().content("one more").build(), ctx);
        assertThat(v.accepted()).isFalse();
        assertThat(v.reason()).contains("already has 5 live records").contains("at most 5").contains("replace one");
    }

    @Test
    void otherAuthorsHaveTheirOwnQuota() {
        storeFive();
        assertThat(filter.check(record().author(BOB).content("hi").build(), ctx).accepted()).isTrue();
    }

    @Test
    void addressableReplacementDoesNotCountAsANewRecord() {
        storeFive();
        assertThat(filter.check(record().kind(30078).d("item-2").content("edited").build(), ctx).accepted()).isTrue();
        assertThat(filter.check(record().kind(30078).d("item-9").content("new").build(), ctx).accepted()).isFalse();
        assertThat(filter.check(record().kind(30079).d("item-2").content("other kind").build(), ctx).accepted()).isFalse();
    }

    @Test
    void replaceableKindReplacesItsPredecessor() {
        for (int i = 0; i < 4; i++) {
            ctx.store(record().content("note " + i).at(T0 + i).build());
        }
        ctx.store(record().kind(0).content("{\"name\":\"alice\"}").build());
        assertThat(ctx.storedByAuthor(ALICE)).isEqualTo(5);
        assertThat(filter.check(record().kind(0).content("{\"name\":\"Alice\"}").at(T0 + 9).build(), ctx).accepted()).isTrue();
    }

    @Test
    void theSameRecordAgainIsNotANewOne() {
        storeFive();
        SignedRecord stored = ctx.recentByAuthor(ALICE, 1).get(0);
        assertThat(filter.check(stored, ctx).accepted()).isTrue();
    }

    @Test
    void ephemeralRecordsAreNeverStoredSoNeverCounted() {
        storeFive();
        assertThat(filter.check(record().kind(20001).content("typing…").build(), ctx).accepted()).isTrue();
    }

    @Test
    void quotaComesFromOptions() {
        AuthorQuotaFilter one = AuthorQuotaFilter.fromOptions(Map.of("max", "1"));
        ctx.store(record().content("first").build());
        assertThat(one.check(record().content("second").build(), ctx).accepted()).isFalse();
        assertThat(AuthorQuotaFilter.fromOptions(Map.of()).max()).isEqualTo(5);
        assertThatThrownBy(() -> AuthorQuotaFilter.fromOptions(Map.of("max", "0")))
            .hasMessageContaining("option 'max'").hasMessageContaining("between 1 and");
        assertThatThrownBy(() -> AuthorQuotaFilter.fromOptions(Map.of("max", "five")))
            .hasMessageContaining("got 'five'");
        assertThatThrownBy(() -> AuthorQuotaFilter.fromOptions(Map.of("limit", "5")))
            .hasMessageContaining("unknown option 'limit'").hasMessageContaining("[max]");
    }
}
