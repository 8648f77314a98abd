package io.peerset.moderation;

import io.peerset.api.ModerationContext;
import io.peerset.api.ModerationFilter;
import io.peerset.api.SignedRecord;
import io.peerset.api.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Creation time ({@code created_at}) within bounds, narrowing the engine's time window. The rule and its
 * default live once, in the engine ({@code PeersetConfig.maxFutureSkew()}, default 10 minutes, and the
 * retention): without options this filter applies exactly those bounds, read from
 * {@link ModerationContext#maxFutureSkew()} and {@link ModerationContext#retention()}, so naming it changes
 * nothing on a node; with {@code max-future-skew} or {@code max-age} it refuses more, never less.
 *
 * <p>Options: {@code max-future-skew}, {@code max-age} (durations: 30s, 10m, 2h, 90d, PT10M).
 */
public final class TimestampBoundsFilter implements ModerationFilter {
    public static final String NAME = "timestamp-bounds";
    static final Set<String> OPTIONS = Set.of("max-future-skew", "max-age");

    private final Optional<Duration> maxFutureSkew;
    private final Optional<Duration> maxAge;

    /** The node's own bounds: its future skew and retention, from the context. */
    public TimestampBoundsFilter() {
        this(Optional.empty(), Optional.empty());
    }

    /**
     * @param maxFutureSkew how far ahead of now a record may be dated; empty to use the context's
     * @param maxAge the oldest record accepted; empty to use the context's retention
     */
    public TimestampBoundsFilter(Optional<Duration> maxFutureSkew, Optional<Duration> maxAge) {
        maxFutureSkew.ifPresent(d -> {
            if (d.isNegative()) {
                throw new IllegalArgumentException("max future skew must not be negative; got " + d);
            }
        });
        maxAge.ifPresent(a -> {
            if (a.isNegative() || a.isZero()) {
                throw new IllegalArgumentException("max age must be positive; got " + a);
            }
        });
        this.maxFutureSkew = maxFutureSkew;
        this.maxAge = maxAge;
    }

    /** From {@code Moderation.filter("timestamp-bounds", options)}; see the class comment. */
    public static TimestampBoundsFilter fromOptions(Map<String, String> options) {
        Options o = Options.of(Options.filter(NAME), options, OPTIONS);
        return new TimestampBoundsFilter(Optional.ofNullable(o.duration("max-future-skew", null)),
            Optional.ofNullable(o.duration("max-age", null)));
    }

    @Override public String name() {
        return NAME;
    }

    @Override public Verdict check(SignedRecord record, ModerationContext context) {
        Instant now = context.now();
        long createdMillis = record.createdAt() * 1000;
        long nowMillis = now.toEpochMilli();
        long ahead = createdMillis - nowMillis;
        Duration skew = maxFutureSkew.orElseGet(context::maxFutureSkew);
        if (ahead > skew.toMillis()) {
            return Verdict.reject("created_at " + Instant.ofEpochSecond(record.createdAt()) + " is " + human(ahead)
                + " in the future (at most " + human(skew.toMillis()) + " is tolerated); check the writer's clock");
        }
        Duration limit = maxAge.orElseGet(context::retention);
        long age = nowMillis - createdMillis;
        if (age > limit.toMillis()) {
            return Verdict.reject("created_at " + Instant.ofEpochSecond(record.createdAt()) + " is " + human(age)
                + " old, older than the " + human(limit.toMillis()) + " records are kept");
        }
        return Verdict.accept();
    }

    /** 90d, 3h, 12m, 40s. */
    static String human(long millis) {
        long s = millis / 1000;
        if (s >= 86_400 && s % 86_400 == 0 || s >= 10 * 86_400) {
            return s / 86_400 + "d";
        }
        if (s >= 3600) {
            return s / 3600 + "h" + (s % 3600 >= 60 ? (s % 3600) / 60 + "m" : "");
        }
        if (s >= 60) {
            return s / 60 + "m" + (s % 60 > 0 ? s % 60 + "s" : "");
        }
        return s > 0 ? s + "s" : millis + "ms";
    }

    @Override public String toString() {
        return NAME + "[future skew " + maxFutureSkew.map(d -> human(d.toMillis())).orElse("the node's") + ", max age " + maxAge.map(a -> human(a.toMillis())).orElse("retention") + "]";
    }
}
