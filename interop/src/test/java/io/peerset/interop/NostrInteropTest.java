package io.peerset.interop;

import org.junit.jupiter.api.Test;

/** {@code @trystero-p2p/nostr} in Chromium and a peerset node through a real local Nostr relay. */
class NostrInteropTest {
    @Test
    void browserTrysteroPeerAndPeersetNodeExchangeEventsBothWaysAndPing() throws Exception {
        try (NodeServer relay = NodeServer.nostrRelay()) {
            InteropScenario.run("nostr", relay.wsUrl(), relay.wsUrl());
        }
    }
}
