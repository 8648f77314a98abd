package io.peerset.core.engine;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The states of one peer session, and the whole transition table: the one place
 * that says which event moves a session from which state to which.
 *
 * <pre>
 * CONNECTED --START--> HANDSHAKING --HELLO_RECEIVED--> AWAITING_PROOF --PROOF_ACCEPTED--> HANDSHAKING
 * HANDSHAKING --ACTIVATED--> ACTIVE
 * any open state --(timeout, leave, failure, ban, close)--> CLOSING --LINK_CLOSED--> CLOSED
 * any open state --LINK_CLOSED--> CLOSED
 * </pre>
 */
public enum SessionState {
    /** The link is open; nothing sent yet. */
    CONNECTED,
    /** Password check and hello exchange under way (handshake timer running). */
    HANDSHAKING,
    /** The peer claimed a key in its hello; waiting for its signed answer to our challenge (challenge timer running). */
    AWAITING_PROOF,
    /** Both sides sent {@code @_hsready}: peerset actions flow (ping, idle, sync and session-length timers running). */
    ACTIVE,
    /** Saying goodbye and closing the link. */
    CLOSING,
    /** Gone. */
    CLOSED;

    /** What can happen to a session. */
    public enum Event {
        START, HELLO_RECEIVED, PROOF_ACCEPTED, ACTIVATED,
        HANDSHAKE_TIMEOUT, CHALLENGE_TIMEOUT, IDLE_TIMEOUT, SESSION_EXPIRED,
        HANDSHAKE_FAILED, BANNED, LEAVE_RECEIVED, CLOSE_REQUESTED, LINK_CLOSED
    }

    private static final Map<SessionState, Map<Event, SessionState>> TABLE = new EnumMap<>(SessionState.class);

    private static void allow(SessionState from, Event e, SessionState to) {
        TABLE.computeIfAbsent(from, k -> new EnumMap<>(Event.class)).put(e, to);
    }

    static {
        allow(CONNECTED, Event.START, HANDSHAKING);
        allow(HANDSHAKING, Event.HELLO_RECEIVED, AWAITING_PROOF);
        allow(AWAITING_PROOF, Event.PROOF_ACCEPTED, HANDSHAKING);
        allow(HANDSHAKING, Event.ACTIVATED, ACTIVE);
        allow(HANDSHAKING, Event.HANDSHAKE_TIMEOUT, CLOSING);
        allow(AWAITING_PROOF, Event.HANDSHAKE_TIMEOUT, CLOSING);
        allow(AWAITING_PROOF, Event.CHALLENGE_TIMEOUT, CLOSING);
        allow(ACTIVE, Event.IDLE_TIMEOUT, CLOSING);
        allow(ACTIVE, Event.SESSION_EXPIRED, CLOSING);
        for (SessionState s : new SessionState[] {CONNECTED, HANDSHAKING, AWAITING_PROOF, ACTIVE}) {
            allow(s, Event.HANDSHAKE_FAILED, CLOSING);
            allow(s, Event.BANNED, CLOSING);
            allow(s, Event.LEAVE_RECEIVED, CLOSING);
            allow(s, Event.CLOSE_REQUESTED, CLOSING);
            allow(s, Event.LINK_CLOSED, CLOSED);
        }
        TABLE.get(ACTIVE).remove(Event.HANDSHAKE_FAILED);
        allow(CLOSING, Event.LINK_CLOSED, CLOSED);
    }

    /** The state this event leads to, or empty if the event is not allowed here. */
    public Optional<SessionState> next(Event event) {
        Map<Event, SessionState> row = TABLE.get(this);
        return Optional.ofNullable(row == null ? null : row.get(event));
    }

    /** True while the link is meant to stay open. */
    public boolean isOpen() {
        return this != CLOSING && this != CLOSED;
    }
}
