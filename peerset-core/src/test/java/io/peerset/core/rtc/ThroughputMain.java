package io.peerset.core.rtc;

import io.peerset.core.link.Link;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Not a test: measures raw data-channel throughput between two webrtc-java factories
 * in one JVM (host candidates, no STUN). Usage: {@code ThroughputMain [messages] [bytes]},
 * default 20000 × 16384. Run: ./mvnw -q -pl peerset-core -am test-compile dependency:build-classpath
 * -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test, then java -cp "$(cat /tmp/cp.txt):peerset-api/target/classes:
 * peerset-core/target/classes:peerset-core/target/test-classes" io.peerset.core.rtc.ThroughputMain 20000 16384.
 */
public final class ThroughputMain {
    private ThroughputMain() {}

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 16 * 1024;
        try (WebRtcLinkFactory a = new WebRtcLinkFactory(); WebRtcLinkFactory b = new WebRtcLinkFactory()) {
            long t0 = System.nanoTime();
            Link[] links = WebRtcLinkTest.connect(a, b);
            long connectNanos = System.nanoTime() - t0;
            CountDownLatch done = new CountDownLatch(1);
            AtomicLong received = new AtomicLong();
            links[1].setListener(new Link.Listener() {
                @Override
                public void onMessage(byte[] m) {
                    if (received.addAndGet(m.length) >= (long) count * size) {
                        done.countDown();
                    }
                }

                @Override
                public void onClose(String reason) {}
            });
            byte[] payload = new byte[size];
            long maxBuffered = 0;
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                links[0].send(payload);
                if ((i & 63) == 0) {
                    maxBuffered = Math.max(maxBuffered, links[0].bufferedAmount());
                }
            }
            if (!done.await(5, TimeUnit.MINUTES)) {
                throw new IllegalStateException("only " + received.get() + " bytes arrived");
            }
            double secs = (System.nanoTime() - start) / 1e9;
            double mb = (double) count * size / 1e6;
            System.out.printf("connect %.0f ms; %d x %d B = %.1f MB in %.2f s = %.1f MB/s (%.0f msg/s); max buffered sampled %d B%n",
                    connectNanos / 1e6, count, size, mb, secs, mb / secs, count / secs, maxBuffered);
            links[0].close();
            links[1].close();
        }
    }
}
