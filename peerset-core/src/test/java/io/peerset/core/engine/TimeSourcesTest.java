package io.peerset.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerset.api.Draft;
import io.peerset.api.Identity;
import io.peerset.api.Peerset;
import io.peerset.api.PeersetConfig;
import io.peerset.api.SignedRecord;
import io.peerset.api.Ticker;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The public time sources: {@code PeersetConfig.clock/ticker} and {@code Identity.sign(draft, clock)}. */
class TimeSourcesTest {
    private static final Instant FIXED = Instant.parse("2030-01-02T03:04:05.678Z");

    @Test
    void configDefaultsToTheSystemClockAndTicker() {
        PeersetConfig c = Peerset.builder().buildConfig();
        assertThat(c.clock()).isEqualTo(Clock.systemUTC());
        assertThat(c.ticker()).isSameAs(Ticker.system());
        long before = System.nanoTime();
        assertThat(Ticker.system().read()).isGreaterThanOrEqualTo(before);
    }

    @Test
    void configKeepsTheGivenTicker() {
        Ticker frozen = () -> 7;
        assertThat(Peerset.builder().ticker(frozen).buildConfig().ticker()).isSameAs(frozen);
        assertThatThrownBy(() -> Peerset.builder().ticker(null)).hasMessageContaining("ticker");
    }

    @Test
    void signingWithAClockDatesAnUndatedDraftByIt() {
        Identity id = Identity.generate();
        SignedRecord r = id.sign(Draft.text("hi"), Clock.fixed(FIXED, ZoneOffset.UTC));
        assertThat(r.createdAt()).isEqualTo(FIXED.getEpochSecond());
        assertThat(r.tags()).contains(List.of("ms", Long.toString(FIXED.toEpochMilli())));
        r.verify();
    }

    @Test
    void anExplicitCreationTimeWinsOverTheClock() {
        Identity id = Identity.generate();
        SignedRecord r = id.sign(Draft.text("hi").createdAt(1_000), Clock.fixed(FIXED, ZoneOffset.UTC));
        assertThat(r.createdAt()).isEqualTo(1_000);
        assertThat(r.tags()).isEmpty();
    }
}
