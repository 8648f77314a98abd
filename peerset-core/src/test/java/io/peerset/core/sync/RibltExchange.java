package io.peerset.core.sync;

import io.peerset.api.spi.SyncView;
import io.peerset.core.ProtocolViolation;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Runs a whole riblt session between two views in memory and keeps what crossed. */
final class RibltExchange {
    final List<byte[]> messages = new ArrayList<>();
    final List<byte[]> have = new ArrayList<>();
    final List<byte[]> need = new ArrayList<>();
    long initiatorBytes;
    long responderBytes;
    int roundTrips;
    RibltSession initiator;
    RibltSession responder;

    static RibltExchange run(SyncView initiatorView, SyncView responderView) throws ProtocolViolation {
        return run(initiatorView, responderView, b -> b);
    }

    static RibltExchange run(SyncView initiatorView, SyncView responderView,
                             UnaryOperator<RibltSession.Builder> options) throws ProtocolViolation {
        RibltExchange x = new RibltExchange();
        x.initiator = options.apply(RibltSession.builder(initiatorView).salt(0x5eedL)).build();
        x.responder = options.apply(RibltSession.builder(responderView)).build();
        byte[] msg = x.initiator.initiate();
        while (msg != null) {
            if (x.roundTrips++ > 100) {
                throw new AssertionError("riblt session did not finish in 100 round trips");
            }
            x.messages.add(msg);
            x.initiatorBytes += msg.length;
            byte[] reply = x.responder.reconcile(msg);
            x.messages.add(reply);
            x.responderBytes += reply.length;
            msg = x.initiator.reconcile(reply, x.have, x.need);
        }
        return x;
    }
}
