package io.peerset.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.Draft;
import io.peerset.api.Peerset;
import io.peerset.api.SignedRecord;
import io.peerset.api.Room;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Two nodes over the real Trystero topic strategy and real WebRTC data channels. */
class WebRtcNodesTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @Test
    void nodesFindEachOtherThroughTopicSignalingAndSyncOverWebRtc() throws Exception {
        URI hub = URI.create("memory://rtc-" + UUID.randomUUID());
        try (Peerset a = Peerset.builder().signaling("memory-topics", hub).syncInterval(Duration.ofSeconds(1)).build();
             Peerset b = Peerset.builder().signaling("memory-topics", hub).syncInterval(Duration.ofSeconds(1)).build()) {
            Room ra = a.join("rtc-app", "room", "pw");
            for (int i = 0; i < 50; i++) {
                ra.put(Draft.text("before " + i)).get();
            }
            Room rb = b.join("rtc-app", "room", "pw");
            Nodes.await("peers active over WebRTC", DEADLINE, () -> Nodes.active(ra, 1) && Nodes.active(rb, 1));
            assertThat(rb.peers().get(0).npub()).contains(a.identity().npub());
            SignedRecord live = rb.put(Draft.text("live")).get();
            Nodes.await("both hold 51 records", DEADLINE, () -> ra.size() == 51 && rb.size() == 51);
            assertThat(ra.get(live.id()).join()).isPresent();
            assertThat(ra.fingerprint()).isEqualTo(rb.fingerprint());
        }
    }
}
