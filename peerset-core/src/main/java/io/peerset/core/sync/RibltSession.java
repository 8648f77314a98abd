package io.peerset.core.sync;

import io.peerset.api.spi.Bound;
import io.peerset.api.spi.FingerprintAccumulator;
import io.peerset.api.spi.SyncView;
import io.peerset.core.ProtocolViolation;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code riblt1} reconciliation session (rateless IBLT set reconciliation, see
 * {@link RatelessSketch}) over a {@link SyncView}; the same shape as {@link Negentropy}.
 *
 * <p>Items are reconciled over a 16-byte key: the first 16 bytes of their id (ids are
 * SHA-256 hashes). The initiator opens with a random salt, its set size, its Negentropy
 * whole-set fingerprint and a first batch of coded symbols; the responder answers
 * {@code MORE} (how many more symbols it wants) until its peeling decoder empties every
 * symbol, then {@code DONE} with the full ids it has that the initiator lacks, the keys
 * it needs, and its own size and fingerprint. The initiator maps the needed keys back to
 * its ids and checks that its set minus {@code have} plus {@code need} has exactly the
 * responder's size and fingerprint. Any mismatch (two different ids sharing a 16-byte
 * key, a checksum false positive: probabilities of about 2^-64 per pair) or a responder
 * giving up ({@code GIVE_UP}: the symbol or message bound was reached, or the difference is
 * too large a part of the sets for a sketch to pay) ends the session
 * with {@link Outcome#FALLBACK}: the caller then runs Negentropy v1 instead. Hostile
 * bytes raise {@link ProtocolViolation}.
 *
 * <p>Wire (integers are Negentropy varints: unsigned, base 128, most significant group first):
 * <pre>
 * initiator: 0x01 0x01 salt[8] size fingerprint[16] batch      (OPEN)
 *            0x01 0x02 batch                                   (SYMBOLS)
 *   batch  = from count { key[16] checksum[8] zigzag(count - 2*size/(i+2)) }*count
 * responder: 0x01 0x11 want                                    (MORE)
 *            0x01 0x12 size fingerprint[16] nHave {id[32]}* nNeed {key[16]}*   (DONE)
 *            0x01 0x13 reason                                  (GIVE_UP, reason: 1 symbols, 2 message size,
 *                                                                3 difference too large for a sketch)
 * </pre>
 */
public final class RibltSession {
    public static final int VERSION = 0x01;
    static final int OPEN = 0x01;
    static final int SYMBOLS = 0x02;
    static final int MORE = 0x11;
    static final int DONE = 0x12;
    static final int GIVE_UP = 0x13;
    static final int GIVE_UP_SYMBOLS = 1;
    static final int GIVE_UP_MESSAGE_SIZE = 2;
    static final int GIVE_UP_LARGE_DIFFERENCE = 3;
    /**
     * A sketch pays while the difference is a small part of the sets: each symbol walks the
     * whole view and a difference d costs about 1.35 d symbols of 25 bytes, while Negentropy
     * costs about 32 bytes per id and O(log n) per range. The responder gives up once the
     * difference is known (from the sizes) or estimated to be over a quarter of the larger set.
     */
    static final int LARGE_DIFFERENCE_DIVISOR = 4;
    /** Estimates below this never make the responder give up (they are cheap either way). */
    static final long LARGE_DIFFERENCE_FLOOR = 64;

    public static final int DEFAULT_INITIAL_SYMBOLS = 32;
    public static final int DEFAULT_MAX_SYMBOLS = 1 << 18;
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 1 << 20;
    /**
     * Most batches per session: each batch costs a pass over the whole view, so a peer
     * sending (or asking for) tiny batches must not make us walk it without end.
     */
    public static final int MAX_BATCHES = 64;
    /** Smallest possible encoded symbol: key, checksum, a one-byte count. */
    static final int MIN_SYMBOL_BYTES = 16 + 8 + 1;
    static final int MAX_SYMBOL_BYTES = 16 + 8 + 10;
    private static final int HEADER_MARGIN = 64;

    /** How a session ended. */
    public enum Outcome {
        /** Still exchanging messages. */
        RUNNING,
        /** have/need hold exactly the symmetric difference. */
        RECONCILED,
        /** The sketch could not (safely) reconcile: run Negentropy v1 instead. */
        FALLBACK
    }

    private enum Role { NONE, INITIATOR, RESPONDER }

    private final SyncView view;
    private final int initialSymbols;
    private final int maxSymbols;
    private final boolean giveUpOnLargeDifference;
    private final int maxMessageBytes;
    private final long salt;

    private Role role = Role.NONE;
    private Outcome outcome = Outcome.RUNNING;
    private RatelessSketch sketch;
    private long localSize;
    private long remoteSize;
    private int batches;
    private String fallbackReason = "";

    private RibltSession(Builder b) {
        this.view = b.view;
        this.initialSymbols = b.initialSymbols;
        this.maxSymbols = b.maxSymbols;
        this.giveUpOnLargeDifference = b.giveUpOnLargeDifference;
        this.maxMessageBytes = b.maxMessageBytes;
        this.salt = b.saltSet ? b.salt : new SecureRandom().nextLong();
    }

    public static RibltSession of(SyncView view) {
        return builder(view).build();
    }

    public static Builder builder(SyncView view) {
        return new Builder(view);
    }

    public Outcome outcome() {
        return outcome;
    }

    /** Why the session fell back to Negentropy (empty unless {@link Outcome#FALLBACK}). */
    public String fallbackReason() {
        return fallbackReason;
    }

    /** Number of symbols sent (initiator) or received (responder) so far. */
    public int symbols() {
        return sketch == null ? 0 : sketch.size();
    }

    // ---------------------------------------------------------------- initiator

    /** The initiator's first message. */
    public byte[] initiate() {
        if (role != Role.NONE) {
            throw new IllegalStateException("initiate() may be called once, on a fresh session");
        }
        role = Role.INITIATOR;
        localSize = view.size();
        sketch = new RatelessSketch(salt);
        WireWriter w = new WireWriter();
        w.writeByte(VERSION);
        w.writeByte(OPEN);
        byte[] saltBytes = new byte[8];
        RatelessSketch.writeLong(saltBytes, 0, salt);
        w.writeBytes(saltBytes);
        w.writeVarint(localSize);
        w.writeBytes(view.fingerprint(Bound.MIN, Bound.MAX));
        writeBatch(w, Math.min(initialSymbols, maxSymbols));
        return w.toByteArray();
    }

    /**
     * Applies the responder's reply. Returns the next message, or {@code null} when the
     * session is over: then {@link #outcome()} says whether {@code haveIds} (ids we have
     * that the responder lacks) and {@code needIds} (ids it has that we lack) were filled,
     * or whether to fall back to Negentropy.
     */
    public byte[] reconcile(byte[] reply, List<byte[]> haveIds, List<byte[]> needIds) throws ProtocolViolation {
        if (role != Role.INITIATOR || outcome != Outcome.RUNNING) {
            throw new IllegalStateException("reconcile(reply, have, need) is for a running initiator; outcome " + outcome);
        }
        Reader r = Reader.open(reply, maxMessageBytes);
        int type = r.readByte("message type");
        switch (type) {
            case MORE -> {
                long want = r.readVarint("wanted symbol count");
                r.expectEnd();
                if (want == 0) {
                    throw new ProtocolViolation("riblt MORE asks for 0 symbols; expected at least 1");
                }
                if (want < 0) {
                    want = Long.MAX_VALUE; // above 2^63: as many as we may send
                }
                int room = maxSymbols - sketch.size();
                if (room == 0) {
                    return fallback("responder still cannot decode after " + sketch.size()
                            + " symbols, the configured maximum");
                }
                if (batches >= MAX_BATCHES) {
                    return fallback("responder still cannot decode after " + batches + " batches");
                }
                int fit = (maxMessageBytes - HEADER_MARGIN) / MAX_SYMBOL_BYTES;
                // grow by at least half of what was sent, whatever the responder asks, so that a
                // responder asking for one symbol at a time cannot keep us walking our view
                long least = Math.max(sketch.size() / 2, 16);
                int count = (int) Math.min(Math.min(Math.max(want, least), room), fit);
                WireWriter w = new WireWriter();
                w.writeByte(VERSION);
                w.writeByte(SYMBOLS);
                writeBatch(w, count);
                return w.toByteArray();
            }
            case DONE -> {
                finish(r, haveIds, needIds);
                return null;
            }
            case GIVE_UP -> {
                int reason = r.readByte("give-up reason");
                r.expectEnd();
                return fallback(reason == GIVE_UP_SYMBOLS ? "responder reached its symbol limit"
                        : reason == GIVE_UP_MESSAGE_SIZE ? "the difference does not fit in one responder message"
                        : reason == GIVE_UP_LARGE_DIFFERENCE ? "the difference is too large a part of the sets for a sketch"
                        : "responder gave up (reason " + reason + ")");
            }
            default -> throw new ProtocolViolation(String.format(
                    "riblt reply type 0x%02x is unknown; expected MORE 0x11, DONE 0x12 or GIVE_UP 0x13", type));
        }
    }

    private byte[] fallback(String why) {
        outcome = Outcome.FALLBACK;
        fallbackReason = why;
        return null;
    }

    private void writeBatch(WireWriter w, int count) {
        batches++;
        int from = sketch.size();
        sketch.grow(from + count);
        view.forEach(Bound.MIN, Bound.MAX, (createdAt, id) -> {
            sketch.add(RatelessSketch.key0(id), RatelessSketch.key1(id), 1, from);
            return true;
        });
        w.writeVarint(from);
        w.writeVarint(count);
        byte[] buf = new byte[24];
        for (int i = from; i < from + count; i++) {
            RatelessSketch.writeLong(buf, 0, sketch.key0(i));
            RatelessSketch.writeLong(buf, 8, sketch.key1(i));
            RatelessSketch.writeLong(buf, 16, sketch.checksum(i));
            w.writeBytes(buf);
            long delta = sketch.count(i) - expectedCount(localSize, i);
            w.writeVarint((delta << 1) ^ (delta >> 63));
        }
    }

    /** The approximate number of items of a set of {@code size} in symbol {@code i}. */
    static long expectedCount(long size, int i) {
        return size <= 0 ? 0 : (long) (size * 2.0 / (i + 2.0));
    }

    private void finish(Reader r, List<byte[]> haveIds, List<byte[]> needIds) throws ProtocolViolation {
        long theirSize = r.readVarint("responder size");
        if (theirSize < 0) {
            throw new ProtocolViolation("riblt responder size " + Long.toUnsignedString(theirSize)
                    + " is above 2^63-1");
        }
        byte[] theirFingerprint = r.readBytes(16, "responder fingerprint");
        long nHave = r.readVarint("count of ids the responder has");
        if (nHave < 0 || nHave > r.remaining() / 32) {
            throw new ProtocolViolation("riblt DONE claims " + nHave + " ids of 32 bytes but only " + r.remaining()
                    + " bytes remain");
        }
        List<byte[]> theirs = new ArrayList<>((int) nHave);
        for (long i = 0; i < nHave; i++) {
            theirs.add(r.readBytes(32, "id the responder has"));
        }
        long nNeed = r.readVarint("count of keys the responder needs");
        if (nNeed < 0 || nNeed > r.remaining() / 16) {
            throw new ProtocolViolation("riblt DONE claims " + nNeed + " keys of 16 bytes but only " + r.remaining()
                    + " bytes remain");
        }
        Map<Key, List<byte[]>> wanted = new HashMap<>();
        for (long i = 0; i < nNeed; i++) {
            byte[] k = r.readBytes(16, "key the responder needs");
            wanted.put(new Key(RatelessSketch.readLong(k, 0), RatelessSketch.readLong(k, 8)), new ArrayList<>(1));
        }
        r.expectEnd();
        if (!wanted.isEmpty()) {
            view.forEach(Bound.MIN, Bound.MAX, (createdAt, id) -> {
                List<byte[]> hit = wanted.get(new Key(RatelessSketch.key0(id), RatelessSketch.key1(id)));
                if (hit != null) {
                    hit.add(id.clone());
                }
                return true;
            });
        }
        List<byte[]> ours = new ArrayList<>();
        FingerprintAccumulator expected = view.sum(Bound.MIN, Bound.MAX);
        for (List<byte[]> ids : wanted.values()) {
            if (ids.isEmpty()) {
                fallback("responder needs a key we do not have");
                return;
            }
            for (byte[] id : ids) {
                ours.add(id);
                expected.subtract(id);
            }
        }
        for (byte[] id : theirs) {
            expected.add(id);
        }
        if (expected.count() != theirSize || !Arrays.equals(expected.fingerprint(), theirFingerprint)) {
            fallback("the decoded difference does not reproduce the responder's set fingerprint"
                    + " (a 16-byte key collision or a bad responder)");
            return;
        }
        ours.sort(Arrays::compareUnsigned);
        haveIds.addAll(ours);
        needIds.addAll(theirs);
        outcome = Outcome.RECONCILED;
    }

    // ---------------------------------------------------------------- responder

    /** Answers an initiator message: MORE, DONE or GIVE_UP (never null). */
    public byte[] reconcile(byte[] message) throws ProtocolViolation {
        if (role == Role.INITIATOR) {
            throw new IllegalStateException("the initiator calls reconcile(reply, have, need)");
        }
        if (outcome != Outcome.RUNNING) {
            throw new ProtocolViolation("riblt message after the session ended (" + outcome + "); expected none");
        }
        Reader r = Reader.open(message, maxMessageBytes);
        int type = r.readByte("message type");
        if (role == Role.NONE) {
            if (type != OPEN) {
                throw new ProtocolViolation(String.format(
                        "riblt session must start with OPEN 0x01; got message type 0x%02x", type));
            }
            role = Role.RESPONDER;
            long s = RatelessSketch.readLong(r.readBytes(8, "salt"), 0);
            remoteSize = r.readVarint("initiator size");
            if (remoteSize < 0) {
                throw new ProtocolViolation("riblt initiator size " + Long.toUnsignedString(remoteSize)
                        + " is above 2^63-1");
            }
            byte[] theirFingerprint = r.readBytes(16, "initiator fingerprint");
            sketch = new RatelessSketch(s);
            localSize = view.size();
            if (localSize == remoteSize && Arrays.equals(theirFingerprint, view.fingerprint(Bound.MIN, Bound.MAX))) {
                readBatch(r, false);
                r.expectEnd();
                outcome = Outcome.RECONCILED;
                return done(List.of(), List.of());
            }
            if (tooLarge(Math.abs(remoteSize - localSize))) {
                readBatch(r, false);
                r.expectEnd();
                outcome = Outcome.FALLBACK;
                fallbackReason = "the sets differ by at least " + Math.abs(remoteSize - localSize) + " of "
                        + Math.max(remoteSize, localSize) + " items; Negentropy is cheaper";
                return giveUp(GIVE_UP_LARGE_DIFFERENCE);
            }
            if (doneBytes(Math.max(0, localSize - remoteSize), Math.max(0, remoteSize - localSize)) > maxMessageBytes) {
                // the sizes alone show that DONE could not fit: every id only we have (at least
                // localSize - remoteSize) and every key only they have would be listed in it.
                // Give up before walking the view and peeling, as the end would be the same.
                readBatch(r, false);
                r.expectEnd();
                outcome = Outcome.FALLBACK;
                fallbackReason = "set sizes " + localSize + " and " + remoteSize + " differ by more than one message can list";
                return giveUp(GIVE_UP_MESSAGE_SIZE);
            }
        } else if (type != SYMBOLS) {
            throw new ProtocolViolation(String.format(
                    "riblt message type 0x%02x is unexpected; expected SYMBOLS 0x02 after OPEN", type));
        }
        int from = readBatch(r, true);
        r.expectEnd();
        boolean decoded = sketch.peel(from, maxSymbols);
        if (decoded) {
            return answer();
        }
        int room = maxSymbols - sketch.size();
        if (room == 0) {
            outcome = Outcome.FALLBACK;
            fallbackReason = "no decode within " + maxSymbols + " symbols";
            return giveUp(GIVE_UP_SYMBOLS);
        }
        long m = sketch.size();
        // estimated difference: items recovered + a maximum-likelihood guess of those still mixed in
        long remaining = sketch.estimateRemaining(2 * m);
        long estimate = Math.max(sketch.recovered().size() + remaining, Math.abs(remoteSize - localSize));
        if (tooLarge(estimate)) {
            outcome = Outcome.FALLBACK;
            fallbackReason = "the difference is estimated at " + estimate + " of " + Math.max(remoteSize, localSize)
                    + " items; Negentropy is cheaper";
            return giveUp(GIVE_UP_LARGE_DIFFERENCE);
        }
        long target = Math.min(estimate * 8 / 5 + 32, Integer.MAX_VALUE);
        long want = Math.max(target - m, Math.max(m / 2, 16));
        WireWriter w = new WireWriter();
        w.writeByte(VERSION);
        w.writeByte(MORE);
        w.writeVarint(Math.min(want, room));
        return w.toByteArray();
    }

    private boolean tooLarge(long difference) {
        return giveUpOnLargeDifference && difference >= LARGE_DIFFERENCE_FLOOR
                && difference > Math.max(remoteSize, localSize) / LARGE_DIFFERENCE_DIVISOR;
    }

    /** Reads a batch into the sketch and subtracts our own items; returns where it started. */
    private int readBatch(Reader r, boolean apply) throws ProtocolViolation {
        int at = r.position();
        long from = r.readVarint("batch start");
        long count = r.readVarint("batch symbol count");
        int have = sketch.size();
        if (from != have) {
            throw new ProtocolViolation("riblt batch at byte " + at + " starts at symbol " + Long.toUnsignedString(from)
                    + "; expected " + have + " (symbols must arrive in order)");
        }
        if (count <= 0 || count > maxSymbols - have) {
            throw new ProtocolViolation("riblt batch of " + Long.toUnsignedString(count) + " symbols after " + have
                    + "; expected 1 to " + (maxSymbols - have) + " (limit " + maxSymbols + " symbols)");
        }
        if (count > r.remaining() / MIN_SYMBOL_BYTES) {
            throw new ProtocolViolation("riblt batch claims " + count + " symbols but only " + r.remaining()
                    + " bytes remain (at least " + MIN_SYMBOL_BYTES + " per symbol)");
        }
        if (++batches > MAX_BATCHES) {
            throw new ProtocolViolation("riblt session sent more than " + MAX_BATCHES
                    + " batches of symbols; expected batches that grow so that decoding ends sooner");
        }
        int n = (int) count;
        sketch.grow(have + n);
        for (int i = have; i < have + n; i++) {
            byte[] b = r.readBytes(24, "symbol key and checksum");
            long zz = r.readVarint("symbol count");
            long delta = (zz >>> 1) ^ -(zz & 1);
            sketch.set(i, RatelessSketch.readLong(b, 0), RatelessSketch.readLong(b, 8), RatelessSketch.readLong(b, 16),
                    expectedCount(remoteSize, i) + delta);
        }
        if (apply) {
            view.forEach(Bound.MIN, Bound.MAX, (createdAt, id) -> {
                sketch.add(RatelessSketch.key0(id), RatelessSketch.key1(id), -1, have);
                return true;
            });
        }
        return have;
    }

    private byte[] answer() {
        // sign +1: only the initiator has it (we need it); -1: only we have it
        Map<Key, List<byte[]>> ours = new HashMap<>();
        List<byte[]> needKeys = new ArrayList<>();
        for (long[] item : sketch.recovered()) {
            if (item[2] > 0) {
                byte[] k = new byte[16];
                RatelessSketch.writeLong(k, 0, item[0]);
                RatelessSketch.writeLong(k, 8, item[1]);
                needKeys.add(k);
            } else {
                ours.put(new Key(item[0], item[1]), new ArrayList<>(1));
            }
        }
        if (!ours.isEmpty()) {
            view.forEach(Bound.MIN, Bound.MAX, (createdAt, id) -> {
                List<byte[]> hit = ours.get(new Key(RatelessSketch.key0(id), RatelessSketch.key1(id)));
                if (hit != null) {
                    hit.add(id.clone());
                }
                return true;
            });
        }
        List<byte[]> haveIds = new ArrayList<>();
        for (List<byte[]> ids : ours.values()) {
            haveIds.addAll(ids);
        }
        if (doneBytes(haveIds.size(), needKeys.size()) > maxMessageBytes) {
            outcome = Outcome.FALLBACK;
            fallbackReason = "difference of " + (haveIds.size() + needKeys.size()) + " items exceeds one message";
            return giveUp(GIVE_UP_MESSAGE_SIZE);
        }
        outcome = Outcome.RECONCILED;
        haveIds.sort(Arrays::compareUnsigned);
        needKeys.sort(Arrays::compareUnsigned);
        return done(haveIds, needKeys);
    }

    /** Upper bound of the size of a DONE listing this many ids and keys. */
    private static long doneBytes(long ids, long keys) {
        return 2 + 10 + 16 + 10 + 32L * ids + 10 + 16L * keys;
    }

    private byte[] done(List<byte[]> haveIds, List<byte[]> needKeys) {
        WireWriter w = new WireWriter();
        w.writeByte(VERSION);
        w.writeByte(DONE);
        w.writeVarint(localSize);
        w.writeBytes(view.fingerprint(Bound.MIN, Bound.MAX));
        w.writeVarint(haveIds.size());
        haveIds.forEach(w::writeBytes);
        w.writeVarint(needKeys.size());
        needKeys.forEach(w::writeBytes);
        return w.toByteArray();
    }

    private static byte[] giveUp(int reason) {
        return new byte[] {VERSION, GIVE_UP, (byte) reason};
    }

    private record Key(long k0, long k1) {}

    /** A bounded reader of riblt messages. */
    private static final class Reader {
        private final WireReader in;

        private Reader(WireReader in) {
            this.in = in;
        }

        static Reader open(byte[] message, int maxMessageBytes) throws ProtocolViolation {
            if (message == null || message.length < 2) {
                throw new ProtocolViolation("riblt message of " + (message == null ? 0 : message.length)
                        + " bytes; expected at least a version byte 0x01 and a type byte");
            }
            if (message.length > maxMessageBytes) {
                throw new ProtocolViolation("riblt message of " + message.length + " bytes exceeds the limit of "
                        + maxMessageBytes + " bytes");
            }
            WireReader in = new WireReader(message);
            int version = in.readByte("version");
            if (version != VERSION) {
                throw new ProtocolViolation(String.format(
                        "riblt version byte 0x%02x is not supported; expected 0x01", version));
            }
            return new Reader(in);
        }

        int readByte(String what) throws ProtocolViolation {
            return in.readByte("riblt " + what);
        }

        byte[] readBytes(int n, String what) throws ProtocolViolation {
            return in.readBytes(n, "riblt " + what);
        }

        long readVarint(String what) throws ProtocolViolation {
            return in.readVarint("riblt " + what);
        }

        int remaining() {
            return in.remaining();
        }

        int position() {
            return in.position();
        }

        void expectEnd() throws ProtocolViolation {
            if (in.remaining() != 0) {
                throw new ProtocolViolation("riblt message has " + in.remaining() + " unexpected trailing byte(s) at byte "
                        + in.position() + "; expected the end of the message");
            }
        }
    }

    /** Options for a session. */
    public static final class Builder {
        private final SyncView view;
        private int initialSymbols = DEFAULT_INITIAL_SYMBOLS;
        private int maxSymbols = DEFAULT_MAX_SYMBOLS;
        private int maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;
        private long salt;
        private boolean saltSet;
        private boolean giveUpOnLargeDifference = true;

        private Builder(SyncView view) {
            if (view == null) {
                throw new IllegalArgumentException("view must not be null");
            }
            this.view = view;
        }

        /** Symbols in the initiator's first message (default 32). */
        public Builder initialSymbols(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("initialSymbols must be at least 1; got " + n);
            }
            this.initialSymbols = n;
            return this;
        }

        /** Most symbols a session sends or accepts before falling back to Negentropy (default 2^18). */
        public Builder maxSymbols(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxSymbols must be at least 1; got " + n);
            }
            this.maxSymbols = n;
            return this;
        }

        /** Largest message accepted or sent (default 1 MiB, at least 4096). */
        public Builder maxMessageBytes(int n) {
            if (n < 4096) {
                throw new IllegalArgumentException("maxMessageBytes must be at least 4096; got " + n);
            }
            this.maxMessageBytes = n;
            return this;
        }

        /**
         * Whether a responder gives up (reason 3) when the difference is over a quarter of the
         * larger set (default true: Negentropy is cheaper there). False sketches any difference
         * up to the symbol limit (tests and benchmarks of the sketch itself).
         */
        public Builder giveUpOnLargeDifference(boolean giveUp) {
            this.giveUpOnLargeDifference = giveUp;
            return this;
        }

        /** A fixed checksum salt (tests and benchmarks; by default a random one per session). */
        public Builder salt(long salt) {
            this.salt = salt;
            this.saltSet = true;
            return this;
        }

        public RibltSession build() {
            return new RibltSession(this);
        }
    }
}
