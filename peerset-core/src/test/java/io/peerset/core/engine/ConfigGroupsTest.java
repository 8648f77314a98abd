package io.peerset.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerset.api.AbuseLimits;
import io.peerset.api.Peerset;
import io.peerset.api.PeersetConfig;
import io.peerset.api.Retention;
import io.peerset.api.Timeouts;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** PeersetConfig's grouped values: defaults, the two ways to set them, validation. */
class ConfigGroupsTest {
    @Test
    void defaultsAreTodaysDefaults() {
        PeersetConfig c = Peerset.builder().buildConfig();
        assertThat(c.timeouts()).isEqualTo(Timeouts.defaults());
        assertThat(c.abuseLimits()).isEqualTo(AbuseLimits.defaults());
        assertThat(c.retentionPolicy()).isEqualTo(Retention.defaults());
        assertThat(c.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.handshakeTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.maxSessionLength()).isEqualTo(Duration.ofHours(6));
        assertThat(c.strikeThreshold()).isEqualTo(10);
        assertThat(c.maxBytesPerSecond()).isEqualTo(8L << 20);
        assertThat(c.retention()).isEqualTo(Duration.ofDays(90));
        assertThat(c.retentionPolicy().pruneInterval()).isEqualTo(Duration.ofMinutes(10));
        assertThat(Retention.ofMaxAge(Duration.ofSeconds(2)).pruneInterval()).as("at least 1 s").isEqualTo(Duration.ofSeconds(1));
        assertThat(Retention.ofMaxAge(Duration.ofMinutes(8)).pruneInterval()).as("a quarter").isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void aGroupAndTheSingleValueSettersSetTheSameValues() {
        Timeouts t = Timeouts.builder().idle(Duration.ofSeconds(20)).syncInterval(Duration.ofSeconds(5)).build();
        PeersetConfig c = Peerset.builder().timeouts(t).handshakeTimeout(Duration.ofSeconds(3))
            .abuseLimits(AbuseLimits.builder().strikeThreshold(4).build()).banDuration(Duration.ofMinutes(5))
            .retention(Retention.builder().pruneInterval(Duration.ofHours(1)).build()).retention(Duration.ofDays(7))
            .buildConfig();
        assertThat(c.idleTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(c.timeouts().syncInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.timeouts().handshake()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.abuseLimits().strikeThreshold()).isEqualTo(4);
        assertThat(c.banDuration()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.retentionPolicy().maxAge()).isEqualTo(Duration.ofDays(7));
        assertThat(c.retentionPolicy().pruneInterval()).as("an explicit interval survives a new age").isEqualTo(Duration.ofHours(1));
        assertThat(t.idle()).as("the group given is not changed").isEqualTo(Duration.ofSeconds(20));
        assertThat(t.handshake()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void badValuesAreRefusedWithTheFieldAndWhatToDo() {
        assertThatThrownBy(() -> Timeouts.builder().idle(Duration.ZERO))
            .hasMessageContaining("idleTimeout must be a positive duration; got PT0S");
        assertThatThrownBy(() -> Timeouts.builder().handshake(Duration.ofHours(7)).build())
            .hasMessageStartingWith("handshakeTimeout (PT7H) must be shorter than maxSessionLength (PT6H)");
        assertThatThrownBy(() -> Peerset.builder().handshakeTimeout(Duration.ofHours(7)).buildConfig())
            .hasMessageStartingWith("handshakeTimeout (PT7H) must be shorter than maxSessionLength (PT6H)");
        assertThatThrownBy(() -> AbuseLimits.builder().strikeThreshold(0)).hasMessage("strikeThreshold must be at least 1; got 0");
        assertThatThrownBy(() -> AbuseLimits.builder().maxBytesPerSecond(1000)).hasMessageContaining("at least 65536");
        assertThatThrownBy(() -> Retention.builder().pruneInterval(Duration.ofSeconds(-1))).hasMessageContaining("pruneInterval must be a positive duration");
        assertThatThrownBy(() -> Peerset.builder().timeouts(null)).hasMessageContaining("timeouts");
    }
}
