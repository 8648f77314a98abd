package io.peerset.moderation;

import io.peerset.api.ModerationContext;
import io.peerset.api.SignedRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A moderation context over a small in-memory store: records are kept per author, replaced
 * as NIP-01 says (same kind for replaceable kinds, same kind and d for addressable ones).
 */
final class TestContext implements ModerationContext {
    private Instant now = Instant.ofEpochSecond(TestRecords.T0);
    private boolean local = true;
    private String senderPeerId;
    private String senderNpub;
    private Duration retention = Duration.ofDays(90);
    private Duration maxFutureSkew = io.peerset.api.PeersetConfig.DEFAULT_MAX_FUTURE_SKEW;
    private final Map<String, List<SignedRecord>> byAuthor = new HashMap<>();

    static TestContext localWrite() {
        return new TestContext();
    }

    /** A record arriving from a peer; {@code npub} empty when the peer did not prove its key. */
    static TestContext fromPeer(String peerId, String npub) {
        TestContext c = new TestContext();
        c.local = false;
        c.senderPeerId = peerId;
        c.senderNpub = npub;
        return c;
    }

    TestContext now(Instant now) {
        this.now = now;
        return this;
    }

    TestContext maxFutureSkew(Duration skew) {
        this.maxFutureSkew = skew;
        return this;
    }

    TestContext retention(Duration retention) {
        this.retention = retention;
        return this;
    }

    /** Stores the record, replacing what it replaces. */
    TestContext store(SignedRecord r) {
        List<SignedRecord> l = byAuthor.computeIfAbsent(r.pubkey(), k -> new ArrayList<>());
        l.removeIf(o -> o.id().equals(r.id()) || AuthorQuotaFilter.replaces(r, o));
        l.add(r);
        l.sort(Comparator.comparingLong(SignedRecord::createdAt).reversed().thenComparing(SignedRecord::id));
        return this;
    }

    @Override public Instant now() { return now; }
    @Override public boolean local() { return local; }
    @Override public Optional<String> senderPeerId() { return Optional.ofNullable(senderPeerId); }
    @Override public Optional<String> senderNpub() { return Optional.ofNullable(senderNpub); }
    @Override public long storedByAuthor(String pubkey) { return byAuthor.getOrDefault(pubkey, List.of()).size(); }

    @Override public List<SignedRecord> recentByAuthor(String pubkey, int limit) {
        List<SignedRecord> l = byAuthor.getOrDefault(pubkey, List.of());
        return List.copyOf(l.subList(0, Math.min(limit, l.size())));
    }

    @Override public Duration retention() { return retention; }
    @Override public Duration maxFutureSkew() { return maxFutureSkew; }
}
