package io.peerset.core.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Banned peer ids and keys, each until a moment; bounded. Thread-safe. */
final class Bans {
    private static final int MAX_ENTRIES = 10_000;

    private final Clock clock;
    private final Duration duration;
    private final Map<String, Instant> peers = new ConcurrentHashMap<>();
    private final Map<String, Instant> keys = new ConcurrentHashMap<>();

    Bans(Clock clock, Duration duration) {
        this.clock = clock;
        this.duration = duration;
    }

    void ban(String peerId, String pubkeyOrNull) {
        Instant until = clock.instant().plus(duration);
        put(peers, peerId, until);
        if (pubkeyOrNull != null) {
            put(keys, pubkeyOrNull, until);
        }
    }

    boolean isPeerBanned(String peerId) {
        return active(peers, peerId);
    }

    boolean isKeyBanned(String pubkey) {
        return active(keys, pubkey);
    }

    private void put(Map<String, Instant> m, String k, Instant until) {
        if (m.size() >= MAX_ENTRIES) {
            Instant now = clock.instant();
            m.values().removeIf(t -> !t.isAfter(now));
            if (m.size() >= MAX_ENTRIES) {
                m.keySet().stream().findAny().ifPresent(m::remove);
            }
        }
        m.put(k, until);
    }

    private boolean active(Map<String, Instant> m, String k) {
        Instant t = m.get(k);
        if (t == null) {
            return false;
        }
        if (!t.isAfter(clock.instant())) {
            m.remove(k, t);
            return false;
        }
        return true;
    }
}
