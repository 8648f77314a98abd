package io.peerset.api;

import java.time.Duration;

/** Argument checks shared by the configuration values. */
final class Durations {
    private Durations() {}

    static Duration positive(String field, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(field + " must be a positive duration; got " + d
                + " (use e.g. Duration.ofSeconds(30))");
        }
        return d;
    }

    static int atLeast(String field, int min, int n, String why) {
        if (n < min) {
            throw new IllegalArgumentException(field + " must be at least " + min + why + "; got " + n);
        }
        return n;
    }
}
