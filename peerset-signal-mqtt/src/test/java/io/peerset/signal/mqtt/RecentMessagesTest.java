package io.peerset.signal.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RecentMessagesTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void sameTopicAndPayloadWithinTheWindowIsADuplicate() {
        RecentMessages recent = new RecentMessages(60_000, 100);
        assertThat(recent.firstSighting("t", bytes("m"))).isTrue();
        assertThat(recent.firstSighting("t", bytes("m"))).isFalse();
    }

    @Test
    void sameTopicAndPayloadAfterTheWindowIsDeliveredAgain() {
        RecentMessages recent = new RecentMessages(0, 100);
        assertThat(recent.firstSighting("t", bytes("m"))).isTrue();
        assertThat(recent.firstSighting("t", bytes("m"))).isTrue();
    }

    @Test
    void differentTopicOrPayloadIsNotADuplicate() {
        RecentMessages recent = new RecentMessages(60_000, 100);
        assertThat(recent.firstSighting("t", bytes("m"))).isTrue();
        assertThat(recent.firstSighting("u", bytes("m"))).isTrue();
        assertThat(recent.firstSighting("t", bytes("n"))).isTrue();
        // the topic/payload boundary is part of the key
        assertThat(recent.firstSighting("ab", bytes("c"))).isTrue();
        assertThat(recent.firstSighting("a", bytes("bc"))).isTrue();
    }

    @Test
    void memoryIsBoundedByCapacityForgettingTheOldest() {
        RecentMessages recent = new RecentMessages(60_000, 2);
        recent.firstSighting("t", bytes("1"));
        recent.firstSighting("t", bytes("2"));
        recent.firstSighting("t", bytes("3"));
        assertThat(recent.firstSighting("t", bytes("1"))).isTrue();
        assertThat(recent.firstSighting("t", bytes("3"))).isFalse();
    }
}
