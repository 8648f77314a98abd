package io.peerset.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.Draft;
import io.peerset.api.Identity;
import io.peerset.api.Moderation;
import io.peerset.api.PeerInfo;
import io.peerset.api.Peerset;
import io.peerset.api.SignedRecord;
import io.peerset.api.Room;
import io.peerset.core.wire.Payload;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HostilePeerTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private static Optional<PeerInfo> info(Room room, String peerId) {
        return room.peers().stream().filter(p -> p.peerId().equals(peerId)).findFirst();
    }

    @Test
    void forgedSignatureIsRejectedAndStrikesSender() throws Exception {
        try (Nodes nodes = new Nodes()) {
            Peerset node = nodes.node();
            Room room = node.join("app", "forged");
            try (RawPeer raw = new RawPeer(nodes.network, "app", "forged")) {
                raw.awaitLink(DEADLINE);
                raw.handshakeAs(Identity.generate(), room.selfId());
                Nodes.await("raw peer active", DEADLINE, () -> info(room, raw.selfId).map(p -> p.state().equals("ACTIVE")).orElse(false));

                Identity author = Identity.generate();
                SignedRecord genuine = author.sign(Draft.text("genuine"));
                SignedRecord other = author.sign(Draft.text("other"));
                // the genuine record's id and content with another record's signature
                SignedRecord forged = SignedRecord.of(genuine.id(), genuine.pubkey(), genuine.createdAt(), genuine.kind(),
                    genuine.tags(), genuine.content(), other.sig());
                raw.send("ps/event", Payload.ofString("[" + forged.toJson() + "]"));

                Nodes.await("sender struck", DEADLINE, () -> info(room, raw.selfId).map(p -> p.strikes() > 0).orElse(false));
                assertThat(room.get(genuine.id()).join()).isEmpty();

                // the genuine record from the same peer is still accepted afterwards
                raw.send("ps/event", Payload.ofString("[" + genuine.toJson() + "]"));
                Nodes.await("genuine record stored", DEADLINE, () -> room.get(genuine.id()).join().isPresent());
            }
        }
    }

    @Test
    void peerThatNeverSendsHsReadyTimesOut() throws Exception {
        try (Nodes nodes = new Nodes()) {
            Peerset node = nodes.node(b -> b.handshakeTimeout(Duration.ofMillis(400)));
            Room room = node.join("app", "silent");
            try (RawPeer raw = new RawPeer(nodes.network, "app", "silent")) {
                raw.awaitLink(DEADLINE);
                raw.await("@_hsdata", DEADLINE); // the node's hello arrives; we never answer
                raw.await("@_leave", DEADLINE);
                Nodes.await("link closed", DEADLINE, raw::linkClosed);
                Nodes.await("session gone", DEADLINE, () -> info(room, raw.selfId).isEmpty());
            }
        }
    }

    @Test
    void anonymousTrysteroPeerBecomesActiveWithoutNpub() throws Exception {
        try (Nodes nodes = new Nodes()) {
            Room room = nodes.node().join("app", "anon");
            try (RawPeer raw = new RawPeer(nodes.network, "app", "anon")) {
                raw.awaitLink(DEADLINE);
                raw.send("@_hsready", Payload.EMPTY_STRING); // what a plain Trystero peer does
                raw.await("@_hsready", DEADLINE);
                Nodes.await("anonymous peer active", DEADLINE, () -> info(room, raw.selfId).map(p -> p.state().equals("ACTIVE")).orElse(false));
                assertThat(info(room, raw.selfId).orElseThrow().npub()).isEmpty();

                SignedRecord r = Identity.generate().sign(Draft.text("from a browser"));
                raw.send("ps/event", Payload.ofString("[" + r.toJson() + "]"));
                Nodes.await("record stored", DEADLINE, () -> room.get(r.id()).join().isPresent());
            }
        }
    }

    @Test
    void roomRequiringAuthenticatedPeersRefusesAnonymousOnes() throws Exception {
        try (Nodes nodes = new Nodes()) {
            Room room = nodes.node(b -> b.moderation(Moderation.open().authenticatedPeersOnly(true))).join("app", "auth");
            try (RawPeer raw = new RawPeer(nodes.network, "app", "auth")) {
                raw.awaitLink(DEADLINE);
                raw.send("@_hsready", Payload.EMPTY_STRING);
                raw.await("@_leave", DEADLINE);
                Nodes.await("link closed", DEADLINE, raw::linkClosed);
            }
        }
    }

    @Test
    void wrongKeyProofIsRefusedAndStruck() throws Exception {
        try (Nodes nodes = new Nodes()) {
            Room room = nodes.node().join("app", "liar");
            try (RawPeer raw = new RawPeer(nodes.network, "app", "liar")) {
                raw.awaitLink(DEADLINE);
                raw.await("@_hsdata", DEADLINE);
                Identity claimed = Identity.generate();
                raw.send("@_hsdata", Payload.ofJson("{\"ps\":1,\"challenge\":\"" + "ab".repeat(32) + "\",\"pubkey\":\"" + claimed.publicKeyHex() + "\"}"));
                // signs the wrong digest (another room token): a replayed answer
                byte[] sig = claimed.sign(PeerSession.challengeDigest("00".repeat(32), "other-room", room.selfId(), raw.selfId));
                raw.send("@_hsdata", Payload.ofJson("{\"ps\":1,\"response\":\"" + io.peerset.api.Hex.encode(sig) + "\"}"));
                raw.await("@_leave", DEADLINE);
                Nodes.await("link closed", DEADLINE, raw::linkClosed);
            }
        }
    }

    @Test
    void peerStruckPastTheThresholdIsBannedAndNotReconnected() throws Exception {
        try (Nodes nodes = new Nodes()) {
            Room room = nodes.node(b -> b.strikeThreshold(3)).join("app", "ban");
            try (RawPeer raw = new RawPeer(nodes.network, "app", "ban")) {
                raw.awaitLink(DEADLINE);
                raw.send("@_hsready", Payload.EMPTY_STRING);
                Nodes.await("active", DEADLINE, () -> info(room, raw.selfId).map(p -> p.state().equals("ACTIVE")).orElse(false));
                for (int i = 0; i < 3; i++) {
                    raw.send("no/such-action", Payload.ofString("x"));
                }
                raw.await("@_leave", DEADLINE);
                Nodes.await("link closed", DEADLINE, raw::linkClosed);
                Nodes.await("session gone", DEADLINE, () -> info(room, raw.selfId).isEmpty());
                assertThat(((RoomImpl) room).wants(raw.selfId)).isFalse();
            }
        }
    }

    @Test
    void malformedEventsStrikeButDoNotDisconnect() throws Exception {
        try (Nodes nodes = new Nodes()) {
            Room room = nodes.node().join("app", "garbage");
            try (RawPeer raw = new RawPeer(nodes.network, "app", "garbage")) {
                raw.awaitLink(DEADLINE);
                raw.send("@_hsready", Payload.EMPTY_STRING);
                Nodes.await("active", DEADLINE, () -> info(room, raw.selfId).map(p -> p.state().equals("ACTIVE")).orElse(false));
                raw.send("ps/event", Payload.ofString("[{\"id\":\"nope\"}]"));
                raw.send("ps/event", Payload.ofString("not json"));
                raw.send("ps/neg", Payload.ofString("text where bytes belong"));
                raw.send("ps/req", Payload.ofString("[\"xyz\"]"));
                Nodes.await("struck four times", DEADLINE, () -> info(room, raw.selfId).map(p -> p.strikes() >= 8).orElse(false));
                assertThat(info(room, raw.selfId).orElseThrow().state()).isEqualTo("ACTIVE");
            }
        }
    }

    @Test
    void aRequestNamingOneIdFiveHundredTimesGetsTheRecordOnce() throws Exception {
        try (Nodes nodes = new Nodes()) {
            Room room = nodes.node().join("app", "repeat");
            SignedRecord stored = room.publish(Identity.generate().sign(Draft.text("asked for 500 times"))).get(20, TimeUnit.SECONDS);
            try (RawPeer raw = new RawPeer(nodes.network, "app", "repeat")) {
                raw.awaitLink(DEADLINE);
                raw.send("@_hsready", Payload.EMPTY_STRING);
                Nodes.await("active", DEADLINE, () -> info(room, raw.selfId).map(p -> p.state().equals("ACTIVE")).orElse(false));
                // 32 bytes of request for 500 copies of a record would be an amplifier; it is answered once
                raw.send("ps/req", Payload.ofString("[" + String.join(",", Collections.nCopies(500, '"' + stored.id() + '"')) + "]"));
                raw.send("@_ping", Payload.EMPTY_STRING);
                List<String> events = raw.until("@_pong", DEADLINE).stream()
                    .filter(m -> m.action().equals("ps/event"))
                    .map(m -> m.payload().text())
                    .collect(Collectors.toList());
                assertThat(events).containsExactly("[" + stored.toJson() + "]");
                assertThat(info(room, raw.selfId).orElseThrow().strikes()).isZero();
            }
        }
    }
}
