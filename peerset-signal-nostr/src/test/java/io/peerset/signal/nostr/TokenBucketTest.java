package io.peerset.signal.nostr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private final AtomicLong now = new AtomicLong(1_000);

    @Test
    void allowsTheBurstThenTheRate() {
        TokenBucket b = new TokenBucket(10, 3, now::get);
        assertThat(b.tryTake()).isTrue();
        assertThat(b.tryTake()).isTrue();
        assertThat(b.tryTake()).isTrue();
        assertThat(b.tryTake()).isFalse();
        assertThat(b.nanosUntilToken()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(100));
        assertThat(b.tryTake()).isTrue();
        assertThat(b.tryTake()).isFalse();
    }

    @Test
    void savesAtMostTheBurst() {
        TokenBucket b = new TokenBucket(10, 2, now::get);
        now.addAndGet(TimeUnit.HOURS.toNanos(1));
        int taken = 0;
        while (b.tryTake()) {
            taken++;
        }
        assertThat(taken).isEqualTo(2);
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new TokenBucket(0, 1, now::get)).hasMessageContaining("rate above 0");
        assertThatThrownBy(() -> new TokenBucket(1, 0, now::get)).hasMessageContaining("burst of at least 1");
    }

    @Test
    void backoffGrowsWithJitterUpToTheCapAndResets() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000));
        long[] ceilings = {100, 200, 400, 800, 1000, 1000};
        for (long c : ceilings) {
            assertThat(b.nextMillis()).isBetween(c / 2, c);
        }
        b.reset();
        assertThat(b.nextMillis()).isBetween(50L, 100L);
    }
}
