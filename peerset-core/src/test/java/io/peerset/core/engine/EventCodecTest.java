package io.peerset.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerset.core.ProtocolViolation;
import org.junit.jupiter.api.Test;

class EventCodecTest {
    @Test
    void eventClosedWithABracketIsRefusedNotSplitOff() {
        // found by EventCodecFuzzTest: '{' … ']' used to count as one element
        assertThatThrownBy(() -> EventCodec.splitEvents("[{\"id\":\"0000\",\"tags\":[]], {}]", id -> false))
            .isInstanceOf(ProtocolViolation.class).hasMessageContaining("expected matching brackets");
        assertThatThrownBy(() -> EventCodec.splitEvents("[{\"a\":1]", id -> false))
            .isInstanceOf(ProtocolViolation.class).hasMessageContaining("closes '{' with ']'");
    }

    @Test
    void nestedArrayClosedWithABraceIsRefused() {
        assertThatThrownBy(() -> EventCodec.splitEvents("[{\"tags\":[[\"d\",\"x\"}}]", id -> false))
            .isInstanceOf(ProtocolViolation.class).hasMessageContaining("closes '[' with '}'");
    }

    @Test
    void bracketsInsideStringsDoNotCount() throws ProtocolViolation {
        assertThat(EventCodec.splitEvents("[{\"content\":\"]}[{\",\"tags\":[[\"]\"]]}, {}]", id -> false))
            .containsExactly("{\"content\":\"]}[{\",\"tags\":[[\"]\"]]}", "{}");
    }
}
