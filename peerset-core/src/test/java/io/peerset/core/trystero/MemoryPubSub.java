package io.peerset.core.trystero;

import io.peerset.api.spi.SignalingStrategy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Test-only in-process broker: topics fan out to every subscribed client (the
 * publisher included, as MQTT does) on one broker thread, in publish order.
 * Every published message is recorded.
 */
final class MemoryPubSub implements AutoCloseable {
    record Published(String topic, String message) {}

    private final ExecutorService broker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "test-broker");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Map<Client, SignalingStrategy.TopicListener>> subs = new ConcurrentHashMap<>();
    final List<Published> log = new CopyOnWriteArrayList<>();

    SignalingStrategy client() {
        return new Client();
    }

    /** Publishes as an outside party (a scripted or hostile peer). */
    void inject(String topic, String message) {
        log.add(new Published(topic, message));
        broker.execute(() -> deliver(topic, message));
    }

    /** Waits until everything published so far has been handed to subscribers. */
    void flush() throws Exception {
        broker.submit(() -> {}).get(10, TimeUnit.SECONDS);
    }

    List<String> messagesOn(String topic) {
        return log.stream().filter(p -> p.topic().equals(topic)).map(Published::message).toList();
    }

    private void deliver(String topic, String message) {
        Map<Client, SignalingStrategy.TopicListener> m = subs.get(topic);
        if (m != null) {
            m.values().forEach(l -> l.onMessage(topic, message));
        }
    }

    @Override
    public void close() {
        broker.shutdownNow();
    }

    private final class Client implements SignalingStrategy {
        @Override
        public void subscribe(String topic, TopicListener listener) {
            subs.computeIfAbsent(topic, t -> new ConcurrentHashMap<>()).put(this, listener);
        }

        @Override
        public void unsubscribe(String topic) {
            Map<Client, TopicListener> m = subs.get(topic);
            if (m != null) {
                m.remove(this);
            }
        }

        @Override
        public void publish(String topic, String message) {
            inject(topic, message);
        }

        @Override
        public int connectedServers() {
            return 1;
        }

        @Override
        public void close() {
            subs.values().forEach(m -> m.remove(this));
        }
    }
}
