package io.peerset.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerset.core.ProtocolViolation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FramesTest {
    private static final String TOKEN = "a".repeat(64);
    private static final int C = Frames.CHUNK_BYTES;

    private static FrameAssembler assembler() {
        return new FrameAssembler(Set.of(TOKEN), FrameAssembler.DEFAULT_LIMITS.withMaxMessageBytes(a -> 1 << 20));
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    private static ActionMessage roundTrip(FrameAssembler asm, List<byte[]> frames) throws ProtocolViolation {
        Object last = null;
        for (int i = 0; i < frames.size(); i++) {
            last = asm.accept(frames.get(i));
            if (i < frames.size() - 1) {
                assertThat(last).isNull();
            }
        }
        return (ActionMessage) last;
    }

    @Test
    void roomFrameLayoutMatchesTrystero() {
        List<byte[]> frames = Frames.roomFrames(TOKEN, "ps/event", 0x0102, Payload.ofString("hi"));
        assertThat(frames).hasSize(1);
        byte[] f = frames.get(0);
        assertThat(f.length).isEqualTo(3 + 64 + 36 + 2);
        assertThat(f[0]).isEqualTo((byte) 1);
        assertThat(f[1]).isEqualTo((byte) 0);
        assertThat(f[2]).isEqualTo((byte) 64);
        assertThat(new String(f, 3, 64, StandardCharsets.UTF_8)).isEqualTo(TOKEN);
        byte[] name = Arrays.copyOfRange(f, 67, 67 + 32);
        byte[] expectedName = new byte[32];
        System.arraycopy("ps/event".getBytes(StandardCharsets.UTF_8), 0, expectedName, 0, 8);
        assertThat(name).isEqualTo(expectedName);
        assertThat(f[67 + 32]).isEqualTo((byte) 0x01);
        assertThat(f[67 + 33]).isEqualTo((byte) 0x02);
        assertThat(f[67 + 34]).isEqualTo((byte) 0x01); // last, string: no type flags
        assertThat(f[67 + 35] & 0xff).isEqualTo(255);
        assertThat(new String(f, 67 + 36, 2, StandardCharsets.UTF_8)).isEqualTo("hi");
    }

    @Test
    void payloadKindsSetTrysteroFlags() {
        assertThat(Frames.roomFrames(TOKEN, "x", 0, Payload.ofBytes(new byte[] {1})).get(0)[67 + 34]).isEqualTo((byte) (1 | 4 | 8));
        assertThat(Frames.roomFrames(TOKEN, "x", 0, Payload.ofJson("{}")).get(0)[67 + 34]).isEqualTo((byte) (1 | 8));
    }

    @Test
    void presenceFrameLayoutMatchesTrystero() throws ProtocolViolation {
        byte[] p = Frames.presence(TOKEN, true);
        assertThat(p.length).isEqualTo(4 + 64);
        assertThat(Arrays.copyOf(p, 4)).isEqualTo(new byte[] {2, 1, 0, 64});
        assertThat(assembler().accept(p)).isEqualTo(new Frame.Presence(TOKEN, true));
        assertThat(Frames.presence(TOKEN, false)[1]).isEqualTo((byte) 0);
    }

    @Test
    void progressBytesFollowTrysteroRounding() {
        List<byte[]> frames = Frames.roomFrames(TOKEN, "x", 0, Payload.ofBytes(bytes(3 * C)));
        int[] progress = frames.stream().mapToInt(f -> f[67 + 35] & 0xff).toArray();
        assertThat(progress).containsExactly(85, 170, 255);
        List<byte[]> two = Frames.roomFrames(TOKEN, "x", 0, Payload.ofBytes(bytes(C + 1)));
        assertThat(two.get(0)[67 + 35] & 0xff).isEqualTo(128); // Math.round(127.5)
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 100, C - 1, C, C + 1, 2 * C, 2 * C + 7, 5 * C - 3})
    void chunkingRoundTripsAtBoundarySizes(int size) throws ProtocolViolation {
        for (PayloadKind kind : PayloadKind.values()) {
            byte[] data = bytes(size);
            List<byte[]> frames = Frames.roomFrames(TOKEN, "ps/neg", 7, Payload.of(kind, data));
            assertThat(frames).hasSize(Math.max(1, (size + C - 1) / C));
            for (byte[] f : frames) {
                assertThat(f.length - 3 - 64 - 36).isLessThanOrEqualTo(C);
            }
            ActionMessage m = roundTrip(assembler(), frames);
            assertThat(m.action()).isEqualTo("ps/neg");
            assertThat(m.roomToken()).isEqualTo(TOKEN);
            assertThat(m.payload().kind()).isEqualTo(kind);
            assertThat(m.payload().bytes()).isEqualTo(data);
        }
    }

    @Test
    void interleavedMessagesOfOneActionReassembleSeparately() throws ProtocolViolation {
        ActionEncoder enc = new ActionEncoder(TOKEN);
        byte[] a = bytes(2 * C + 3);
        byte[] b = bytes(C + 9);
        List<byte[]> fa = enc.encode("ps/event", Payload.ofBytes(a));
        List<byte[]> fb = enc.encode("ps/event", Payload.ofBytes(b));
        FrameAssembler asm = assembler();
        assertThat(asm.accept(fa.get(0))).isNull();
        assertThat(asm.accept(fb.get(0))).isNull();
        assertThat(asm.accept(fa.get(1))).isNull();
        assertThat(((ActionMessage) asm.accept(fb.get(1))).payload().bytes()).isEqualTo(b);
        assertThat(((ActionMessage) asm.accept(fa.get(2))).payload().bytes()).isEqualTo(a);
        assertThat(asm.bufferedBytes()).isZero();
    }

    @Test
    void encoderCountsNoncesPerActionAndWraps() {
        ActionEncoder enc = new ActionEncoder(TOKEN);
        for (int i = 0; i < 65535; i++) {
            enc.encode("a", Payload.EMPTY_STRING);
        }
        assertThat(enc.encode("a", Payload.EMPTY_STRING).get(0)[67 + 33] & 0xff).isEqualTo(0xff);
        byte[] wrapped = enc.encode("a", Payload.EMPTY_STRING).get(0);
        assertThat(wrapped[67 + 32]).isEqualTo((byte) 0);
        assertThat(wrapped[67 + 33]).isEqualTo((byte) 0);
        assertThat(enc.encode("b", Payload.EMPTY_STRING).get(0)[67 + 33]).isEqualTo((byte) 0);
    }

    @Test
    void metadataChunkIsSkippedLikeTrysteroReadsIt() throws ProtocolViolation {
        byte[] meta = frame(TOKEN, "@_response", 3, Frames.FLAG_META | Frames.FLAG_JSON, 128, "{\"r\":\"x\"}".getBytes(StandardCharsets.UTF_8));
        byte[] body = frame(TOKEN, "@_response", 3, Frames.FLAG_LAST | Frames.FLAG_JSON, 255, "42".getBytes(StandardCharsets.UTF_8));
        FrameAssembler asm = assembler();
        assertThat(asm.accept(meta)).isNull();
        ActionMessage m = (ActionMessage) asm.accept(body);
        assertThat(m.payload().text()).isEqualTo("42");
        assertThat(m.payload().kind()).isEqualTo(PayloadKind.JSON);
    }

    @Test
    void actionNamesOver32BytesAreRefusedWhenSending() {
        assertThatThrownBy(() -> Frames.roomFrames(TOKEN, "x".repeat(33), 0, Payload.EMPTY_STRING))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 32");
    }

    /** Builds one room frame by hand, bypassing the encoder's checks. */
    static byte[] frame(String token, String action, int nonce, int flags, int progress, byte[] chunk) {
        byte[] t = token.getBytes(StandardCharsets.UTF_8);
        byte[] name = action.getBytes(StandardCharsets.UTF_8);
        byte[] f = new byte[3 + t.length + 36 + chunk.length];
        f[0] = 1;
        f[1] = (byte) (t.length >>> 8);
        f[2] = (byte) t.length;
        System.arraycopy(t, 0, f, 3, t.length);
        int h = 3 + t.length;
        System.arraycopy(name, 0, f, h, Math.min(32, name.length));
        f[h + 32] = (byte) (nonce >>> 8);
        f[h + 33] = (byte) nonce;
        f[h + 34] = (byte) flags;
        f[h + 35] = (byte) progress;
        System.arraycopy(chunk, 0, f, h + 36, chunk.length);
        return f;
    }

    private static void rejects(FrameAssembler asm, byte[] frame, String messagePart) {
        assertThatThrownBy(() -> asm.accept(frame)).isInstanceOf(ProtocolViolation.class).hasMessageContaining(messagePart);
    }

    @Test
    void everyMalformedFrameCategoryIsRejected() throws ProtocolViolation {
        FrameAssembler asm = assembler();
        byte[] ok = frame(TOKEN, "ps/event", 1, Frames.FLAG_LAST, 255, new byte[] {'[', ']'});
        rejects(asm, new byte[0], "empty");
        rejects(asm, new byte[] {9, 0, 0}, "unknown frame type");
        rejects(asm, new byte[] {1, 0}, "at least 3");
        rejects(asm, new byte[] {1, 0, 0, 1, 2, 3}, "token length 0");
        rejects(asm, Arrays.copyOf(ok, 3 + 64 + 20), "shorter than its header");
        byte[] badTokenLen = ok.clone();
        badTokenLen[1] = 0x10;
        rejects(asm, badTokenLen, "token length");
        rejects(asm, frame("b".repeat(64), "ps/event", 1, Frames.FLAG_LAST, 255, new byte[0]), "not a room of this connection");
        rejects(asm, frame(TOKEN, "ps/event", 1, Frames.FLAG_LAST, 255, new byte[C + 1]), "at most " + C);
        byte[] garbageAfterNul = frame(TOKEN, "ab", 1, Frames.FLAG_LAST, 255, new byte[0]);
        garbageAfterNul[67 + 5] = 'x';
        rejects(asm, garbageAfterNul, "after its NUL padding");
        rejects(asm, frame(TOKEN, "", 1, Frames.FLAG_LAST, 255, new byte[0]), "empty action name");
        byte[] badUtf8 = frame(TOKEN, "ab", 1, Frames.FLAG_LAST, 255, new byte[0]);
        badUtf8[67] = (byte) 0xc3;
        badUtf8[68] = (byte) 0x28;
        rejects(asm, badUtf8, "not valid UTF-8");
        rejects(asm, frame(TOKEN, "ps/event", 1, Frames.FLAG_LAST | 0x40, 255, new byte[0]), "unknown bits");
        rejects(asm, new byte[] {2, 7, 0, 1, 'a'}, "present byte");
        rejects(asm, new byte[] {2, 1, 0, 5, 'a'}, "presence frame token length");
        rejects(asm, frame(TOKEN, "ps/event", 2, Frames.FLAG_LAST, 200, new byte[0]), "expected 255");
        // a valid frame still passes after all of that
        assertThat(asm.accept(ok)).isInstanceOf(ActionMessage.class);
    }

    @Test
    void chunkAfterLastIsRejected() throws ProtocolViolation {
        FrameAssembler asm = assembler();
        byte[] last = frame(TOKEN, "ps/event", 4, Frames.FLAG_LAST, 255, new byte[] {'[', ']'});
        assertThat(asm.accept(last)).isNotNull();
        rejects(asm, frame(TOKEN, "ps/event", 4, 0, 255, new byte[C]), "after that message's last chunk");
    }

    @Test
    void inconsistentMultiChunkMessagesAreRejected() throws ProtocolViolation {
        FrameAssembler asm = assembler();
        assertThat(asm.accept(frame(TOKEN, "a", 1, 0, 128, new byte[C]))).isNull();
        rejects(asm, frame(TOKEN, "a", 1, Frames.FLAG_LAST, 100, new byte[1]), "progress byte went back");

        asm = assembler();
        assertThat(asm.accept(frame(TOKEN, "b", 1, Frames.FLAG_BINARY | Frames.FLAG_JSON, 128, new byte[C]))).isNull();
        rejects(asm, frame(TOKEN, "b", 1, Frames.FLAG_LAST, 255, new byte[1]), "changes the payload type flags");

        asm = assembler();
        assertThat(asm.accept(frame(TOKEN, "c", 1, 0, 85, new byte[10]))).isNull();
        rejects(asm, frame(TOKEN, "c", 1, Frames.FLAG_LAST, 255, new byte[1]), "short chunk before its last");

        asm = assembler();
        assertThat(asm.accept(frame(TOKEN, "d", 1, 0, 85, new byte[C]))).isNull();
        rejects(asm, frame(TOKEN, "d", 1, Frames.FLAG_META, 170, new byte[2]), "metadata chunk");
    }

    @Test
    void messageSizeBoundIsEnforcedPerAction() throws ProtocolViolation {
        FrameAssembler asm = new FrameAssembler(Set.of(TOKEN),
            FrameAssembler.DEFAULT_LIMITS.withMaxMessageBytes(a -> a.equals("small") ? 100 : 1 << 20));
        rejects(asm, frame(TOKEN, "small", 0, Frames.FLAG_LAST, 255, new byte[101]), "exceeds 100 bytes");
        List<byte[]> big = Frames.roomFrames(TOKEN, "small", 1, Payload.ofBytes(bytes(3 * C)));
        rejects(asm, big.get(0), "exceeds 100 bytes");
        assertThat(asm.bufferedBytes()).isZero();
        assertThat(asm.accept(frame(TOKEN, "small", 2, Frames.FLAG_LAST, 255, new byte[100]))).isNotNull();
    }

    @Test
    void partialMessageCountAndBufferedBytesAreBounded() throws ProtocolViolation {
        FrameAssembler.Limits l = new FrameAssembler.Limits(4, 3L * C, Long.MAX_VALUE / 2, 4096, 64, a -> 1 << 20);
        FrameAssembler asm = new FrameAssembler(Set.of(TOKEN), l);
        for (int n = 0; n < 3; n++) {
            assertThat(asm.accept(frame(TOKEN, "x", n, 0, 10, new byte[C]))).isNull();
        }
        rejects(asm, frame(TOKEN, "x", 3, 0, 10, new byte[C]), "bytes held in unfinished messages");

        FrameAssembler asm2 = new FrameAssembler(Set.of(TOKEN), new FrameAssembler.Limits(2, 1L << 30, Long.MAX_VALUE / 2, 4096, 64, a -> 1 << 20));
        asm2.accept(frame(TOKEN, "y", 0, 0, 10, new byte[C]));
        asm2.accept(frame(TOKEN, "y", 1, 0, 10, new byte[C]));
        rejects(asm2, frame(TOKEN, "y", 2, 0, 10, new byte[C]), "unfinished messages at once");
    }

    @Test
    void distinctActionNamesAreBounded() throws ProtocolViolation {
        FrameAssembler asm = new FrameAssembler(Set.of(TOKEN), new FrameAssembler.Limits(4, 1L << 20, 1_000_000_000L, 4096, 3, a -> 1024));
        for (int i = 0; i < 3; i++) {
            asm.accept(frame(TOKEN, "act" + i, 0, Frames.FLAG_LAST, 255, new byte[0]));
        }
        rejects(asm, frame(TOKEN, "act3", 0, Frames.FLAG_LAST, 255, new byte[0]), "distinct action names");
    }

    @Test
    void unfinishedMessagesExpireAndFreeTheirBytes() throws ProtocolViolation {
        AtomicLong now = new AtomicLong();
        FrameAssembler asm = new FrameAssembler(Set.of(TOKEN), new FrameAssembler.Limits(1, 1L << 20, 1_000, 4096, 64, a -> 1 << 20), now::get);
        assertThat(asm.accept(frame(TOKEN, "x", 0, 0, 10, new byte[C]))).isNull();
        assertThat(asm.bufferedBytes()).isEqualTo(C);
        now.addAndGet(2_000);
        assertThat(asm.accept(frame(TOKEN, "x", 1, 0, 10, new byte[C]))).isNull(); // the dead one made room
        assertThat(asm.partialCount()).isEqualTo(1);
        assertThat(asm.bufferedBytes()).isEqualTo(C);
    }

    @Test
    void framesOfAnotherAnnouncedRoomAreDroppedNotStruck() throws ProtocolViolation {
        FrameAssembler asm = assembler();
        String other = "c".repeat(64);
        assertThat(asm.accept(Frames.presence(other, true))).isEqualTo(new Frame.Presence(other, true));
        assertThat(asm.accept(frame(other, "ps/event", 0, Frames.FLAG_LAST, 255, new byte[0]))).isNull();
        asm.accept(Frames.presence(other, false));
        rejects(asm, frame(other, "ps/event", 1, Frames.FLAG_LAST, 255, new byte[0]), "not a room of this connection");
    }

    @Test
    void randomBytesNeverEscapeAsAnythingButProtocolViolation() {
        Random rnd = new Random(42);
        List<Throwable> unexpected = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[rnd.nextInt(200)];
            rnd.nextBytes(b);
            if (b.length > 0 && rnd.nextBoolean()) {
                b[0] = (byte) (1 + rnd.nextInt(2));
            }
            try {
                assembler().accept(b);
            } catch (ProtocolViolation e) {
                // expected
            } catch (RuntimeException e) {
                unexpected.add(e);
            }
        }
        assertThat(unexpected).isEmpty();
    }
}
