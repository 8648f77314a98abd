package io.peerset.core.engine;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerset.api.Hex;
import io.peerset.api.Identity;
import io.peerset.api.Peerset;
import io.peerset.core.ProtocolViolation;
import io.peerset.api.fuzz.SeedMutator;
import io.peerset.core.link.Link;
import io.peerset.core.wire.ActionEncoder;
import io.peerset.core.wire.ActionMessage;
import io.peerset.core.wire.FrameAssembler;
import io.peerset.core.wire.Payload;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes a whole peer session's inbound side: the frames a remote peer sends, through
 * the assembler, the handshake JSON ({@code @_hsdata}, with and without a room
 * password), control actions, and ps/event, ps/neg and ps/req once the peer is active.
 * A session must turn every bad input into a strike or a refusal; any exception out of
 * its frame handler is a finding. The handler runs on the room thread as in production,
 * but without the room's catch-all that would hide a failure in a log line.
 *
 * <p>Input: operations {@code [op][u16 length][payload]}; the op selects the action
 * (see {@link #ACTIONS}), op {@code 'H'} performs a genuine key handshake so that later
 * operations reach an active session. The first byte picks the room (open or
 * password) and whether we are the smaller or the larger peer id.
 */
class PeerSessionFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] ACTIONS = {
        Protocol.HS_DATA, Protocol.HS_DATA, Protocol.HS_READY, Protocol.PING, Protocol.PONG, Protocol.LEAVE,
        Protocol.EVENT, Protocol.NEG, Protocol.REQ, null /* action name from the payload */, "" /* raw frame */
    };
    private static final Identity PEER = Identity.generate();
    private static final AtomicLong SEQ = new AtomicLong();
    private static final Method ON_FRAME;
    private static final java.lang.reflect.Field SESSIONS;
    private static Peerset node;
    private static RoomImpl open;
    private static RoomImpl locked;

    static {
        try {
            ON_FRAME = PeerSession.class.getDeclaredMethod("onFrame", byte[].class);
            ON_FRAME.setAccessible(true);
            SESSIONS = RoomImpl.class.getDeclaredField("sessions");
            SESSIONS.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static synchronized void ensureNode() {
        if (node == null) {
            node = Peerset.builder()
                .signaling("memory", URI.create("memory://fuzz-" + UUID.randomUUID()))
                .maxPeers(10_000).strikeThreshold(1_000_000)
                .handshakeTimeout(Duration.ofMinutes(5)).challengeTimeout(Duration.ofMinutes(5))
                .idleTimeout(Duration.ofMinutes(5)).syncInterval(Duration.ofMinutes(5))
                .build();
            open = (RoomImpl) node.join("fuzz", "open");
            locked = (RoomImpl) node.join("fuzz", "locked", "pw");
        }
    }

    @AfterAll
    static synchronized void closeNode() {
        if (node != null) {
            node.close();
            node = null;
        }
    }

    @FuzzTest(maxDuration = "40m", maxExecutions = 1_000_000)
    void sessionSurvivesAnyPeerInput(byte[] input) throws Exception {
        check(input);
    }

    @Test
    void sessionSurvivesSeededMutationsOfTheSeedCorpus() throws Exception {
        SeedMutator m = new SeedMutator(12, SeedMutator.seedCorpus(PeerSessionFuzzTest.class, "sessionSurvivesAnyPeerInput"));
        for (int i = 0; i < 500; i++) {
            check(m.next());
        }
    }

    static void check(byte[] input) throws Exception {
        ensureNode();
        int mode = input.length > 0 ? input[0] & 0xff : 0;
        RoomImpl room = (mode & 1) == 0 ? open : locked;
        String peerId = ((mode & 2) == 0 ? "0" : "z") + "fuzz" + SEQ.incrementAndGet();
        CapturingLink link = new CapturingLink(peerId, room.token());
        room.onLink(peerId, link);
        @SuppressWarnings("unchecked")
        PeerSession s = ((Map<String, PeerSession>) SESSIONS.get(room)).get(peerId);
        if (s == null) {
            throw new AssertionError("room refused a fresh peer");
        }
        ActionEncoder encoder = new ActionEncoder(room.token());
        try {
            int pos = 1;
            while (pos + 3 <= input.length) {
                int op = input[pos] & 0xff;
                int len = ((input[pos + 1] & 0xff) << 8) | (input[pos + 2] & 0xff);
                pos += 3;
                byte[] payload = Arrays.copyOfRange(input, pos, Math.min(input.length, pos + len));
                pos += payload.length;
                if (op == 'H') {
                    handshake(room, s, link, encoder);
                    continue;
                }
                for (byte[] frame : frames(encoder, op % ACTIONS.length, payload)) {
                    deliver(room, s, frame);
                }
            }
        } finally {
            link.remoteClose(); // the session goes to CLOSED and leaves the room at once
            CompletableFuture<Void> done = new CompletableFuture<>();
            room.execute(() -> done.complete(null));
            done.get(10, TimeUnit.SECONDS);
        }
    }

    private static List<byte[]> frames(ActionEncoder encoder, int which, byte[] payload) {
        String action = ACTIONS[which];
        if ("".equals(action)) {
            return List.of(payload);
        }
        String text = new String(payload, StandardCharsets.UTF_8);
        if (action == null) {
            String name = text.length() > 8 ? text.substring(0, 8) : text; // at most 32 UTF-8 bytes
            return name.isEmpty() ? List.of() : encoder.encode(name, Payload.ofString(text));
        }
        Payload p;
        switch (which) {
            case 1: p = Payload.ofString(text); break;
            case 7: p = Payload.ofBytes(payload); break;
            default: p = Payload.ofJson(text);
        }
        return encoder.encode(action, p);
    }

    /** Answers the node's hello as a genuine peer: hello, proof of key, ready. */
    private static void handshake(RoomImpl room, PeerSession s, CapturingLink link, ActionEncoder encoder) throws Exception {
        String challenge = link.nodeChallenge();
        if (challenge == null) {
            return; // no hello from the node (password room, or already past it)
        }
        byte[] mine = new byte[32];
        Arrays.fill(mine, (byte) 7);
        List<byte[]> out = new ArrayList<>();
        out.addAll(encoder.encode(Protocol.HS_DATA, Payload.ofJson("{\"ps\":1,\"challenge\":\"" + Hex.encode(mine)
            + "\",\"pubkey\":\"" + PEER.publicKeyHex() + "\"}")));
        byte[] sig = PEER.sign(PeerSession.challengeDigest(challenge, room.token(), room.selfId(), s.peerId()));
        out.addAll(encoder.encode(Protocol.HS_DATA, Payload.ofJson("{\"ps\":1,\"response\":\"" + Hex.encode(sig) + "\"}")));
        out.addAll(encoder.encode(Protocol.HS_READY, Payload.EMPTY_STRING));
        for (byte[] f : out) {
            deliver(room, s, f);
        }
    }

    private static void deliver(RoomImpl room, PeerSession s, byte[] frame) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        room.execute(() -> {
            try {
                ON_FRAME.invoke(s, (Object) frame);
                done.complete(null);
            } catch (InvocationTargetException e) {
                done.completeExceptionally(e.getCause());
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        try {
            done.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError("session failed on a frame from the peer: " + e.getCause(), e.getCause());
        }
    }

    /** The far end of the session's link: keeps what the node sends, to read its hello. */
    private static final class CapturingLink implements Link {
        private final String peerId;
        private final FrameAssembler assembler;
        private volatile Listener listener;
        private volatile boolean open = true;
        private volatile String challenge;

        CapturingLink(String peerId, String token) {
            this.peerId = peerId;
            this.assembler = new FrameAssembler(Set.of(token), FrameAssembler.DEFAULT_LIMITS.withMaxMessageBytes(a -> 4 << 20));
        }

        String nodeChallenge() {
            return challenge;
        }

        void remoteClose() {
            open = false;
            Listener l = listener;
            if (l != null) {
                l.onClose("fuzz input done");
            }
        }

        @Override
        public synchronized void send(byte[] message) {
            if (challenge != null) {
                return;
            }
            try {
                Object r = assembler.accept(message);
                if (r instanceof ActionMessage m && m.action().equals(Protocol.HS_DATA)) {
                    JsonNode n = JSON.readTree(m.payload().text());
                    if (n.has("challenge")) {
                        challenge = n.get("challenge").asText();
                    }
                }
            } catch (ProtocolViolation | java.io.IOException | IllegalArgumentException e) {
                throw new AssertionError("the node sent a malformed frame: " + e.getMessage());
            }
        }

        @Override
        public long bufferedAmount() {
            return 0;
        }

        @Override
        public void setListener(Listener listener) {
            this.listener = listener;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public String remotePeerId() {
            return peerId;
        }

        @Override
        public void close() {
            open = false;
        }
    }
}
