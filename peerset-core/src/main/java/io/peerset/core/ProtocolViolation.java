package io.peerset.core;

/**
 * A peer broke the protocol: an oversized or malformed frame, an unknown action, a
 * bad Negentropy message, an invalid record. Counted as a strike against the peer,
 * logged once per kind, never a stack trace per message.
 */
public class ProtocolViolation extends Exception {
    /** How serious, in strikes. */
    private final int strikes;

    public ProtocolViolation(String message) {
        this(message, 1);
    }

    public ProtocolViolation(String message, int strikes) {
        super(message, null, false, false);
        this.strikes = strikes;
    }

    public int strikes() {
        return strikes;
    }
}
