package io.peerset.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.Draft;
import io.peerset.api.Identity;
import io.peerset.api.Moderation;
import io.peerset.api.ModerationFilter;
import io.peerset.api.Room;
import io.peerset.api.SignedRecord;
import io.peerset.api.Verdict;
import io.peerset.core.wire.Payload;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The engine's time comes from the configured clock and ticker only. */
class ConfiguredTimeTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final Instant FIXED = Instant.parse("2031-05-06T07:08:09.123Z");

    private static final ModerationFilter NO_FORBIDDEN = new ModerationFilter() {
        @Override public String name() { return "no-forbidden"; }
        @Override public Verdict check(SignedRecord r, io.peerset.api.ModerationContext c) {
            return r.content().contains("forbidden") ? Verdict.reject("says forbidden") : Verdict.accept();
        }
    };

    @Test
    void anUndatedDraftIsDatedByTheRoomsClock() throws Exception {
        try (Nodes nodes = new Nodes()) {
            Room room = nodes.node(b -> b.clock(Clock.fixed(FIXED, ZoneOffset.UTC))).join("app", "clock");
            SignedRecord r = room.put(Draft.text("when?")).get();
            assertThat(r.createdAt()).isEqualTo(FIXED.getEpochSecond());
            assertThat(r.tags()).contains(java.util.List.of("ms", Long.toString(FIXED.toEpochMilli())));
            SignedRecord dated = room.put(Draft.text("then").createdAtMillis(FIXED.toEpochMilli() - 5000)).get();
            assertThat(dated.createdAt()).as("an explicit time wins").isEqualTo(FIXED.getEpochSecond() - 5);
        }
    }

    @Test
    void authorStrikesDecayByTheConfiguredTickerNotByWallTime() throws Exception {
        AtomicLong nanos = new AtomicLong(42);
        try (Nodes nodes = new Nodes()) {
            Room room = nodes.node(b -> b.ticker(nanos::get).moderation(Moderation.of(NO_FORBIDDEN))
                .strikeDecay(Duration.ofMinutes(1)).authorStrikeThreshold(10).strikeThreshold(100)).join("app", "ticker");
            RoomEngine node = ((RoomImpl) room).node();
            Identity spammer = Identity.generate();
            try (RawPeer raw = new RawPeer(nodes.network, "app", "ticker")) {
                raw.awaitLink(DEADLINE);
                raw.handshakeAs(Identity.generate(), room.selfId());
                Nodes.await("raw peer active", DEADLINE, () -> Nodes.active(room, 1));
                raw.send("ps/event", Payload.ofString("[" + spammer.sign(Draft.text("forbidden 1")).toJson() + ","
                    + spammer.sign(Draft.text("forbidden 2")).toJson() + "]"));
                Nodes.await("two author strikes", DEADLINE, () -> node.authorStrikes(spammer.publicKeyHex()) == 2);
                Thread.sleep(200);
                assertThat(node.authorStrikes(spammer.publicKeyHex())).as("wall time passing forgives nothing").isEqualTo(2);
                nanos.addAndGet(Duration.ofMinutes(1).toNanos());
                assertThat(node.authorStrikes(spammer.publicKeyHex())).isEqualTo(1);
                nanos.addAndGet(Duration.ofMinutes(1).toNanos());
                assertThat(node.authorStrikes(spammer.publicKeyHex())).isZero();
            }
        }
    }
}
