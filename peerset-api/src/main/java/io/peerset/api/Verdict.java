package io.peerset.api;

import java.util.Objects;

/** A moderation filter's answer: accept, or reject with a reason. Immutable. */
public final class Verdict {
    private static final Verdict ACCEPT = new Verdict(true, "accepted", "");

    private final boolean accepted;
    private final String reason;
    private final String filter;

    private Verdict(boolean accepted, String reason, String filter) {
        this.accepted = accepted;
        this.reason = reason;
        this.filter = filter;
    }

    /** {@return the accepting verdict} */
    public static Verdict accept() { return ACCEPT; }

    /**
     * Rejection with a reason a user can act on, e.g. "links are not allowed in text".
     *
     * @param reason the reason, not null
     * @return a rejecting verdict
     */
    public static Verdict reject(String reason) {
        return new Verdict(false, Objects.requireNonNull(reason, "reason"), "");
    }

    /**
     * The same verdict, naming the filter that gave it (an acceptance is returned unchanged).
     *
     * @param filterName the filter's name
     * @return the verdict
     */
    public Verdict by(String filterName) {
        return accepted ? this : new Verdict(false, reason, filterName);
    }

    /** {@return true if the record is accepted} */
    public boolean accepted() { return accepted; }
    /** {@return the reason for a rejection, or {@code "accepted"}} */
    public String reason() { return reason; }
    /** {@return the name of the filter that rejected, or empty} */
    public String filter() { return filter; }

    @Override public String toString() {
        return accepted ? "accept" : "reject[" + (filter.isEmpty() ? "" : filter + ": ") + reason + "]";
    }
}
