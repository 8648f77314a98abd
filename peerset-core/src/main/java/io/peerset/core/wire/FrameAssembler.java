package io.peerset.core.wire;

import io.peerset.core.ProtocolViolation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.ToIntFunction;

/**
 * Reassembles the Trystero frames arriving on one link into action messages, with
 * hard bounds: a largest message per action, a most partial messages at once, a
 * most bytes buffered, and a time after which an unfinished message is dropped.
 * Anything malformed throws {@link ProtocolViolation} saying what and what was
 * expected. Not thread-safe: one link's frames arrive on one thread.
 *
 * <p>Room frames must carry one of this link's room tokens. A token the peer
 * announced with a presence frame for a room we are not in is tolerated: its
 * frames are dropped (Trystero multiplexes all of an app's rooms on one connection).
 */
public final class FrameAssembler {
    /** The bounds. */
    public record Limits(int maxPartials, long maxBufferedBytes, long partialTtlNanos,
                         int maxMetaBytes, int maxActionNames, ToIntFunction<String> maxMessageBytes) {
        public Limits {
            Objects.requireNonNull(maxMessageBytes, "maxMessageBytes");
            if (maxPartials < 1 || maxBufferedBytes < 1 || partialTtlNanos < 1 || maxActionNames < 1) {
                throw new IllegalArgumentException("frame assembler limits must be positive");
            }
        }

        /** Same limits with another per-action maximum. */
        public Limits withMaxMessageBytes(ToIntFunction<String> f) {
            return new Limits(maxPartials, maxBufferedBytes, partialTtlNanos, maxMetaBytes, maxActionNames, f);
        }
    }

    /** Defaults: 16 partial messages, 4 MiB buffered, 60 s to finish a message, 4 KiB of metadata, 64 action names, 64 KiB per message. */
    public static final Limits DEFAULT_LIMITS = new Limits(16, 4L << 20, 60_000_000_000L, 4096, 64, a -> 64 * 1024);

    private static final int MAX_FOREIGN_TOKENS = 64;

    private final Set<String> tokens;
    private final Limits limits;
    private final LongSupplier nanoClock;
    private final Set<String> foreignTokens = new HashSet<>();
    private final Map<Key, Partial> partials = new LinkedHashMap<>();
    private final Map<String, Integer> lastCompleted = new HashMap<>();
    private long buffered;

    public FrameAssembler(Set<String> roomTokens, Limits limits) {
        this(roomTokens, limits, System::nanoTime);
    }

    public FrameAssembler(Set<String> roomTokens, Limits limits, LongSupplier nanoClock) {
        this.tokens = Set.copyOf(roomTokens);
        this.limits = Objects.requireNonNull(limits, "limits");
        this.nanoClock = nanoClock;
    }

    /** Bytes held in unfinished messages. */
    public long bufferedBytes() { return buffered; }

    /** Unfinished messages held. */
    public int partialCount() { return partials.size(); }

