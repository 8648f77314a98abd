package io.peerset.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.Ban;
import io.peerset.api.Draft;
import io.peerset.api.Hex;
import io.peerset.api.Identity;
import io.peerset.api.Moderation;
import io.peerset.api.Query;
import io.peerset.api.SignedRecord;
import io.peerset.api.Room;
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
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The hostile swarm: 10 honest engine nodes with the real "standard"
 * moderation preset, and 3 hostile peers speaking the real wire on in-memory links
 * to every honest node. One forges signatures and replays records, one sends banned
 * words, quota-busting bursts and duplicates, one floods. Every honest node must end
 * with exactly the acceptable records, every hostile peer must be banned by every
 * honest node it talked to, and no honest peer may be banned by anyone.
 */
class HostileSwarmTest {
    private static final int HONEST = 10;
    private static final int PER_HONEST = 5; // the standard preset's author quota
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private static String text(String prefix) {
        // random words keep texts far apart for the near-duplicate check; no links, no banned words:
        // each hex group starts with 'q', so no group can read as a banned word (a bare "a55" reads
        // as one through the leetspeak normalisation, which once failed this test)
        return prefix + " q" + UUID.randomUUID().toString().replace("-", " q");
    }

    @Test
    void honestPeersKeepExactlyTheAcceptableRecordsAndBanEveryHostilePeer() throws Exception {
        try (Nodes nodes = new Nodes()) {
            List<Room> honest = new ArrayList<>();
            for (int i = 0; i < HONEST; i++) {
                honest.add(nodes.node(b -> b.moderation(Moderation.preset("standard"))).join("app", "hostile-swarm"));
            }
            Set<String> honestIds = honest.stream().map(Room::selfId).collect(Collectors.toSet());
            Set<String> expected = ConcurrentHashMap.newKeySet();
            List<CompletableFuture<SignedRecord>> writes = new ArrayList<>();
            List<SignedRecord> honestRecords = new ArrayList<>();
            for (Room r : honest) {
                for (int k = 0; k < PER_HONEST; k++) {
                    writes.add(r.put(Draft.text(text("honest note"))));
                }
            }
            for (CompletableFuture<SignedRecord> w : writes) {
                SignedRecord r = w.get(30, TimeUnit.SECONDS);
                honestRecords.add(r);
                expected.add(r.id());
            }

            // hostile 1: forged signatures, replays of honest records (many times), a record dated far in the future
            Identity victim = Identity.generate();
            List<String> forger = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                forger.add(json(honestRecords));
            }
            List<SignedRecord> forged = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                SignedRecord genuine = victim.sign(Draft.text(text("forged")));
                SignedRecord other = victim.sign(Draft.text(text("other")));
                forged.add(SignedRecord.of(genuine.id(), genuine.pubkey(), genuine.createdAt(), genuine.kind(), genuine.tags(),
                    genuine.content(), other.sig()));
            }
            forger.add(json(forged));
            forger.add(json(honestRecords));

            // hostile 2: acceptable records first, then banned words, a quota-busting burst and duplicates
            Identity quotaAuthor = Identity.generate();
            Identity wordsAuthor = Identity.generate();
            Identity dupAuthor = Identity.generate();
            List<SignedRecord> acceptable = new ArrayList<>();
            List<SignedRecord> refused = new ArrayList<>();
            long now = System.currentTimeMillis() / 1000;
            for (int i = 0; i < 12; i++) {
                SignedRecord r = quotaAuthor.sign(Draft.text(text("quota")).createdAt(now - 100 + i));
                (i < PER_HONEST ? acceptable : refused).add(r);
            }
            String dupText = text("the same words again");
            acceptable.add(dupAuthor.sign(Draft.text(dupText).createdAt(now - 50)));
            for (int i = 0; i < 3; i++) {
                refused.add(dupAuthor.sign(Draft.text(dupText).createdAt(now - 40 + i)));
            }
            for (int i = 0; i < 10; i++) {
                refused.add(wordsAuthor.sign(Draft.text(text("buy followers now"))));
            }
            acceptable.forEach(r -> expected.add(r.id()));
            List<String> moderationAbuser = List.of(json(acceptable), json(refused), json(refused));

