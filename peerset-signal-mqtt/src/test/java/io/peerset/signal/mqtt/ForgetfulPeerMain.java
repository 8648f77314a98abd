package io.peerset.signal.mqtt;

import java.net.URI;
import java.util.List;

/**
 * Run in a child JVM by {@link MqttSignalingJvmExitTest}: connects, publishes once and returns
 * from main without calling close(). The JVM must still exit on its own.
 */
public final class ForgetfulPeerMain {
    private ForgetfulPeerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        URI url = URI.create(args[0]);
        String topic = args[1];
        MqttSignaling signaling = new MqttSignaling(List.of(url));
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (signaling.connectedServers() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (signaling.connectedServers() == 0) {
            System.out.println("never connected");
            System.exit(2);
        }
        // publish() is fire-and-forget: hear our own message back through the broker before
        // returning, or a JVM exiting at once (the point of the test) may lose it unsent
        java.util.concurrent.CountDownLatch echoed = new java.util.concurrent.CountDownLatch(1);
        signaling.subscribe(topic, (t, m) -> {
            if (m.contains("forgetful")) {
                echoed.countDown();
            }
        });
        signaling.publish(topic, "{\"peerId\":\"forgetful\"}");
        while (!echoed.await(500, java.util.concurrent.TimeUnit.MILLISECONDS)) { // the subscription may not be in place yet
            if (System.nanoTime() > deadline + 30_000_000_000L) {
                System.out.println("own message never came back");
                System.exit(3);
            }
            signaling.publish(topic, "{\"peerId\":\"forgetful\"}");
        }
        System.out.println("published");
        // no close(): only daemon threads remain, so returning here must end the JVM
    }
}
