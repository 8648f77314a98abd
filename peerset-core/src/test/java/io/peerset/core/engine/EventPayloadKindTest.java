package io.peerset.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerset.api.Draft;
import io.peerset.api.Identity;
import io.peerset.api.PeerInfo;
import io.peerset.api.Room;
import io.peerset.api.SignedRecord;
import io.peerset.core.wire.ActionMessage;
import io.peerset.core.wire.Payload;
import io.peerset.core.wire.PayloadKind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * ps/event is sent as Trystero JSON (json flag) so that a browser's {@code makeAction('ps/event')}
 * receives an array; a receiver accepts the JSON form and the older string form alike.
 */
class EventPayloadKindTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private static Optional<PeerInfo> info(Room room, String peerId) {
        return room.peers().stream().filter(p -> p.peerId().equals(peerId)).findFirst();
    }

    @Test
    void nodeSendsEventsWithTheJsonFlagAndAcceptsBothForms() throws Exception {
        try (Nodes nodes = new Nodes()) {
            Room room = nodes.node().join("app", "kinds");
            try (RawPeer raw = new RawPeer(nodes.network, "app", "kinds")) {
                raw.awaitLink(DEADLINE);
                raw.handshakeAs(Identity.generate(), room.selfId());
                Nodes.await("raw peer active", DEADLINE, () -> info(room, raw.selfId).map(p -> p.state().equals("ACTIVE")).orElse(false));

                SignedRecord local = room.put(Draft.text("pushed as JSON")).join();
                ActionMessage pushed = raw.await("ps/event", DEADLINE);
                assertThat(pushed.payload().kind()).isEqualTo(PayloadKind.JSON);
                JsonNode array = new ObjectMapper().readTree(pushed.payload().bytes());
                assertThat(array.isArray()).isTrue();
                assertThat(array.get(0).get("id").asText()).isEqualTo(local.id());

                Identity author = Identity.generate();
                SignedRecord asJson = author.sign(Draft.text("sent with the json flag"));
                SignedRecord asString = author.sign(Draft.text("sent as a string"));
                raw.send("ps/event", Payload.of(PayloadKind.JSON, ("[" + asJson.toJson() + "]").getBytes(StandardCharsets.UTF_8)));
                raw.send("ps/event", Payload.ofString("[" + asString.toJson() + "]"));
                Nodes.await("both stored", DEADLINE,
                    () -> room.get(asJson.id()).join().isPresent() && room.get(asString.id()).join().isPresent());
                assertThat(info(room, raw.selfId).orElseThrow().strikes()).isZero();
            }
        }
    }
}
