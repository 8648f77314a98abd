package io.peerset.core.engine;

import io.peerset.api.Hex;
import io.peerset.api.Identity;
import io.peerset.core.ProtocolViolation;
import io.peerset.core.link.Link;
import io.peerset.core.link.LinkClosedException;
import io.peerset.core.link.PeerDiscovery;
import io.peerset.core.memory.MemoryNetwork;
import io.peerset.core.trystero.TrysteroIds;
import io.peerset.core.wire.ActionEncoder;
import io.peerset.core.wire.ActionMessage;
import io.peerset.core.wire.FrameAssembler;
import io.peerset.core.wire.Payload;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A scripted peer on the real in-memory transport, speaking raw Trystero frames:
 * the hostile (or minimal) counterpart a node meets in tests.
 */
final class RawPeer implements AutoCloseable {
    final String selfId = TrysteroIds.randomPeerId();
    final String token;
    final ActionEncoder encoder;
    private final PeerDiscovery discovery;
    private final FrameAssembler assembler;
    private final BlockingQueue<ActionMessage> inbox = new LinkedBlockingQueue<>();
    private volatile Link link;
    private volatile boolean closedByRemote;

    RawPeer(String network, String appId, String roomId) {
        this.token = TrysteroIds.roomToken(appId, roomId);
        this.encoder = new ActionEncoder(token);
        this.assembler = new FrameAssembler(Set.of(token), FrameAssembler.DEFAULT_LIMITS.withMaxMessageBytes(a -> 2 << 20));
        this.discovery = MemoryNetwork.named(network).discovery(appId, roomId, selfId);
        discovery.start(new PeerDiscovery.Callbacks() {
            @Override
            public boolean wants(String peerId) {
                return link == null;
            }

            @Override
            public void onLink(String peerId, Link l) {
                link = l;
                l.setListener(new Link.Listener() {
                    @Override
                    public void onMessage(byte[] message) {
                        try {
                            Object r;
                            synchronized (assembler) {
                                r = assembler.accept(message);
                            }
                            if (r instanceof ActionMessage) {
                                inbox.add((ActionMessage) r);
                            }
                        } catch (ProtocolViolation e) {
                            throw new AssertionError("node sent a malformed frame: " + e.getMessage());
                        }
                    }

                    @Override
                    public void onClose(String reason) {
                        closedByRemote = true;
                    }
                });
            }
        });
    }

    void awaitLink(Duration timeout) {
        Nodes.await("raw peer linked", timeout, () -> link != null);
    }

    boolean linkClosed() {
        return closedByRemote || (link != null && !link.isOpen());
    }

    void send(String action, Payload payload) throws LinkClosedException {
        for (byte[] f : encoder.encode(action, payload)) {
            link.send(f);
        }
    }

    void sendRaw(byte[] frame) throws LinkClosedException {
        link.send(frame);
    }

    /** The next message of this action, skipping others. */
    ActionMessage await(String action, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            ActionMessage m = left > 0 ? inbox.poll(left, TimeUnit.NANOSECONDS) : null;
            if (m == null) {
                throw new AssertionError("no " + action + " within " + timeout);
            }
            if (m.action().equals(action)) {
                return m;
            }
        }
    }

    /** Every message received until the next one of this action (excluded). */
    java.util.List<ActionMessage> until(String action, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        java.util.List<ActionMessage> before = new java.util.ArrayList<>();
        while (true) {
            long left = deadline - System.nanoTime();
            ActionMessage m = left > 0 ? inbox.poll(left, TimeUnit.NANOSECONDS) : null;
            if (m == null) {
                throw new AssertionError("no " + action + " within " + timeout + "; got " + before.size() + " other message(s)");
            }
            if (m.action().equals(action)) {
                return before;
            }
            before.add(m);
        }
    }

    /** Answers the node's hello as a peerset peer with this identity would, then sends @_hsready. */
    void handshakeAs(Identity identity, String nodeSelfId) throws Exception {
        ActionMessage hello = await("@_hsdata", Duration.ofSeconds(10));
        String json = hello.payload().text();
        String challenge = json.replaceAll(".*\"challenge\":\"([0-9a-f]{64})\".*", "$1");
        byte[] mine = new byte[32];
        new java.security.SecureRandom().nextBytes(mine);
        send("@_hsdata", Payload.ofJson("{\"ps\":1,\"challenge\":\"" + Hex.encode(mine) + "\",\"pubkey\":\"" + identity.publicKeyHex() + "\"}"));
        byte[] sig = identity.sign(PeerSession.challengeDigest(challenge, token, nodeSelfId, selfId));
        send("@_hsdata", Payload.ofJson("{\"ps\":1,\"response\":\"" + Hex.encode(sig) + "\"}"));
        send("@_hsready", Payload.EMPTY_STRING);
    }

    @Override
    public void close() {
        discovery.close();
        if (link != null) {
            link.close();
        }
    }
}
