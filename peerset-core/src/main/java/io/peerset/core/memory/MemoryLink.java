package io.peerset.core.memory;

import io.peerset.core.link.Link;
import io.peerset.core.link.LinkClosedException;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One end of an in-memory {@link Link} pair. Each end delivers what the other
 * sends on its own thread, in order, after an optional delay, dropping a fraction
 * of messages if asked (to test repair). Sending blocks while more than the buffer
 * limit is queued, and fails if it stays full.
 *
 * <p>Made in pairs by {@link #pair}.
 */
public final class MemoryLink implements Link {
    private static final Logger log = LoggerFactory.getLogger(MemoryLink.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    /** How a pair behaves. */
    public record Options(double lossRate, long delayMillis, long jitterMillis, long bufferLimitBytes, long sendTimeoutMillis) {
        public Options {
            if (lossRate < 0 || lossRate >= 1) {
                throw new IllegalArgumentException("lossRate must be in [0, 1); got " + lossRate);
            }
            if (delayMillis < 0 || jitterMillis < 0) {
                throw new IllegalArgumentException("delay and jitter must not be negative; got " + delayMillis + ", " + jitterMillis);
            }
            if (bufferLimitBytes < Link.MAX_MESSAGE_BYTES || sendTimeoutMillis < 1) {
                throw new IllegalArgumentException("bufferLimitBytes must be at least " + Link.MAX_MESSAGE_BYTES + " and sendTimeoutMillis positive");
            }
        }

        /** Reliable, immediate, 4 MiB buffer, 10 s send timeout. */
        public static Options reliable() {
            return new Options(0, 0, 0, 4L << 20, 10_000);
        }

        public Options withLoss(double rate) {
            return new Options(rate, delayMillis, jitterMillis, bufferLimitBytes, sendTimeoutMillis);
        }

        public Options withDelay(long millis, long jitter) {
            return new Options(lossRate, millis, jitter, bufferLimitBytes, sendTimeoutMillis);
        }
    }

    /** Both ends of a link. */
    public record Pair(MemoryLink a, MemoryLink b) {}

    private final String localId;
    private final String remoteId;
    private final Options options;
    private final Random random;
    private final Object lock = new Object();
    private final ArrayDeque<Item> inbound = new ArrayDeque<>();
    private long inboundBytes;
    private Listener listener;
    private MemoryLink peer;
    private boolean closed;
    private boolean notifiedClose;
    private boolean heardClose;
    private String closeReason = "closed";
    private Runnable onClosed = () -> {};
    private long lastDue;

    private MemoryLink(String localId, String remoteId, Options options, Random random) {
        this.localId = localId;
        this.remoteId = remoteId;
        this.options = options;
        this.random = random;
    }

    /**
     * A connected pair: {@code a} is {@code aId}'s end (its remote is {@code bId}), and {@code b} the other.
     *
     * @param seed seeds the loss and jitter decisions
     */
    public static Pair pair(String aId, String bId, Options options, long seed) {
        Objects.requireNonNull(options, "options");
        MemoryLink a = new MemoryLink(aId, bId, options, new Random(seed));
        MemoryLink b = new MemoryLink(bId, aId, options, new Random(~seed));
        a.peer = b;
        b.peer = a;
        a.startDelivery();
        b.startDelivery();
        return new Pair(a, b);
    }

    /** Runs once when this end closes (used by the network to forget the pair). */
    void onClosed(Runnable r) {
        synchronized (lock) {
            this.onClosed = r;
        }
    }

    @Override
    public void send(byte[] message) throws LinkClosedException {
        if (message.length > MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("message of " + message.length + " bytes exceeds the link maximum of " + MAX_MESSAGE_BYTES);
        }
        boolean drop;
        long delay;
        synchronized (lock) {
            if (closed) {
                throw new LinkClosedException("link to " + remoteId + " is closed (" + closeReason + ")");
            }
            drop = options.lossRate() > 0 && random.nextDouble() < options.lossRate();
            delay = options.delayMillis() + (options.jitterMillis() > 0 ? (long) (random.nextDouble() * options.jitterMillis()) : 0);
        }
        if (drop) {
            return;
        }
        peer.enqueue(message.clone(), delay, options.sendTimeoutMillis());
    }

    private void enqueue(byte[] message, long delayMillis, long timeoutMillis) throws LinkClosedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (lock) {
            while (!closed && inboundBytes + message.length > options.bufferLimitBytes()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new LinkClosedException("link to " + localId + " stayed full (" + inboundBytes + " bytes queued) for " + timeoutMillis + " ms");
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new LinkClosedException("interrupted while the link buffer was full");
                }
            }
            if (closed) {
                throw new LinkClosedException("link to " + localId + " is closed (" + closeReason + ")");
            }
            long due = Math.max(lastDue, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis));
            lastDue = due;
            inbound.add(new Item(message, due));
            inboundBytes += message.length;
            lock.notifyAll();
        }
    }

    @Override
    public long bufferedAmount() {
        MemoryLink p = peer;
        synchronized (p.lock) {
            return p.inboundBytes;
        }
    }

    @Override
    public void setListener(Listener listener) {
        boolean late;
        synchronized (lock) {
            this.listener = Objects.requireNonNull(listener, "listener");
            late = notifiedClose && !heardClose;
            heardClose |= late;
            lock.notifyAll();
        }
        if (late) {
            safely(() -> listener.onClose(closeReason));
        }
    }

    @Override
    public boolean isOpen() {
        synchronized (lock) {
            return !closed;
        }
    }

    @Override
    public String remotePeerId() {
        return remoteId;
    }

    @Override
    public void close() {
        closeWith("closed locally", true);
        peer.closeWith("closed by " + localId, false);
    }

    private void closeWith(String reason, boolean discard) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            closeReason = reason;
            if (discard) {
                inbound.clear();
                inboundBytes = 0;
            }
            lock.notifyAll();
        }
    }

    private void startDelivery() {
        Thread t = new Thread(this::deliverLoop, "memlink-" + THREADS.incrementAndGet() + "-" + remoteId + ">" + localId);
        t.setDaemon(true);
        t.start();
    }

    private void deliverLoop() {
        while (true) {
            Item item;
            Listener l;
            synchronized (lock) {
                while (true) {
                    if (listener != null && !inbound.isEmpty()) {
                        long wait = inbound.peek().due - System.nanoTime();
                        if (wait <= 0) {
                            break;
                        }
                        waitNanos(wait);
                        continue;
                    }
                    if (closed && (inbound.isEmpty() || listener == null)) {
                        break;
                    }
                    waitNanos(TimeUnit.SECONDS.toNanos(1));
                }
                if (inbound.isEmpty() || listener == null) {
                    inbound.clear();
                    inboundBytes = 0;
                    if (notifiedClose) {
                        return;
                    }
                    notifiedClose = true;
                    l = listener;
                    heardClose = l != null;
                    item = null;
                } else {
                    item = inbound.poll();
                    inboundBytes -= item.message.length;
                    lock.notifyAll();
                    l = listener;
                }
            }
            if (item == null) {
                Runnable r;
                synchronized (lock) {
                    r = onClosed;
                }
                safely(r);
                if (l != null) {
                    String reason = closeReason;
                    safely(() -> l.onClose(reason));
                }
                return;
            }
            byte[] m = item.message;
            safely(() -> l.onMessage(m));
        }
    }

    private void waitNanos(long nanos) {
        try {
            TimeUnit.NANOSECONDS.timedWait(lock, Math.max(1, nanos));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    private void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            log.warn("memory link {}->{}: listener threw {}", remoteId, localId, e.toString());
        }
    }

    @Override public String toString() {
        return "MemoryLink[" + localId + "->" + remoteId + (isOpen() ? "" : ", closed") + "]";
    }

    private record Item(byte[] message, long due) {}
}
