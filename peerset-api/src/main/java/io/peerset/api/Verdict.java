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

    public static Verdict accept() { return ACCEPT; }

    /** Rejection with a reason a user can act on, e.g. "links are not allowed in text". */
    public static Verdict reject(String reason) {
        return new Verdict(false, Objects.requireNonNull(reason, "reason"), "");
    }

    /** The same verdict, naming the filter that gave it. */
    public Verdict by(String filterName) {
        return accepted ? this : new Verdict(false, reason, filterName);
    }

    public boolean accepted() { return accepted; }
    public String reason() { return reason; }
    /** Name of the filter that rejected, or empty. */
    public String filter() { return filter; }

    @Override public String toString() {
        return accepted ? "accept" : "reject[" + (filter.isEmpty() ? "" : filter + ": ") + reason + "]";
    }
}
