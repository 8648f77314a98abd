package io.peerset.core.memory;

import io.peerset.api.spi.SignalingStrategy;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One client of the in-JVM topic hubs; delivers to its listeners on its own thread. */
final class MemorySignaling implements SignalingStrategy {
    private static final Logger log = LoggerFactory.getLogger(MemorySignaling.class);
    /** Largest message a hub carries. */
    static final int MAX_MESSAGE_CHARS = 64 * 1024;
    private static final int MAX_QUEUED = 10_000;
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final Map<String, Map<String, Set<MemorySignaling>>> HUBS = new ConcurrentHashMap<>();

    private final List<String> hubs;
    private final Map<String, TopicListener> listeners = new ConcurrentHashMap<>();
    private final ExecutorService delivery;
    private volatile boolean closed;

    MemorySignaling(List<String> hubs) {
        this.hubs = List.copyOf(hubs);
        int id = IDS.incrementAndGet();
        this.delivery = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(MAX_QUEUED), r -> {
            Thread t = new Thread(r, "memsignal-" + id);
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.DiscardPolicy());
    }

    @Override
    public void subscribe(String topic, TopicListener listener) {
        if (closed) {
            throw new IllegalStateException("signalling is closed");
        }
        listeners.put(topic, listener);
        for (String hub : hubs) {
            HUBS.computeIfAbsent(hub, h -> new ConcurrentHashMap<>())
                .computeIfAbsent(topic, t -> ConcurrentHashMap.newKeySet()).add(this);
        }
    }

    @Override
    public void unsubscribe(String topic) {
        listeners.remove(topic);
        for (String hub : hubs) {
            Map<String, Set<MemorySignaling>> topics = HUBS.get(hub);
            if (topics != null) {
                Set<MemorySignaling> subs = topics.get(topic);
                if (subs != null) {
                    subs.remove(this);
                }
            }
        }
    }

    @Override
    public void publish(String topic, String message) {
        if (closed) {
            return;
        }
        if (message.length() > MAX_MESSAGE_CHARS) {
            log.warn("memory signalling: dropped a message of {} characters on {} (limit {})", message.length(), topic, MAX_MESSAGE_CHARS);
            return;
        }
        for (String hub : hubs) {
            Map<String, Set<MemorySignaling>> topics = HUBS.get(hub);
            Set<MemorySignaling> subs = topics == null ? null : topics.get(topic);
            if (subs != null) {
                for (MemorySignaling s : subs) {
                    s.receive(topic, message);
                }
            }
        }
    }

    private void receive(String topic, String message) {
        if (closed) {
            return;
        }
        try {
            delivery.execute(() -> {
                TopicListener l = listeners.get(topic);
                if (l != null && !closed) {
                    try {
                        l.onMessage(topic, message);
                    } catch (RuntimeException e) {
                        log.warn("memory signalling: listener for {} threw {}", topic, e.toString());
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    @Override
    public int connectedServers() {
        return closed ? 0 : hubs.size();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (String topic : List.copyOf(listeners.keySet())) {
            unsubscribe(topic);
        }
        delivery.shutdownNow();
    }
}
