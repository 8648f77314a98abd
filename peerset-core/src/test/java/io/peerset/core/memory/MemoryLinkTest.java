package io.peerset.core.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerset.core.link.Link;
import io.peerset.core.link.LinkClosedException;
import io.peerset.core.wire.ActionEncoder;
import io.peerset.core.wire.Payload;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class MemoryLinkTest {
    private static void await(String what, BooleanSupplier c) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(10);
        }
    }

    private static final class Recorder implements Link.Listener {
        final List<byte[]> messages = new CopyOnWriteArrayList<>();
        final AtomicInteger closes = new AtomicInteger();

        @Override public void onMessage(byte[] message) { messages.add(message); }
        @Override public void onClose(String reason) { closes.incrementAndGet(); }
    }

    @Test
    void deliversInOrderBothWaysAndHoldsMessagesUntilAListenerIsSet() throws Exception {
        MemoryLink.Pair p = MemoryLink.pair("aaaa", "bbbb", MemoryLink.Options.reliable().withDelay(1, 3), 1);
        for (int i = 0; i < 500; i++) {
            p.a().send(new byte[] {(byte) i});
        }
        Recorder rb = new Recorder();
        p.b().setListener(rb);
        Recorder ra = new Recorder();
        p.a().setListener(ra);
        p.b().send(new byte[] {42});
        await("all delivered", () -> rb.messages.size() == 500 && ra.messages.size() == 1);
        for (int i = 0; i < 500; i++) {
            assertThat(rb.messages.get(i)[0]).isEqualTo((byte) i);
        }
        assertThat(p.a().remotePeerId()).isEqualTo("bbbb");
        p.a().close();
    }

    @Test
    void closingOneEndClosesBothAndEachListenerHearsItOnce() throws Exception {
        MemoryLink.Pair p = MemoryLink.pair("a", "b", MemoryLink.Options.reliable(), 2);
        Recorder ra = new Recorder();
        Recorder rb = new Recorder();
        p.a().setListener(ra);
        p.b().setListener(rb);
        p.a().send(new byte[] {1});
        p.a().close();
        p.a().close();
        await("both closed", () -> ra.closes.get() == 1 && rb.closes.get() == 1);
        assertThat(p.b().isOpen()).isFalse();
        assertThatThrownBy(() -> p.b().send(new byte[] {2})).isInstanceOf(LinkClosedException.class);
    }

    @Test
    void lossDropsWholeTrysteroMessagesNeverSingleChunks() throws Exception {
        MemoryLink.Pair p = MemoryLink.pair("a", "b", MemoryLink.Options.reliable().withLoss(0.3), 3);
        Recorder rb = new Recorder();
        p.b().setListener(rb);
        ActionEncoder enc = new ActionEncoder("t".repeat(64));
        int sent = 400;
        for (int i = 0; i < sent; i++) {
            for (byte[] f : enc.encode("x", Payload.ofBytes(new byte[40_000]))) { // 3 chunks each
                p.a().send(f);
            }
        }
        // markers (not room frames, so lost one by one) until one gets through after everything
        await("a marker arrives", () -> {
            try {
                p.a().send(new byte[] {9});
            } catch (LinkClosedException e) {
                throw new AssertionError(e);
            }
            return rb.messages.stream().anyMatch(m -> m.length == 1);
        });
        int chunks = (int) rb.messages.stream().filter(m -> m.length > 1).count();
        assertThat(chunks % 3).isZero();
        assertThat(chunks).isBetween(3 * 200, 3 * 360);
        p.a().close();
    }

    @Test
    void aFullBufferBlocksThenFailsTheSender() throws Exception {
        MemoryLink.Options small = new MemoryLink.Options(0, 0, 0, Link.MAX_MESSAGE_BYTES, 50);
        MemoryLink.Pair p = MemoryLink.pair("a", "b", small, 4);
        byte[] big = new byte[Link.MAX_MESSAGE_BYTES / 2];
        p.a().send(big);
        p.a().send(big);
        assertThat(p.a().bufferedAmount()).isEqualTo(Link.MAX_MESSAGE_BYTES);
        assertThatThrownBy(() -> p.a().send(big)).isInstanceOf(LinkClosedException.class).hasMessageContaining("stayed full");
        p.b().setListener(new Recorder());
        await("drained", () -> p.a().bufferedAmount() == 0);
        p.a().send(big);
        p.a().close();
    }
}
