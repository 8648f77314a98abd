package io.peerset.core.memory;

import io.peerset.core.link.Link;
import io.peerset.core.link.PeerDiscovery;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-JVM peer network: rooms by {@code (appId, roomId)} whose members are paired
 * with {@link MemoryLink}s, so real nodes can run a swarm inside one test. Pairing
 * honours both sides' {@link PeerDiscovery.Callbacks#wants}; members retry pairing
 * every announce interval, as a signalling strategy keeps announcing.
 *
 * <p>The signalling name {@code "memory"} uses {@link #named} with the URL's host
 * ({@code memory://swarm-1}), or {@link #global()} when no URL is given: configure a
 * named network (loss, delay) before building the nodes that use it.
 */
public final class MemoryNetwork {
    private static final Logger log = LoggerFactory.getLogger(MemoryNetwork.class);
    private static final Map<String, MemoryNetwork> NAMED = new ConcurrentHashMap<>();
    private static final String DEFAULT_NAME = "default";

    private final String name;
    private volatile MemoryLink.Options linkOptions = MemoryLink.Options.reliable();
    private volatile long announceMillis = 250;
    private final Random random;
    private final Map<String, List<Member>> rooms = new ConcurrentHashMap<>();
    private final Set<String> linked = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService scheduler;

    private MemoryNetwork(String name, long seed) {
        this.name = name;
        this.random = new Random(seed);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "memnet-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /** The network used when {@code "memory"} signalling names no URL. */
    public static MemoryNetwork global() {
        return named(DEFAULT_NAME);
    }

    /** The network with this name, made on first use. */
    public static MemoryNetwork named(String name) {
        Objects.requireNonNull(name, "network name");
        return NAMED.computeIfAbsent(name, n -> new MemoryNetwork(n, n.hashCode()));
    }

    /** A fresh, unnamed network (not reachable through signalling names). */
    public static MemoryNetwork create(long seed) {
        return new MemoryNetwork("anon-" + Long.toHexString(seed), seed);
    }

    public String name() { return name; }

    /** Options for links made from now on (loss, delay, buffer). */
    public MemoryNetwork linkOptions(MemoryLink.Options options) {
        this.linkOptions = Objects.requireNonNull(options, "options");
        return this;
    }

    public MemoryLink.Options linkOptions() { return linkOptions; }

    /** How often each member retries pairing with the room's other members (default 250 ms). */
    public MemoryNetwork announceInterval(long millis) {
        if (millis < 1) {
            throw new IllegalArgumentException("announce interval must be positive; got " + millis);
        }
        this.announceMillis = millis;
        return this;
    }

    /** Number of open link pairs. */
    public int openPairs() {
        return linked.size();
    }

    /** Discovery for one peer of one room. */
    public PeerDiscovery discovery(String appId, String roomId, String selfId) {
        return new Member(appId + "\u0000" + roomId, selfId);
    }

    private void tryPair(Member m) {
        if (m.closed) {
            return;
        }
        List<Member> others = new ArrayList<>(rooms.getOrDefault(m.room, List.of()));
        long seed;
        synchronized (random) {
            Collections.shuffle(others, random);
            seed = random.nextLong();
        }
        for (Member o : others) {
            if (o == m || o.closed || o.selfId.equals(m.selfId)) {
                continue;
            }
            String key = pairKey(m, o);
            if (linked.contains(key)) {
                continue;
            }
            if (!m.wants(o.selfId) || !o.wants(m.selfId)) {
                continue;
            }
            if (!linked.add(key)) {
                continue;
            }
            MemoryLink.Pair pair = MemoryLink.pair(m.selfId, o.selfId, linkOptions, seed++);
            Set<MemoryLink> open = Collections.synchronizedSet(new HashSet<>(List.of(pair.a(), pair.b())));
            Runnable forget = () -> {
                if (open.isEmpty()) {
                    return;
                }
                open.clear();
                linked.remove(key);
            };
            pair.a().onClosed(forget);
            pair.b().onClosed(forget);
            log.debug("memory network {}: linking {} and {}", name, m.selfId, o.selfId);
            m.deliver(o.selfId, pair.a());
            o.deliver(m.selfId, pair.b());
        }
    }

    private static String pairKey(Member a, Member b) {
        return a.room + "\u0000" + (a.selfId.compareTo(b.selfId) < 0 ? a.selfId + "\u0000" + b.selfId : b.selfId + "\u0000" + a.selfId);
    }

    private final class Member implements PeerDiscovery {
        final String room;
        final String selfId;
        volatile Callbacks callbacks;
        volatile boolean closed;
        private ScheduledFuture<?> task;

        Member(String room, String selfId) {
            this.room = room;
            this.selfId = selfId;
        }

        boolean wants(String peerId) {
            Callbacks c = callbacks;
            try {
                return c != null && !closed && c.wants(peerId);
            } catch (RuntimeException e) {
                log.warn("memory network {}: wants({}) threw {}", name, peerId, e.toString());
                return false;
            }
        }

        void deliver(String peerId, Link link) {
            Callbacks c = callbacks;
            if (c == null || closed) {
                link.close();
                return;
            }
            try {
                c.onLink(peerId, link);
            } catch (RuntimeException e) {
                log.warn("memory network {}: onLink({}) threw {}", name, peerId, e.toString());
                link.close();
            }
        }

        @Override
        public synchronized void start(Callbacks callbacks) {
            if (this.callbacks != null) {
                throw new IllegalStateException("discovery already started");
            }
            this.callbacks = Objects.requireNonNull(callbacks, "callbacks");
            rooms.computeIfAbsent(room, r -> new CopyOnWriteArrayList<>()).add(this);
            long period = announceMillis;
            task = scheduler.scheduleWithFixedDelay(() -> {
                try {
                    tryPair(this);
                } catch (RuntimeException e) {
                    log.warn("memory network {}: pairing failed: {}", name, e.toString());
                }
            }, 0, period, TimeUnit.MILLISECONDS);
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (task != null) {
                task.cancel(false);
            }
            List<Member> members = rooms.get(room);
            if (members != null) {
                members.remove(this);
            }
        }
    }
}
