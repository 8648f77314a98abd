package io.peerset.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.core.memory.MemoryLink;
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

    private static PeerSession session(RoomImpl room, String peerId) {
        return room.sessions().stream().filter(s -> s.peerId().equals(peerId)).findFirst().orElseThrow();
    }
}
