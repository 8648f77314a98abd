package io.peerset.core.engine;

import io.peerset.api.SignedRecord;
import io.peerset.core.wire.FrameAssembler;

/**
 * The peerset protocol "ps/1" as Trystero actions: names, limits and strike
 * weights in one place. docs/PROTOCOL.md describes them.
 */
final class Protocol {
    private Protocol() {}

    /** Protocol version carried in the hello ({@code "ps":1}). */
    static final int VERSION = 1;

    static final String HS_DATA = "@_hsdata";
    static final String HS_READY = "@_hsready";
    static final String LEAVE = "@_leave";
    static final String PING = "@_ping";
    static final String PONG = "@_pong";
    /** Trystero internal actions start with this; unknown internal ones are ignored, not struck. */
    static final String INTERNAL_PREFIX = "@_";

    static final String EVENT = "ps/event";
    static final String NEG = "ps/neg";
    /** Rateless IBLT reconciliation ({@code riblt1}), used for the first sync when both hellos advertise it. */
    static final String RIBLT = "ps/riblt";
    /** Sync methods we advertise in the hello's {@code "sync"} array. */
    static final String SYNC_NEG = "neg1";
    static final String SYNC_RIBLT = "riblt1";
    // whether a node offers riblt1 in its hello is PeersetConfig.ribltSync()

    /** Largest ps/riblt message accepted (and the sessions' message limit). */
    static final int MAX_RIBLT_MESSAGE_BYTES = 1 << 20;
    static final String REQ = "ps/req";

    /** Largest ps/event message (JSON array text). */
    static final int MAX_EVENT_MESSAGE_BYTES = 1 << 20;
    /** Most events in one ps/event message. */
    static final int MAX_EVENTS_PER_MESSAGE = 1000;
    /** Outgoing ps/event batches stay within one Trystero chunk when they can. */
    static final int EVENT_BATCH_BYTES = 16_000;
    /** Largest ps/neg message accepted (and the Negentropy incoming limit). */
    static final int MAX_NEG_MESSAGE_BYTES = 256 * 1024;
    /** Frame size limit for our Negentropy messages: each fits one Trystero chunk. */
    static final int NEG_FRAME_BYTES = 16_000;
    /** Largest ps/req message. */
    static final int MAX_REQ_MESSAGE_BYTES = 64 * 1024;
    /** Most ids in one ps/req. */
    static final int MAX_IDS_PER_REQ = 500;
    /** Ids we put in one outgoing ps/req (keeps it within one chunk). */
    static final int REQ_BATCH_IDS = 200;
    /** Largest @_hsdata message. */
    static final int MAX_HSDATA_BYTES = 4096;
    /** Largest @_hsready / @_leave / @_ping / @_pong message. */
    static final int MAX_CONTROL_BYTES = 1024;
    /** Largest message of an action we do not know (it is struck anyway). */
    static final int MAX_OTHER_BYTES = 64 * 1024;
    /** Longest Trystero password challenge accepted. */
    static final int MAX_PW_CHALLENGE_CHARS = 256;
    /** Peers a relayed (not locally written) record is pushed to; reconciliation reaches the others. */
    static final int RELAY_FANOUT = 3;
    /** Bytes a peer may have waiting for our processing before it is cut off as a flood. */
    static final long MAX_INFLIGHT_BYTES = 32L << 20;

    // strike weights
    static final int STRIKE_MALFORMED = 2;
    static final int STRIKE_UNKNOWN_ACTION = 1;
    static final int STRIKE_FORGED = 3;
    static final int STRIKE_MODERATION = 1;
    static final int STRIKE_FUTURE = 1;
    static final int STRIKE_HANDSHAKE = 3;
    /** Refusals of a peer too far over its rate limits: this per second's worth of its allowance refused (at least once). */
    static final int STRIKE_FLOOD = 1;

    /** Domain separation string of the key challenge digest. */
    static final String CHALLENGE_DOMAIN = "peerset-challenge:1";

    static int maxMessageBytes(String action) {
        switch (action) {
            case EVENT: return MAX_EVENT_MESSAGE_BYTES;
            case NEG: return MAX_NEG_MESSAGE_BYTES;
            case RIBLT: return MAX_RIBLT_MESSAGE_BYTES;
            case REQ: return MAX_REQ_MESSAGE_BYTES;
            case HS_DATA: return MAX_HSDATA_BYTES;
            case HS_READY:
            case LEAVE:
            case PING:
            case PONG:
                return MAX_CONTROL_BYTES;
            default:
                return MAX_OTHER_BYTES;
        }
    }

    static final FrameAssembler.Limits ASSEMBLER_LIMITS =
        FrameAssembler.DEFAULT_LIMITS.withMaxMessageBytes(Protocol::maxMessageBytes);

    static {
        if (SignedRecord.MAX_JSON_BYTES > MAX_EVENT_MESSAGE_BYTES) {
            throw new AssertionError("a ps/event message must hold at least one record");
        }
    }
}
