package io.peerset.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.Hex;
import io.peerset.api.Identity;
import io.peerset.core.link.Link;
import io.peerset.core.memory.MemoryLink;
import io.peerset.core.wire.ActionEncoder;
import io.peerset.core.wire.Payload;
import io.peerset.core.trystero.TrysteroIds;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Two links to one peer, negotiated at once through two strategies, must not leave the two
 * sides on different links: while the handshake runs, the link whose strategy name sorts
 * first wins on both sides, whatever order the links opened in.
 */
class DuplicateLinkTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @Test
    void whileHandshakingTheLinkOfTheFirstStrategyByNameWinsWhateverTheOrder() {
        try (Nodes nodes = new Nodes()) {
            RoomImpl room = (RoomImpl) nodes.node(b -> b.handshakeTimeout(Duration.ofSeconds(30))).join("app", "dup");
            String peer = TrysteroIds.randomPeerId();
            MemoryLink.Pair nostr = MemoryLink.pair(room.selfId(), peer, MemoryLink.Options.reliable(), 1);
            MemoryLink.Pair mqtt = MemoryLink.pair(room.selfId(), peer, MemoryLink.Options.reliable(), 2);
            MemoryLink.Pair torrent = MemoryLink.pair(room.selfId(), peer, MemoryLink.Options.reliable(), 3);

            room.onLink(peer, nostr.a(), "nostr");
            assertThat(session(room, peer).strategy()).isEqualTo("nostr");

            room.onLink(peer, mqtt.a(), "mqtt"); // sorts first: replaces the session still in its handshake
            assertThat(session(room, peer).strategy()).isEqualTo("mqtt");
            Nodes.await("the nostr link closed", DEADLINE, () -> !nostr.a().isOpen());

            room.onLink(peer, torrent.a(), "torrent"); // sorts after mqtt: dropped, the session stays
            assertThat(session(room, peer).strategy()).isEqualTo("mqtt");
            Nodes.await("the torrent link closed", DEADLINE, () -> !torrent.a().isOpen());
            assertThat(mqtt.a().isOpen()).isTrue();
            assertThat(room.sessions()).hasSize(1);
            assertThat(room.bans()).isEmpty();
        }
    }

    /**
     * Once this side has sent {@code @_hsready} on a link, the peer may turn ACTIVE on it at any moment, so a
     * link of a strategy sorting first no longer replaces it: replacing it then is how a session that was
     * ACTIVE on the other side could be closed (issue 16).
     */
    @Test
    void aSessionThatSentItsReadyIsNotReplacedByALinkOfAStrategySortingFirst() throws Exception {
        try (Nodes nodes = new Nodes()) {
            RoomImpl room = (RoomImpl) nodes.node(b -> b.handshakeTimeout(Duration.ofSeconds(30))).join("app", "dup2");
            String peer = TrysteroIds.randomPeerId();
            MemoryLink.Pair nostr = MemoryLink.pair(room.selfId(), peer, MemoryLink.Options.reliable(), 1);
            MemoryLink.Pair mqtt = MemoryLink.pair(room.selfId(), peer, MemoryLink.Options.reliable(), 2);
            nostr.b().setListener(new Link.Listener() {
                @Override
                public void onMessage(byte[] message) { }

                @Override
                public void onClose(String reason) { }
            });
            room.onLink(peer, nostr.a(), "nostr");

            // the peer's hello: the room answers it with its proof and then @_hsready
            ActionEncoder encoder = new ActionEncoder(TrysteroIds.roomToken("app", "dup2"));
            byte[] challenge = new byte[32];
            new java.security.SecureRandom().nextBytes(challenge);
            String hello = "{\"ps\":1,\"challenge\":\"" + Hex.encode(challenge) + "\",\"pubkey\":\""
                + Identity.generate().publicKeyHex() + "\"}";
            for (byte[] frame : encoder.encode("@_hsdata", Payload.ofJson(hello))) {
                nostr.b().send(frame);
            }
            Nodes.await("the room sent its ready on the nostr link", DEADLINE, () -> session(room, peer).committed());

            room.onLink(peer, mqtt.a(), "mqtt"); // sorts first, but the nostr session is committed: mqtt is dropped
            assertThat(session(room, peer).strategy()).isEqualTo("nostr");
            Nodes.await("the mqtt link closed", DEADLINE, () -> !mqtt.a().isOpen());
            assertThat(nostr.a().isOpen()).isTrue();
            assertThat(room.sessions()).hasSize(1);
        }
    }

    private static PeerSession session(RoomImpl room, String peerId) {
        return room.sessions().stream().filter(s -> s.peerId().equals(peerId)).findFirst().orElseThrow();
    }
}
