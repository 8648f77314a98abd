package io.peerset.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerset.api.Draft;
import io.peerset.api.Identity;
import io.peerset.api.InvalidRecordException;
import io.peerset.api.Moderation;
import io.peerset.api.Peerset;
import io.peerset.api.Query;
import io.peerset.api.SignedRecord;
import io.peerset.api.Room;
import io.peerset.api.Verdict;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class NodeLifecycleTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @Test
    void moderationRefusalFailsTheLocalWriteWithTheReason() {
        try (Nodes nodes = new Nodes()) {
            Moderation noLinks = Moderation.of(new io.peerset.api.ModerationFilter() {
                @Override
                public Verdict check(SignedRecord r, io.peerset.api.ModerationContext c) {
                    return r.content().contains("http") ? Verdict.reject("links are not allowed in text") : Verdict.accept();
                }

                @Override
                public String name() {
                    return "no-links";
                }
            });
            Room room = nodes.node(b -> b.moderation(noLinks)).join("app", "mod");
            assertThatThrownBy(() -> room.put(Draft.text("see http://x")).get())
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("no-links").hasMessageContaining("links are not allowed in text");
            assertThat(room.size()).isZero();
        }
    }

    @Test
    void publishVerifiesAndRejectsForgedOrFutureRecords() throws Exception {
        try (Nodes nodes = new Nodes()) {
            Room room = nodes.node().join("app", "publish");
            Identity author = Identity.generate();
            SignedRecord good = author.sign(Draft.text("signed elsewhere"));
            assertThat(room.publish(good).get()).isEqualTo(good);
            SignedRecord other = author.sign(Draft.text("other"));
            SignedRecord forged = SignedRecord.of(other.id(), other.pubkey(), other.createdAt(), other.kind(), other.tags(), other.content(), good.sig());
            assertThatThrownBy(() -> room.publish(forged).get()).cause()
                .isInstanceOf(InvalidRecordException.class).hasMessageContaining("signature");
            long future = Instant.now().plus(Duration.ofHours(2)).getEpochSecond();
            SignedRecord tooNew = author.sign(Draft.text("from the future").createdAt(future));
            assertThatThrownBy(() -> room.publish(tooNew).get()).cause()
                .isInstanceOf(InvalidRecordException.class).hasMessageContaining("in the future");
            assertThat(room.query(Query.all()).get()).containsExactly(good);
        }
    }

    @Test
    void subscribersHearNewRecordsInOrderAndDuplicatesOnce() throws Exception {
        try (Nodes nodes = new Nodes()) {
            Room room = nodes.node().join("app", "subs");
            List<SignedRecord> heard = new CopyOnWriteArrayList<>();
            room.subscribe(heard::add);
            SignedRecord a = room.put(Draft.text("a")).get();
            SignedRecord b = room.put(Draft.text("b")).get();
            assertThat(room.publish(a).get()).isEqualTo(a);
            Nodes.await("two heard", DEADLINE, () -> heard.size() >= 2);
            assertThat(heard).containsExactly(a, b);
        }
    }

    @Test
    void recordsOlderThanTheRetentionArePruned() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        try (Nodes nodes = new Nodes()) {
            Room room = nodes.node(b -> b.clock(clock).retention(Duration.ofSeconds(4))).join("app", "prune");
            SignedRecord r = room.put(Draft.text("short-lived").createdAtMillis(clock.millis())).get();
            assertThat(room.get(r.id()).get()).isPresent();
            clock.advance(Duration.ofSeconds(30));
            Nodes.await("record pruned", DEADLINE, () -> room.size() == 0);
            assertThatThrownBy(() -> room.put(Draft.text("old").createdAtMillis(clock.millis() - 60_000)).get()).cause()
                .isInstanceOf(InvalidRecordException.class).hasMessageContaining("retention");
        }
    }

    @Test
    void unknownStoreNameSaysWhichAreAvailable() {
        assertThatThrownBy(() -> Peerset.builder().store("no-such-store", "").build())
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("no-such-store").hasMessageContaining("memory");
    }

    @Test
    void joiningARoomTwiceIsRefusedUntilItIsClosed() {
        try (Nodes nodes = new Nodes()) {
            Peerset node = nodes.node();
            Room room = node.join("app", "twice");
            assertThatThrownBy(() -> node.join("app", "twice")).isInstanceOf(IllegalStateException.class).hasMessageContaining("already joined");
            room.close();
            assertThat(node.rooms()).isEmpty();
            assertThat(node.join("app", "twice").roomId()).isEqualTo("twice");
        }
    }

    @Test
    void closingNodesLeavesNoThreadsBehind() throws Exception {
        try (Nodes nodes = new Nodes()) {
            Peerset a = nodes.node();
            Peerset b = nodes.node();
            Room ra = a.join("app", "threads");
            Room rb = b.join("app", "threads");
            ra.put(Draft.text("x")).get();
            Nodes.await("synced", DEADLINE, () -> rb.size() == 1);
            String ta = a.toString().substring(8, 14);
            String tb = b.toString().substring(8, 14);
            a.close();
            b.close();
            a.close(); // idempotent
            Nodes.await("engine threads gone", DEADLINE, () -> Thread.getAllStackTraces().keySet().stream()
                .map(Thread::getName)
                .noneMatch(n -> n.contains(ta) || n.contains(tb) || (n.startsWith("memlink-") && (n.contains(ra.selfId()) || n.contains(rb.selfId())))));
            assertThatThrownBy(() -> ra.put(Draft.text("after close")).get()).isInstanceOf(Exception.class);
        }
    }

    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }
}
