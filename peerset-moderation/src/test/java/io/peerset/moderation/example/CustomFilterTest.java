package io.peerset.moderation.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.Hex;
import io.peerset.api.Moderation;
import io.peerset.api.ModerationContext;
import io.peerset.api.ModerationFilter;
import io.peerset.api.SignedRecord;
import io.peerset.api.Verdict;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CustomFilterTest {
    private static final ModerationContext CTX = new ModerationContext() {
        @Override public Instant now() { return Instant.ofEpochSecond(1_735_689_600L); }
        @Override public boolean local() { return true; }
        @Override public Optional<String> senderPeerId() { return Optional.empty(); }
        @Override public Optional<String> senderNpub() { return Optional.empty(); }
        @Override public long storedByAuthor(String pubkey) { return 0; }
        @Override public List<SignedRecord> recentByAuthor(String pubkey, int limit) { return List.of(); }
        @Override public Duration retention() { return Duration.ofDays(90); }
    };

    private static SignedRecord note(String content) throws Exception {
        String pubkey = "ab".repeat(32);
        byte[] id = MessageDigest.getInstance("SHA-256").digest(SignedRecord.canonicalBytes(pubkey, 1_735_689_600L, 1, List.of(), content));
        return SignedRecord.of(Hex.encode(id), pubkey, 1_735_689_600L, 1, List.of(), content, "cd".repeat(64));
    }

    @Test
    void serviceFileMakesTheFilterDiscoverable() {
        List<ModerationFilter> found = Moderation.discovered();
        assertThat(found).hasAtLeastOneElementOfType(NoShoutingFilter.class);
    }

    @Test
    void discoveredFilterTakesEffectAfterAPreset() throws Exception {
        Moderation m = Moderation.preset("standard");
        for (ModerationFilter f : Moderation.discovered()) {
            m = m.then(f);
        }
        assertThat(m.check(note("a calm and friendly note"), CTX).accepted()).isTrue();
        Verdict v = m.check(note("THIS IS A VERY LOUD NOTE"), CTX);
        assertThat(v.accepted()).isFalse();
        assertThat(v.filter()).isEqualTo("no-shouting");
        assertThat(v.reason()).contains("don't shout");
    }
}
