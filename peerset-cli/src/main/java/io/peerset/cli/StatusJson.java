package io.peerset.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerset.api.Ban;
import io.peerset.api.PeerInfo;
import io.peerset.api.Room;
import java.util.List;

/** The JSON of {@code GET /api/status} and {@code GET /api/nodes}. */
final class StatusJson {
    private StatusJson() {
    }

    static ArrayNode of(List<HttpApi.Served> nodes) {
        ArrayNode arr = Reply.JSON.createArrayNode();
        nodes.forEach(s -> arr.add(of(s)));
        return arr;
    }

    static ObjectNode of(HttpApi.Served s) {
        Room room = s.room();
        ObjectNode o = Reply.JSON.createObjectNode();
        o.put("peerId", room.selfId());
        o.put("npub", s.node().identity().npub());
        o.put("app", room.appId());
        o.put("room", room.roomId());
        o.put("records", room.size());
        o.put("fingerprint", room.fingerprint());
        ArrayNode peers = o.putArray("peers");
        for (PeerInfo p : room.peers()) {
            peer(peers.addObject(), p);
        }
        ArrayNode bans = o.putArray("bans");
        for (Ban b : room.bans()) {
            ObjectNode bo = bans.addObject();
            bo.put("kind", b.kind().label());
            bo.put("id", b.id());
            bo.put("until", b.until().toString());
            bo.put("reason", b.reason());
        }
        return o;
    }

    private static void peer(ObjectNode po, PeerInfo p) {
        po.put("peerId", p.peerId());
        if (p.npub().isPresent()) {
            po.put("npub", p.npub().get());
        } else {
            po.putNull("npub");
        }
        po.put("state", p.state());
        po.put("rttMs", p.rttMs());
        po.put("bytesIn", p.bytesIn());
        po.put("bytesOut", p.bytesOut());
        po.put("strikes", p.strikes());
    }
}
