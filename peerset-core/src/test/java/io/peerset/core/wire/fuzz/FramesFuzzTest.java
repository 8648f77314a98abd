package io.peerset.core.wire.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.peerset.core.ProtocolViolation;
import io.peerset.api.fuzz.SeedMutator;
import io.peerset.core.wire.ActionMessage;
import io.peerset.core.wire.Frame;
import io.peerset.core.wire.FrameAssembler;
import io.peerset.core.wire.Frames;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the Trystero data-channel decoders: {@link Frames#decode} on single
 * messages, and a {@link FrameAssembler} fed a stream of frames. Every frame either
 * decodes into something that re-encodes to the same bytes, or is refused with a
 * {@link ProtocolViolation}; the assembler never holds more than its bounds, whatever
 * it is fed, and never hands out a message larger than its action's limit.
 */
class FramesFuzzTest {
    /** The room token of the link under test (Trystero tokens are 64 hex characters; any 1-256 bytes work). */
    static final String TOKEN = "3f1c2a0b9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a";
    static final FrameAssembler.Limits LIMITS = new FrameAssembler.Limits(
        4, 40_000, 60_000_000_000L, 512, 8, a -> a.equals("big") ? 36_000 : 2_000);
    private static final long TTL_JUMP_NANOS = 61_000_000_000L;

    @FuzzTest(maxDuration = "40m", maxExecutions = 1_000_000)
    void decodeAcceptsOrRejectsCleanly(byte[] message) {
        checkDecode(message);
    }

    @FuzzTest(maxDuration = "40m", maxExecutions = 1_000_000)
    void assemblerStaysWithinItsBounds(byte[] stream) {
        checkAssembler(stream);
    }

    @Test
    void decodeSurvivesSeededMutationsOfTheSeedCorpus() {
        SeedMutator m = new SeedMutator(1, SeedMutator.seedCorpus(FramesFuzzTest.class, "decodeAcceptsOrRejectsCleanly"));
        for (int i = 0; i < 20_000; i++) {
            checkDecode(m.next());
        }
    }

    @Test
    void assemblerSurvivesSeededMutationsOfTheSeedCorpus() {
        SeedMutator m = new SeedMutator(2, SeedMutator.seedCorpus(FramesFuzzTest.class, "assemblerStaysWithinItsBounds"));
        for (int i = 0; i < 5_000; i++) {
            checkAssembler(m.next());
        }
    }

    static void checkDecode(byte[] message) {
        Frame f;
        try {
            f = Frames.decode(message);
        } catch (ProtocolViolation v) {
            requireReason(v);
            return;
        }
        byte[] again;
        if (f instanceof Frame.Presence p) {
            again = Frames.presence(p.roomToken(), p.present());
        } else {
            again = encode((Frame.RoomChunk) f);
        }
        if (!Arrays.equals(again, message)) {
            throw new AssertionError("decoded frame " + f + " does not re-encode to its bytes");
        }
    }

    /** The input is a stream of frames, each prefixed by a 16-bit big-endian length; length 0 lets 61 s pass. */
    static void checkAssembler(byte[] stream) {
        long[] now = {0};
        FrameAssembler a = new FrameAssembler(Set.of(TOKEN), LIMITS, () -> now[0]);
        int pos = 0;
        while (pos + 2 <= stream.length) {
            int len = ((stream[pos] & 0xff) << 8) | (stream[pos + 1] & 0xff);
            pos += 2;
            if (len == 0) {
                now[0] += TTL_JUMP_NANOS;
                continue;
            }
            byte[] frame = Arrays.copyOfRange(stream, pos, Math.min(stream.length, pos + len));
            pos += frame.length;
            now[0] += 1_000_000;
            Object out;
            try {
                out = a.accept(frame);
            } catch (ProtocolViolation v) {
                requireReason(v);
                out = null;
            }
            if (out instanceof ActionMessage m) {
                if (!m.roomToken().equals(TOKEN)) {
                    throw new AssertionError("message for a room not on this link: " + m.roomToken());
                }
                int max = LIMITS.maxMessageBytes().applyAsInt(m.action());
                if (m.payload().size() > max) {
                    throw new AssertionError("message of " + m.payload().size() + " bytes over the limit " + max);
                }
            } else if (out != null && !(out instanceof Frame.Presence)) {
                throw new AssertionError("unexpected result " + out);
            }
            if (a.bufferedBytes() < 0 || a.bufferedBytes() > LIMITS.maxBufferedBytes()) {
                throw new AssertionError("buffered bytes out of bounds: " + a.bufferedBytes());
            }
            if (a.partialCount() < 0 || a.partialCount() > LIMITS.maxPartials()) {
                throw new AssertionError("partial messages out of bounds: " + a.partialCount());
            }
        }
    }

    private static byte[] encode(Frame.RoomChunk c) {
        byte[] token = c.roomToken().getBytes(StandardCharsets.UTF_8);
        byte[] name = c.action().getBytes(StandardCharsets.UTF_8);
        if (name.length == 0 || name.length > Frames.ACTION_NAME_BYTES || c.nonce() < 0 || c.nonce() > 0xffff
            || c.chunk().length > Frames.CHUNK_BYTES) {
            throw new AssertionError("decoded chunk breaks the frame layout: " + c);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(Frames.ROOM_FRAME);
        out.write(token.length >>> 8);
        out.write(token.length);
        out.writeBytes(token);
        out.writeBytes(Arrays.copyOf(name, Frames.ACTION_NAME_BYTES));
        out.write(c.nonce() >>> 8);
        out.write(c.nonce());
        out.write(c.flags());
        out.write(c.progress());
        out.writeBytes(c.chunk());
        return out.toByteArray();
    }

    private static void requireReason(ProtocolViolation v) {
        if (v.getMessage() == null || v.getMessage().isBlank()) {
            throw new AssertionError("protocol violation without a reason", v);
        }
    }
}
