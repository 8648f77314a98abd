package io.peerset.core.engine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.peerset.api.PeersetConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moderation strikes per record author (hex key), node-wide: every room of a {@link PeersetEngine}
 * adds to the same count, and past {@link PeersetConfig#authorStrikeThreshold()} the author is banned
 * in the node's {@link Bans}, so in every room. Thread-safe (the rooms' ingest threads call it).
 */
final class AuthorStrikes {
    private static final Logger log = LoggerFactory.getLogger(AuthorStrikes.class);

    private final PeersetConfig config;
    private final Bans bans;
    private final Cache<String, Strikes> byAuthor;

    AuthorStrikes(PeersetConfig config, Bans bans) {
        this.config = config;
        this.bans = bans;
        this.byAuthor = Caffeine.newBuilder().maximumSize(100_000).ticker(config.ticker()::read)
            .expireAfterAccess(config.strikeDecay().multipliedBy(Math.max(1, config.authorStrikeThreshold()))).build();
    }

    /** One moderation strike for an author; at the threshold the author is banned. */
    synchronized void strike(String pubkey, String reason) {
        long now = config.ticker().read();
        Strikes st = byAuthor.get(pubkey, k -> new Strikes(config.strikeDecay().toNanos(), now));
        int n = st.add(1, now);
        if (n >= config.authorStrikeThreshold() && !bans.isAuthorBanned(pubkey)) {
            bans.banAuthor(pubkey, n + " records refused by moderation; last: " + reason);
            byAuthor.invalidate(pubkey);
            log.warn("author {} banned for {} after {} moderation refusals", pubkey, config.banDuration(), n);
        }
    }

    /** Moderation strikes an author has now (after decay), for tests and diagnostics. */
    synchronized int current(String pubkey) {
        Strikes st = byAuthor.getIfPresent(pubkey);
        return st == null ? 0 : st.current(config.ticker().read());
    }
}
