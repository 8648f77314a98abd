package io.peerset.signal.nostr;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Outbound rate limits: our own token bucket, and slowing down when a relay says so. Time is a manual ticker. */
class RateLimitTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final String ANNOUNCE = "{\"peerId\":\"me\"}";
    private final AtomicLong ticker = new AtomicLong();

    private NostrSignaling.Options.Builder options() {
        return NostrSignaling.Options.builder()
                .reconnect(Duration.ofMillis(100), Duration.ofSeconds(1))
                .rateLimitPause(Duration.ofMillis(100), Duration.ofMillis(200))
                .ticker(ticker::get);
    }

    private static String offer(int i) {
        return "{\"peerId\":\"me\",\"offerId\":\"o" + i + "\",\"offer\":\"x\"}";
    }

    private static RelayStatus status(NostrSignaling s) {
        return s.relayStatus().get(0);
    }

    @Test
    void announcementsOverTheRateAreDroppedAndOffersWaitForTokens() throws Exception {
        try (ScriptedRelay relay = ScriptedRelay.start((r, c, n, f) -> { });
             NostrSignaling s = new NostrSignaling(List.of(relay.url()), options().rateLimit(10, 5).build())) {
            Poll.until(DEADLINE, "connected", () -> s.connectedServers() == 1);
            for (int i = 0; i < 20; i++) {
                s.publish("t", ANNOUNCE);
            }
            assertThat(status(s).sent()).isEqualTo(5);
            assertThat(status(s).droppedAnnouncements()).isEqualTo(15);
            for (int i = 0; i < 3; i++) {
                s.publish("t", offer(i));
            }
            assertThat(status(s).queued()).isEqualTo(3);
            s.publish("t", ANNOUNCE);
            assertThat(status(s).droppedAnnouncements()).as("announcements never jump the queue").isEqualTo(16);

            ticker.addAndGet(TimeUnit.SECONDS.toNanos(1));
            Poll.until(DEADLINE, "queued offers sent once tokens refill", () -> status(s).queued() == 0);
            Poll.until(DEADLINE, "relay got 8 events", () -> relay.framesStartingWith("[\"EVENT\"").size() == 8);
            assertThat(relay.framesStartingWith("[\"EVENT\"").subList(5, 8))
                    .allSatisfy(f -> assertThat(f).contains("offerId"));
        }
    }

    @Test
    void rateLimitedRejectionPausesPublishingToThatRelay() throws Exception {
        try (ScriptedRelay relay = ScriptedRelay.start((r, c, n, f) -> {
            if (f.startsWith("[\"EVENT\"")) {
                String id = RelayFrame.JSON.readTree(f).get(1).get("id").asText();
                c.send("[\"OK\",\"" + id + "\",false,\"rate-limited: slow down there chief\"]");
            }
        });
             NostrSignaling s = new NostrSignaling(List.of(relay.url()), options().build())) {
            Poll.until(DEADLINE, "connected", () -> s.connectedServers() == 1);
            s.publish("t", ANNOUNCE);
            Poll.until(DEADLINE, "paused after OK false rate-limited", () -> status(s).paused());
            s.publish("t", ANNOUNCE);
            s.publish("t", offer(1));
            assertThat(status(s).sent()).isEqualTo(1);
            assertThat(status(s).droppedAnnouncements()).isEqualTo(1);
            assertThat(status(s).queued()).isEqualTo(1);
            assertThat(status(s).rejected()).isEqualTo(1);

            ticker.addAndGet(TimeUnit.SECONDS.toNanos(10));
            Poll.until(DEADLINE, "queued offer sent after the pause", () -> status(s).queued() == 0 && status(s).sent() == 2);
            Poll.until(DEADLINE, "relay got the offer", () -> relay.framesStartingWith("[\"EVENT\"").size() == 2);
        }
    }

    @Test
    void rateLimitNoticePausesPublishing() throws Exception {
        try (ScriptedRelay relay = ScriptedRelay.start((r, c, n, f) -> {
            if (f.startsWith("[\"REQ\"")) {
                c.send("[\"NOTICE\",\"Rate limit exceeded, please slow down\"]");
            }
        });
             NostrSignaling s = new NostrSignaling(List.of(relay.url()), options().build())) {
            s.subscribe("t", new Inbox());
            Poll.until(DEADLINE, "paused after a rate-limit NOTICE", () -> status(s).paused());
            s.publish("t", ANNOUNCE);
            assertThat(status(s).droppedAnnouncements()).isEqualTo(1);
        }
    }

    @Test
    void repeatedRejectionsPausePublishing() throws Exception {
        try (ScriptedRelay relay = ScriptedRelay.start((r, c, n, f) -> {
            if (f.startsWith("[\"EVENT\"")) {
                String id = RelayFrame.JSON.readTree(f).get(1).get("id").asText();
                c.send("[\"OK\",\"" + id + "\",false,\"blocked: not on the whitelist\"]");
            }
        });
             NostrSignaling s = new NostrSignaling(List.of(relay.url()), options().build())) {
            Poll.until(DEADLINE, "connected", () -> s.connectedServers() == 1);
            for (int i = 0; i < 3; i++) {
                s.publish("t", offer(i));
            }
            Poll.until(DEADLINE, "paused after three rejections", () -> status(s).paused());
            assertThat(status(s).rejected()).isEqualTo(3);
        }
    }
}