    /**
     * Takes one data-channel message.
     *
     * @return a complete {@link ActionMessage}, a {@link Frame.Presence}, or {@code null}
     *     when the message is not complete yet (or belongs to a room we are not in)
     * @throws ProtocolViolation if the frame is malformed or breaks a bound
     */
    public Object accept(byte[] data) throws ProtocolViolation {
        Frame frame = Frames.decode(data);
        if (frame instanceof Frame.Presence) {
            Frame.Presence p = (Frame.Presence) frame;
            if (!tokens.contains(p.roomToken())) {
                if (p.present()) {
                    if (foreignTokens.size() >= MAX_FOREIGN_TOKENS) {
                        throw new ProtocolViolation("peer announced more than " + MAX_FOREIGN_TOKENS + " rooms on one connection");
                    }
                    foreignTokens.add(p.roomToken());
                } else {
                    foreignTokens.remove(p.roomToken());
                }
            }
            return p;
        }
        Frame.RoomChunk c = (Frame.RoomChunk) frame;
        if (!tokens.contains(c.roomToken())) {
            if (foreignTokens.contains(c.roomToken())) {
                return null;
            }
            throw new ProtocolViolation("room frame for token " + abbreviate(c.roomToken())
                + " which is not a room of this connection; expected " + abbreviateAll(tokens));
        }
        expire();
        Key key = new Key(c.action(), c.nonce());
        Partial p = partials.get(key);
        if (p == null) {
            Integer done = lastCompleted.get(c.action());
            if (done != null && done == c.nonce()) {
                throw new ProtocolViolation("chunk for action '" + c.action() + "' nonce " + c.nonce()
                    + " after that message's last chunk; expected a new nonce");
            }
            if (!lastCompleted.containsKey(c.action()) && lastCompleted.size() >= limits.maxActionNames()) {
                throw new ProtocolViolation("peer used more than " + limits.maxActionNames() + " distinct action names");
            }
            if (c.last() && !c.meta()) {
                // the common case: a one-chunk message
                return complete(c.roomToken(), c.action(), c.nonce(), c.typeFlags(), List.of(c.chunk()), c.chunk().length, c.progress());
            }
            if (partials.size() >= limits.maxPartials()) {
                throw new ProtocolViolation("more than " + limits.maxPartials() + " unfinished messages at once");
            }
            p = new Partial(c.typeFlags(), nanoClock.getAsLong());
            partials.put(key, p);
        } else if (p.typeFlags != c.typeFlags()) {
            throw new ProtocolViolation("chunk of action '" + c.action() + "' nonce " + c.nonce()
                + " changes the payload type flags mid-message");
        }
        if (c.progress() < p.lastProgress) {
            throw new ProtocolViolation("progress byte went back from " + p.lastProgress + " to " + c.progress()
                + " in action '" + c.action() + "' nonce " + c.nonce());
        }
        p.lastProgress = c.progress();
        if (c.meta()) {
            if (p.sawMeta || !p.chunks.isEmpty()) {
                throw new ProtocolViolation("metadata chunk of action '" + c.action() + "' is not the first chunk of its message");
            }
            if (c.chunk().length > limits.maxMetaBytes()) {
                throw new ProtocolViolation("metadata of " + c.chunk().length + " bytes; expected at most " + limits.maxMetaBytes());
            }
            p.sawMeta = true;
        } else {
            if (p.pendingShortChunk) {
                throw new ProtocolViolation("action '" + c.action() + "' nonce " + c.nonce()
                    + " has a short chunk before its last; expected every chunk but the last to be " + Frames.CHUNK_BYTES + " bytes");
            }
            p.chunks.add(c.chunk());
            p.size += c.chunk().length;
            buffered += c.chunk().length;
            if (!c.last() && c.chunk().length != Frames.CHUNK_BYTES) {
                p.pendingShortChunk = true;
            }
            int max = limits.maxMessageBytes().applyAsInt(c.action());
            if (p.size > max) {
                drop(key, p);
                throw new ProtocolViolation("action '" + c.action() + "' message exceeds " + max + " bytes");
            }
            if (buffered > limits.maxBufferedBytes()) {
                drop(key, p);
                throw new ProtocolViolation("more than " + limits.maxBufferedBytes() + " bytes held in unfinished messages");
            }
        }
        if (!c.last()) {
            return null;
        }
        drop(key, p);
        return complete(c.roomToken(), c.action(), c.nonce(), p.typeFlags, p.chunks, p.size, c.progress());
    }

    private ActionMessage complete(String token, String action, int nonce, int typeFlags, List<byte[]> chunks, long size,
                                   int progress) throws ProtocolViolation {
        if (progress != 255) {
            throw new ProtocolViolation("last chunk of action '" + action + "' has progress " + progress + "; expected 255");
        }
        int max = limits.maxMessageBytes().applyAsInt(action);
        if (size > max) {
            throw new ProtocolViolation("action '" + action + "' message of " + size + " bytes exceeds " + max + " bytes");
        }
        lastCompleted.put(action, nonce);
        byte[] all;
        if (chunks.size() == 1) {
            all = chunks.get(0);
        } else {
            all = new byte[(int) size];
            int off = 0;
            for (byte[] ch : chunks) {
                System.arraycopy(ch, 0, all, off, ch.length);
                off += ch.length;
            }
        }
        return new ActionMessage(token, action, Payload.of(PayloadKind.fromFlags(typeFlags), all));
    }

    private void drop(Key key, Partial p) {
        partials.remove(key);
        buffered -= p.size;
    }

    private void expire() {
        if (partials.isEmpty()) {
            return;
        }
        long now = nanoClock.getAsLong();
        for (Iterator<Partial> it = partials.values().iterator(); it.hasNext(); ) {
            Partial p = it.next();
            if (now - p.startedNanos > limits.partialTtlNanos()) {
                buffered -= p.size;
                it.remove();
            }
        }
    }

    private static String abbreviate(String token) {
        return token.length() > 12 ? token.substring(0, 12) + "…" : token;
    }

    private static String abbreviateAll(Set<String> tokens) {
        List<String> out = new ArrayList<>();
        tokens.forEach(t -> out.add(abbreviate(t)));
        return out.toString();
    }

    private record Key(String action, int nonce) {}

    private static final class Partial {
        final int typeFlags;
        final long startedNanos;
        final List<byte[]> chunks = new ArrayList<>();
        long size;
        int lastProgress;
        boolean sawMeta;
        boolean pendingShortChunk;

        Partial(int typeFlags, long startedNanos) {
            this.typeFlags = typeFlags;
            this.startedNanos = startedNanos;
        }
    }
}
