package io.peerset.core.sync;

import io.peerset.api.Hex;
import io.peerset.api.spi.SyncView;
import io.peerset.core.ProtocolViolation;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Runs a whole reconciliation between two sessions in memory and keeps what crossed. */
final class Exchange {
    final List<byte[]> messages = new ArrayList<>(); // alternating: initiator, responder, initiator, ...
    final List<byte[]> have = new ArrayList<>();
    final List<byte[]> need = new ArrayList<>();
    long initiatorBytes;
    long responderBytes;
    int roundTrips;

    static Exchange run(SyncView initiatorView, int initiatorFrame, SyncView responderView, int responderFrame)
            throws ProtocolViolation {
        Negentropy initiator = Negentropy.builder(initiatorView).frameSizeLimit(initiatorFrame).build();
        Negentropy responder = Negentropy.builder(responderView).frameSizeLimit(responderFrame).build();
        Exchange x = new Exchange();
        byte[] msg = initiator.initiate();
        while (msg != null) {
            if (x.roundTrips++ > 20000) {
                throw new AssertionError("reconciliation did not finish in 20000 round trips");
            }
            x.messages.add(msg);
            x.initiatorBytes += msg.length;
            byte[] reply = responder.reconcile(msg);
            x.messages.add(reply);
            x.responderBytes += reply.length;
            msg = initiator.reconcile(reply, x.have, x.need);
        }
        return x;
    }

    static Set<String> hex(List<byte[]> ids) {
        Set<String> out = new LinkedHashSet<>();
        for (byte[] id : ids) {
            out.add(Hex.encode(id));
        }
        return out;
    }
}