            try (HostilePeer h1 = new HostilePeer(nodes.network, honestIds::contains, c -> c.sendAll(forger));
                 HostilePeer h2 = new HostilePeer(nodes.network, honestIds::contains, c -> c.sendAll(moderationAbuser));
                 HostilePeer h3 = new HostilePeer(nodes.network, honestIds::contains, c -> {
                     c.sendAll(List.of(json(honestRecords)));
                     c.flood();
                 })) {
                List<HostilePeer> hostile = List.of(h1, h2, h3);

                for (Room r : honest) {
                    Nodes.await("peer " + r.selfId() + " holds exactly the acceptable records", DEADLINE,
                        () -> ids(r).equals(expected));
                }
                for (HostilePeer h : hostile) {
                    Nodes.await("hostile peer " + h.selfId + " talked to some honest peer", DEADLINE, () -> !h.talkedTo().isEmpty());
                    for (Room r : honest) {
                        if (h.talkedTo().contains(r.selfId())) {
                            Nodes.await("hostile peer " + h.selfId + " banned by " + r.selfId(), DEADLINE,
                                () -> r.bans().stream().anyMatch(b -> b.kind() == Ban.Kind.PEER && b.id().equals(h.selfId)));
                        }
                    }
                }
                for (Room r : honest) {
                    // awaited, not asserted at once: the peer ban (room thread) can land while the ingest thread is
                    // still moderating the rest of the same message, whose banned words earn the author ban
                    if (h2.talkedTo().contains(r.selfId())) {
                        Nodes.await("banned-words author banned by " + r.selfId(), DEADLINE, () -> r.bans().stream()
                            .anyMatch(b -> b.kind() == Ban.Kind.AUTHOR && b.id().equals(wordsAuthor.publicKeyHex())));
                    }
                    if (h3.talkedTo().contains(r.selfId())) {
                        Nodes.await("flooder banned for its rate by " + r.selfId(), DEADLINE, () -> r.bans().stream()
                            .anyMatch(b -> b.id().equals(h3.selfId) && b.reason().contains("faster than")));
                    }
                }
                assertThat(h1.talkedTo().size() + h2.talkedTo().size() + h3.talkedTo().size())
                    .as("hostile peers reached most honest peers").isGreaterThanOrEqualTo(HONEST);
                Set<String> honestKeys = new HashSet<>();
                honestRecords.forEach(r -> honestKeys.add(r.pubkey()));
                for (Room r : honest) {
                    assertThat(r.bans()).as("bans held by " + r.selfId())
                        .noneMatch(b -> honestIds.contains(b.id()) || honestKeys.contains(b.id()));
                    // settled: still exactly the acceptable records
                    assertThat(ids(r)).isEqualTo(expected);
                }
            }
        }
    }

    private static Set<String> ids(Room r) {
        Set<String> out = new HashSet<>();
        for (SignedRecord rec : r.query(Query.builder().limit(Query.MAX_LIMIT).build()).join()) {
            out.add(rec.id());
        }
        return out;
    }

    private static String json(List<SignedRecord> rs) {
        return rs.stream().map(SignedRecord::toJson).collect(Collectors.joining(",", "[", "]"));
    }

    /** What a hostile peer does on one link once the handshake is done. */
    @FunctionalInterface
    interface Script {
        void run(Conn c) throws Exception;
    }

    /**
     * A hostile peer on the real in-memory transport: links to every honest node,
     * completes the real handshake with its own key on each, then runs its script.
     */
    static final class HostilePeer implements AutoCloseable {
        final String selfId = TrysteroIds.randomPeerId();
        private final Identity identity = Identity.generate();
        private final String token = TrysteroIds.roomToken("app", "hostile-swarm");
        private final PeerDiscovery discovery;
        private final Map<String, Conn> conns = new ConcurrentHashMap<>();
        private final Set<String> talkedTo = ConcurrentHashMap.newKeySet();
        private final List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
        private volatile boolean closed;

        HostilePeer(String network, Predicate<String> targets, Script script) {
            discovery = MemoryNetwork.named(network).discovery("app", "hostile-swarm", selfId);
            discovery.start(new PeerDiscovery.Callbacks() {
                @Override
                public boolean wants(String peerId) {
                    return !closed && targets.test(peerId) && !conns.containsKey(peerId);
                }

                @Override
                public void onLink(String peerId, Link link) {
                    Conn c = new Conn(peerId, link, token);
                    if (conns.putIfAbsent(peerId, c) != null) {
                        link.close();
                        return;
                    }
                    Thread t = new Thread(() -> {
                        try {
                            c.handshakeAs(identity, selfId);
                            talkedTo.add(peerId);
                            script.run(c);
                        } catch (LinkClosedException | AssertionError e) {
                            // banned or dropped: the honest side's decision
                        } catch (Exception e) {
                            if (!closed) {
                                e.printStackTrace();
                            }
                        }
                    }, "hostile-" + selfId.substring(0, 4) + "-" + peerId.substring(0, 4));
                    t.setDaemon(true);
                    threads.add(t);
                    t.start();
                }
            });
        }

        Set<String> talkedTo() {
            return talkedTo;
        }

        @Override
        public void close() {
            closed = true;
            discovery.close();
            conns.values().forEach(c -> c.link.close());
            for (Thread t : threads) {
                try {
                    t.join(5000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** One hostile link: raw Trystero frames, both ways. */
    static final class Conn {
        final String peerId;
        final Link link;
        private final String token;
        private final ActionEncoder encoder;
        private final FrameAssembler assembler;
        private final BlockingQueue<ActionMessage> inbox = new LinkedBlockingQueue<>(100_000);
        private volatile boolean closed;

        Conn(String peerId, Link link, String token) {
            this.peerId = peerId;
            this.link = link;
            this.token = token;
            this.encoder = new ActionEncoder(token);
            this.assembler = new FrameAssembler(Set.of(token), FrameAssembler.DEFAULT_LIMITS.withMaxMessageBytes(a -> 2 << 20));
            link.setListener(new Link.Listener() {
                @Override
                public void onMessage(byte[] message) {
                    try {
                        Object r;
                        synchronized (assembler) {
                            r = assembler.accept(message);
                        }
                        if (r instanceof ActionMessage) {
                            inbox.offer((ActionMessage) r);
                        }
                    } catch (ProtocolViolation e) {
                        throw new AssertionError("honest node sent a malformed frame: " + e.getMessage());
                    }
                }

                @Override
                public void onClose(String reason) {
                    closed = true;
                }
            });
        }

        void send(String action, Payload payload) throws LinkClosedException {
            if (closed) {
                throw new LinkClosedException("closed by the honest node");
            }
            for (byte[] f : encoder.encode(action, payload)) {
                link.send(f);
            }
        }

        void sendAll(List<String> eventMessages) throws LinkClosedException {
            for (String m : eventMessages) {
                send("ps/event", Payload.ofString(m));
            }
        }

        /** Tiny messages as fast as the link takes them, until the honest node hangs up. */
        void flood() throws LinkClosedException {
            for (int i = 0; i < 1_000_000 && !closed; i++) {
                send("ps/req", Payload.ofString("[]"));
            }
        }

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

        /** The real handshake: answer the node's hello with a proof for our key, then ready; wait for the node's ready. */
        void handshakeAs(Identity identity, String selfId) throws Exception {
            ActionMessage hello = await("@_hsdata", Duration.ofSeconds(10));
            String challenge = hello.payload().text().replaceAll(".*\"challenge\":\"([0-9a-f]{64})\".*", "$1");
            byte[] mine = new byte[32];
            new SecureRandom().nextBytes(mine);
            send("@_hsdata", Payload.ofJson("{\"ps\":1,\"challenge\":\"" + Hex.encode(mine) + "\",\"pubkey\":\"" + identity.publicKeyHex() + "\"}"));
            byte[] sig = identity.sign(PeerSession.challengeDigest(challenge, token, peerId, selfId));
            send("@_hsdata", Payload.ofJson("{\"ps\":1,\"response\":\"" + Hex.encode(sig) + "\"}"));
            send("@_hsready", Payload.EMPTY_STRING);
            await("@_hsready", Duration.ofSeconds(10));
        }
    }
}
