package io.peerset.signal.torrent;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.core.link.Link;
import io.peerset.core.link.LinkClosedException;
import io.peerset.core.link.LinkFactory;
import io.peerset.core.link.PeerDiscovery;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** A room member for tests: a TorrentDiscovery with fast timings, and the links it was handed. */
final class TestPeer implements AutoCloseable, PeerDiscovery.Callbacks {
    static final String APP = "peerset-torrent-test";

    final TorrentDiscovery discovery;
    final Map<String, Link> links = new ConcurrentHashMap<>();
    final Map<String, BlockingQueue<String>> inbox = new ConcurrentHashMap<>();

    TestPeer(LinkFactory factory, String room, String password, List<URI> trackers) {
        this.discovery = fast(TorrentDiscovery.builder(factory)).appId(APP).roomId(room).password(password)
                .trackers(trackers).build();
    }

    /** Test timings: announce every 0.5-1 s, reconnect after 100 ms to 1 s. */
    static TorrentDiscovery.Builder fast(TorrentDiscovery.Builder b) {
        return b.announceInterval(Duration.ofSeconds(1))
                .minAnnounceInterval(Duration.ofMillis(500))
                .reconnectBackoff(Duration.ofMillis(100), Duration.ofSeconds(1))
                .connectTimeout(Duration.ofSeconds(2));
    }

    TestPeer start() {
        discovery.start(this);
        return this;
    }

    String id() {
        return discovery.selfId();
    }

    @Override
    public boolean wants(String peerId) {
        Link l = links.get(peerId);
        return l == null || !l.isOpen();
    }

    @Override
    public void onLink(String peerId, Link link) {
        assertThat(link.remotePeerId()).isEqualTo(peerId);
        Link previous = links.put(peerId, link);
        if (previous != null && previous != link) {
            previous.close();
        }
        BlockingQueue<String> q = inbox.computeIfAbsent(peerId, k -> new LinkedBlockingQueue<>());
        link.setListener(new Link.Listener() {
            @Override
            public void onMessage(byte[] message) {
                q.add(new String(message, StandardCharsets.UTF_8));
            }

            @Override
            public void onClose(String reason) {}
        });
    }

    boolean connectedTo(TestPeer other) {
        Link l = links.get(other.id());
        return l != null && l.isOpen();
    }

    void send(TestPeer to, String text) throws LinkClosedException {
        links.get(to.id()).send(text.getBytes(StandardCharsets.UTF_8));
    }

    String receive(TestPeer from) throws InterruptedException {
        String m = inbox.computeIfAbsent(from.id(), k -> new LinkedBlockingQueue<>()).poll(20, TimeUnit.SECONDS);
        assertThat(m).as("message from %s within 20 s", from.id()).isNotNull();
        return m;
    }

    /** Sends a message each way and checks both arrive. */
    static void exchange(TestPeer a, TestPeer b, String tag) throws Exception {
        a.send(b, "from a " + tag);
        b.send(a, "from b " + tag);
        assertThat(b.receive(a)).isEqualTo("from a " + tag);
        assertThat(a.receive(b)).isEqualTo("from b " + tag);
    }

    @Override
    public void close() {
        discovery.close();
        links.values().forEach(Link::close);
    }

    static void await(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + limit.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
