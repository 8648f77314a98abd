package io.peerset.signal.nostr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RelayFrameTest {
    @Test
    void parsesEveryRelayMessageType() throws Exception {
        assertThat(RelayFrame.parse("[\"EVENT\",\"s\",{\"a\":1}]").event().get("a").asInt()).isEqualTo(1);
        assertThat(RelayFrame.parse("[\"EOSE\",\"s\"]").subId()).isEqualTo("s");
        RelayFrame ok = RelayFrame.parse("[\"OK\",\"id\",false,\"rate-limited: slow\"]");
        assertThat(ok.accepted()).isFalse();
        assertThat(ok.message()).isEqualTo("rate-limited: slow");
        assertThat(RelayFrame.parse("[\"OK\",\"id\",true]").message()).isEmpty();
        assertThat(RelayFrame.parse("[\"NOTICE\",\"hi\"]").message()).isEqualTo("hi");
        assertThat(RelayFrame.parse("[\"CLOSED\",\"s\",\"auth-required: x\"]").message()).isEqualTo("auth-required: x");
        assertThat(RelayFrame.parse("[\"AUTH\",\"c\"]").type()).isEqualTo(RelayFrame.Type.AUTH);
    }

    @Test
    void malformedMessagesAreRejectedSayingWhatWasExpected() {
        assertThatThrownBy(() -> RelayFrame.parse("nope")).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> RelayFrame.parse("[\"EOSE\",\"s\"] trailing")).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> RelayFrame.parse("[1]")).hasMessageContaining("starting with a message type string");
        assertThatThrownBy(() -> RelayFrame.parse("[\"EVENT\",\"s\"]")).hasMessageContaining("at least 3 elements");
        assertThatThrownBy(() -> RelayFrame.parse("[\"EVENT\",1,{}]")).hasMessageContaining("subscription id must be a string");
        assertThatThrownBy(() -> RelayFrame.parse("[\"OK\",\"id\",\"false\"]")).hasMessageContaining("true or false");
        assertThatThrownBy(() -> RelayFrame.parse("[\"NOTICE\",\"" + "a".repeat(5000) + "\"]")).hasMessageContaining("at most 4096");
        assertThatThrownBy(() -> RelayFrame.parse("[\"WHAT\"]")).hasMessageContaining("unknown relay message type \"WHAT\"");
        assertThatThrownBy(() -> RelayFrame.parse("[" .repeat(100) + "]".repeat(100))).hasMessageContaining("nesting depth");
        assertThatThrownBy(() -> RelayFrame.parse("[\"EVENT\",\"s\",{\"k\":1,\"k\":2}]")).hasMessageContaining("Duplicate field");
    }

    @Test
    void clientMessagesEscapeTopics() throws Exception {
        String req = RelayFrame.req("sub", List.of(20001), 5, List.of("a\"b\\c\u0001"));
        assertThat(RelayFrame.JSON.readTree(req).get(2).get("#x").get(0).asText()).isEqualTo("a\"b\\c\u0001");
        assertThat(RelayFrame.close("sub")).isEqualTo("[\"CLOSE\",\"sub\"]");
    }
}
