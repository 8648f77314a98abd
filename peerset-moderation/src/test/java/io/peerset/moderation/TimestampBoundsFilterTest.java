package io.peerset.moderation;

import static io.peerset.moderation.TestRecords.T0;
import static io.peerset.moderation.TestRecords.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerset.api.Verdict;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimestampBoundsFilterTest {
    private static final long DAY = 86_400;
    private final TimestampBoundsFilter filter = new TimestampBoundsFilter();
    private final TestContext ctx = TestContext.localWrite();

    @Test
    void recordsFromNowAndTheRecentPastAreAccepted() {
        assertThat(filter.check(record().at(T0).build(), ctx).accepted()).isTrue();
        assertThat(filter.check(record().at(T0 - 89 * DAY).build(), ctx).accepted()).isTrue();
        assertThat(filter.check(record().at(T0 - 90 * DAY).build(), ctx).accepted()).as("exactly the retention").isTrue();
    }

    @Test
    void smallClockSkewIsTolerated() {
        assertThat(filter.check(record().at(T0 + 600).build(), ctx).accepted()).isTrue();
    }

    @Test
    void recordsTooFarInTheFutureAreRejected() {
        Verdict v = filter.check(record().at(T0 + 3 * 3600).build(), ctx);
        assertThat(v.accepted()).isFalse();
        assertThat(v.reason()).contains("3h in the future").contains("at most 10m").contains("clock");
    }

    @Test
    void recordsOlderThanTheRetentionAreRejected() {
        Verdict v = filter.check(record().at(T0 - 90 * DAY - 1).build(), ctx);
        assertThat(v.accepted()).isFalse();
        assertThat(v.reason()).contains("older than the 90d records are kept");
    }

    @Test
    void retentionComesFromTheContext() {
        ctx.retention(Duration.ofDays(7));
        assertThat(filter.check(record().at(T0 - 8 * DAY).build(), ctx).accepted()).isFalse();
    }

    @Test
    void withoutOptionsTheNodesFutureSkewIsTheOneRule() {
        ctx.maxFutureSkew(Duration.ofMinutes(30));
        assertThat(filter.check(record().at(T0 + 20 * 60).build(), ctx).accepted()).as("the node tolerates 30 min").isTrue();
        assertThat(filter.check(record().at(T0 + 31 * 60).build(), ctx).reason()).contains("at most 30m");
    }

    @Test
    void optionsOverrideSkewAndAge() {
        TimestampBoundsFilter strict = TimestampBoundsFilter.fromOptions(Map.of("max-future-skew", "30s", "max-age", "1d"));
        assertThat(strict.check(record().at(T0 + 31).build(), ctx).accepted()).isFalse();
        assertThat(strict.check(record().at(T0 + 30).build(), ctx).accepted()).isTrue();
        assertThat(strict.check(record().at(T0 - DAY - 1).build(), ctx).accepted()).isFalse();
        assertThatThrownBy(() -> TimestampBoundsFilter.fromOptions(Map.of("max-age", "-1d")))
            .hasMessageContaining("option 'max-age'").hasMessageContaining("positive duration");
        assertThatThrownBy(() -> TimestampBoundsFilter.fromOptions(Map.of("skew", "1m")))
            .hasMessageContaining("unknown option 'skew'").hasMessageContaining("[max-age, max-future-skew]");
    }
}
