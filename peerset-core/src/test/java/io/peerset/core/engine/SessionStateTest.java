package io.peerset.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.Peerset;
import io.peerset.api.Room;
import io.peerset.core.engine.SessionState.Event;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class SessionStateTest {
    @Test
    void happyPathFollowsTheTable() {
        assertThat(SessionState.CONNECTED.next(Event.START)).contains(SessionState.HANDSHAKING);
        assertThat(SessionState.HANDSHAKING.next(Event.HELLO_RECEIVED)).contains(SessionState.AWAITING_PROOF);
        assertThat(SessionState.AWAITING_PROOF.next(Event.PROOF_ACCEPTED)).contains(SessionState.HANDSHAKING);
        assertThat(SessionState.HANDSHAKING.next(Event.ACTIVATED)).contains(SessionState.ACTIVE);
        assertThat(SessionState.ACTIVE.next(Event.IDLE_TIMEOUT)).contains(SessionState.CLOSING);
        assertThat(SessionState.CLOSING.next(Event.LINK_CLOSED)).contains(SessionState.CLOSED);
    }

    @Test
    void illegalTransitionsAreRefusedByTheTable() {
        assertThat(SessionState.CONNECTED.next(Event.ACTIVATED)).isEmpty();
        assertThat(SessionState.AWAITING_PROOF.next(Event.ACTIVATED)).isEmpty();
        assertThat(SessionState.ACTIVE.next(Event.HELLO_RECEIVED)).isEmpty();
        assertThat(SessionState.ACTIVE.next(Event.HANDSHAKE_TIMEOUT)).isEmpty();
        assertThat(SessionState.ACTIVE.next(Event.START)).isEmpty();
        assertThat(SessionState.HANDSHAKING.next(Event.IDLE_TIMEOUT)).isEmpty();
        assertThat(SessionState.CLOSING.next(Event.ACTIVATED)).isEmpty();
        for (Event e : Event.values()) {
            assertThat(SessionState.CLOSED.next(e)).as("CLOSED + " + e).isEmpty();
        }
    }

    @Test
    void everyOpenStateCanBeClosedAndEveryStateReachesClosed() {
        for (SessionState s : SessionState.values()) {
            if (s.isOpen()) {
                assertThat(s.next(Event.CLOSE_REQUESTED)).as(s + " + CLOSE_REQUESTED").contains(SessionState.CLOSING);
                assertThat(s.next(Event.LINK_CLOSED)).as(s + " + LINK_CLOSED").contains(SessionState.CLOSED);
            }
        }
    }

    @Test
    void liveSessionRefusesIllegalEventsAndKeepsItsState() throws Exception {
        try (Nodes nodes = new Nodes()) {
            Peerset a = nodes.node();
            Peerset b = nodes.node();
            Room ra = a.join("app", "fsm");
            b.join("app", "fsm");
            Nodes.await("active", Duration.ofSeconds(20), () -> Nodes.active(ra, 1));
            RoomImpl room = (RoomImpl) ra;
            PeerSession s = room.sessions().get(0);
            CompletableFuture<boolean[]> results = new CompletableFuture<>();
            room.execute(() -> results.complete(new boolean[] {
                s.apply(Event.START, "test"), s.apply(Event.HELLO_RECEIVED, "test"), s.apply(Event.ACTIVATED, "test")}));
            assertThat(results.get()).containsExactly(false, false, false);
            assertThat(s.state()).isEqualTo(SessionState.ACTIVE);
        }
    }
}
