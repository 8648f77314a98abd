package io.peerset.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerset.api.Ban;
import io.peerset.api.Draft;
import io.peerset.api.Identity;
import io.peerset.api.InvalidRecordException;
import io.peerset.api.Peerset;
import io.peerset.api.SignedRecord;
import io.peerset.core.trystero.TrysteroIds;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** Bans are node-wide ({@code Room.bans()}): the rooms of one Peerset share one ban list. */
class NodeWideBansTest {

    @Test
    void twoRoomsOfOnePeersetShareOneBanList() {
        try (Nodes nodes = new Nodes()) {
            Peerset node = nodes.node();
            RoomImpl a = (RoomImpl) node.join("app", "room-a");
            RoomImpl b = (RoomImpl) node.join("app", "room-b");
            assertThat(a.engine()).isNotSameAs(b.engine());
            assertThat(a.engine().bans()).isSameAs(b.engine().bans());

            String peer = TrysteroIds.randomPeerId();
            assertThat(b.wants(peer)).isTrue();
            a.engine().bans().ban(peer, null, "struck out in room a");
            assertThat(b.wants(peer)).as("a peer banned in room a is refused in room b").isFalse();
            assertThat(b.bans()).extracting(Ban::id).contains(peer);
            assertThat(b.bans()).isEqualTo(a.bans());
        }
    }

    @Test
    void anAuthorBannedInOneRoomIsRefusedInTheOther() throws Exception {
        try (Nodes nodes = new Nodes()) {
            Peerset node = nodes.node();
            RoomImpl a = (RoomImpl) node.join("app", "room-a");
            RoomImpl b = (RoomImpl) node.join("app", "room-b");
            Identity author = Identity.generate();
            a.engine().bans().banAuthor(author.publicKeyHex(), "refused by moderation in room a");
            SignedRecord r = author.sign(Draft.text("hello room b"));
            assertThatThrownBy(() -> b.publish(r).get())
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("banned");
            assertThat(b.size()).isZero();
        }
    }
}
