package io.peerset.core.engine;

import io.peerset.api.Ban;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Banned peer ids, peer keys and record authors, each until a moment, with a reason; bounded. Thread-safe. */
final class Bans {
    private static final int MAX_ENTRIES = 10_000;
    private static final int MAX_REASON_CHARS = 300;

    private final Clock clock;
    private final Duration duration;
    private final Map<Ban.Kind, Map<String, Ban>> byKind = new EnumMap<>(Ban.Kind.class);

    Bans(Clock clock, Duration duration) {
        this.clock = clock;
        this.duration = duration;
        for (Ban.Kind k : Ban.Kind.values()) {
            byKind.put(k, new ConcurrentHashMap<>());
        }
    }

    /** Bans a peer by id and, if it proved one, by key. */
    void ban(String peerId, String pubkeyOrNull, String reason) {
        Instant until = clock.instant().plus(duration);
        put(Ban.Kind.PEER, peerId, until, reason);
        if (pubkeyOrNull != null) {
            put(Ban.Kind.PEER_KEY, pubkeyOrNull, until, reason);
        }
    }

    /** Bans a record author (hex key): their records are refused from anyone. */
    void banAuthor(String pubkey, String reason) {
        put(Ban.Kind.AUTHOR, pubkey, clock.instant().plus(duration), reason);
    }

    boolean isPeerBanned(String peerId) {
        return active(Ban.Kind.PEER, peerId);
    }

    boolean isKeyBanned(String pubkey) {
        return active(Ban.Kind.PEER_KEY, pubkey);
    }

    boolean isAuthorBanned(String pubkey) {
        Map<String, Ban> m = byKind.get(Ban.Kind.AUTHOR);
        return !m.isEmpty() && active(Ban.Kind.AUTHOR, pubkey);
    }

    /** Bans in force now, soonest to end first. */
    List<Ban> list() {
        Instant now = clock.instant();
        List<Ban> out = new ArrayList<>();
        for (Map<String, Ban> m : byKind.values()) {
            m.values().removeIf(b -> !b.until().isAfter(now));
            out.addAll(m.values());
        }
        out.sort(Comparator.comparing(Ban::until).thenComparing(Ban::kind).thenComparing(Ban::id));
        return List.copyOf(out);
    }

    private void put(Ban.Kind kind, String id, Instant until, String reason) {
        Map<String, Ban> m = byKind.get(kind);
        if (m.size() >= MAX_ENTRIES) {
            Instant now = clock.instant();
            m.values().removeIf(b -> !b.until().isAfter(now));
            if (m.size() >= MAX_ENTRIES) {
                m.keySet().stream().findAny().ifPresent(m::remove);
            }
        }
        String r = reason.length() > MAX_REASON_CHARS ? reason.substring(0, MAX_REASON_CHARS - 1) + "…" : reason;
        m.put(id, new Ban(kind, id, until, r));
    }

    private boolean active(Ban.Kind kind, String id) {
        Map<String, Ban> m = byKind.get(kind);
        Ban b = m.get(id);
        if (b == null) {
            return false;
        }
        if (!b.until().isAfter(clock.instant())) {
            m.remove(id, b);
            return false;
        }
        return true;
    }
}
