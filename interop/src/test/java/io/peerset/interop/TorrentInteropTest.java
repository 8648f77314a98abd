package io.peerset.interop;

import org.junit.jupiter.api.Test;

/** {@code @trystero-p2p/torrent} in Chromium and a peerset node through a real local WebTorrent tracker (bittorrent-tracker). */
class TorrentInteropTest {
    @Test
    void browserTrysteroPeerAndPeersetNodeExchangeEventsBothWaysAndPing() throws Exception {
        try (NodeServer tracker = NodeServer.torrentTracker()) {
            InteropScenario.run("torrent", tracker.wsUrl(), tracker.wsUrl());
        }
    }
}
