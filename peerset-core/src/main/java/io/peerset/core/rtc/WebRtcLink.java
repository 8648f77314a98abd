package io.peerset.core.rtc;

import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import io.peerset.core.link.Link;
import io.peerset.core.link.LinkClosedException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Link} over one open WebRTC data channel. Received messages are copied out
 * of the native buffer and delivered, in order, on the link's own thread. {@link #send}
 * blocks while the channel's buffered amount is above the limit (back-pressure), up
 * to the send timeout.
 */
public final class WebRtcLink implements Link {
    private static final Logger LOG = LoggerFactory.getLogger(WebRtcLink.class);
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final long POLL_MILLIS = 20;

    private final WebRtcConnection conn;
    private final RTCDataChannel channel;
    private final long maxBuffered;
    private final long sendTimeoutNanos;
    private final long maxInbound;
    private final ThreadPoolExecutor deliverer;
    private final AtomicLong inboundQueued = new AtomicLong();
    private final ReentrantLock sendLock = new ReentrantLock();
    private volatile boolean closed;

    // deliverer thread only
    private Listener listener;
    private final ArrayDeque<byte[]> held = new ArrayDeque<>();
    private long heldBytes;
    private String closeReason;
    private boolean closeDelivered;

    WebRtcLink(WebRtcConnection conn, WebRtcLinkFactory.Builder options) {
        this.conn = conn;
        this.channel = conn.channel();
        this.maxBuffered = options.maxBufferedBytes();
        this.sendTimeoutNanos = options.sendTimeout().toNanos();
        this.maxInbound = options.maxInboundQueuedBytes();
        String name = "peerset-link-" + SEQ.incrementAndGet() + "-" + conn.remotePeerId();
        this.deliverer = new ThreadPoolExecutor(1, 1, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        deliverer.allowCoreThreadTimeOut(true);
    }

    @Override
    public void send(byte[] message) throws LinkClosedException {
        Objects.requireNonNull(message, "message");
        if (message.length > MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("a link message must be at most " + MAX_MESSAGE_BYTES
                    + " bytes; got " + message.length + " (chunk larger payloads)");
        }
        if (closed) {
            throw new LinkClosedException("link to " + conn.remotePeerId() + " is closed");
        }
        long deadline = System.nanoTime() + sendTimeoutNanos;
        sendLock.lock();
        try {
            while (true) {
                conn.nativeLock.readLock().lock();
                try {
                    if (closed || conn.isDisposed()) {
                        throw new LinkClosedException("link to " + conn.remotePeerId() + " is closed");
                    }
                    long buffered = channel.getBufferedAmount();
                    if (buffered == 0 || buffered + message.length <= maxBuffered) {
                        channel.send(new RTCDataChannelBuffer(ByteBuffer.wrap(message), true));
                        return;
                    }
                } catch (LinkClosedException e) {
                    throw e;
                } catch (Exception e) {
                    conn.closeAsync("send failed: " + e.getMessage());
                    throw new LinkClosedException("send to " + conn.remotePeerId() + " failed: " + e.getMessage());
                } finally {
                    conn.nativeLock.readLock().unlock();
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw new LinkClosedException("send buffer to " + conn.remotePeerId() + " stayed above "
                            + maxBuffered + " bytes for " + TimeUnit.NANOSECONDS.toMillis(sendTimeoutNanos)
                            + " ms; the peer is not reading");
                }
                synchronized (conn.bufferSignal) {
                    conn.bufferSignal.wait(Math.max(1, Math.min(POLL_MILLIS, TimeUnit.NANOSECONDS.toMillis(remaining))));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LinkClosedException("interrupted while waiting to send to " + conn.remotePeerId());
        } finally {
            sendLock.unlock();
        }
    }

    @Override
    public long bufferedAmount() {
        conn.nativeLock.readLock().lock();
        try {
            return conn.isDisposed() ? 0 : channel.getBufferedAmount();
        } catch (Throwable t) {
            return 0;
        } finally {
            conn.nativeLock.readLock().unlock();
        }
    }

    @Override
    public void setListener(Listener newListener) {
        Objects.requireNonNull(newListener, "listener");
        deliverer.execute(() -> {
            listener = newListener;
            while (!held.isEmpty()) {
                deliver(held.poll());
            }
            heldBytes = 0;
            maybeDeliverClose();
        });
    }

    @Override
    public boolean isOpen() {
        return !closed;
    }

    @Override
    public String remotePeerId() {
        return conn.remotePeerId();
    }

    @Override
    public void close() {
        closed = true;
        conn.closeAsync("closed locally");
    }

    @Override
    public String toString() {
        return "WebRtcLink[" + conn.remotePeerId() + (closed ? ", closed]" : "]");
    }

    // ------------------------------------------------ called by WebRtcConnection

    /** A copied message from the native callback; must not block. */
    void received(byte[] message) {
        if (closed) {
            return;
        }
        long queued = inboundQueued.addAndGet(message.length);
        if (queued > maxInbound) {
            inboundQueued.addAndGet(-message.length);
            conn.closeAsync("receiver fell behind: more than " + maxInbound + " bytes waiting for the listener");
            return;
        }
        deliverer.execute(() -> {
            inboundQueued.addAndGet(-message.length);
            if (closeDelivered) {
                return;
            }
            if (listener == null) {
                heldBytes += message.length;
                if (heldBytes > maxInbound) {
                    conn.closeAsync("no listener set while more than " + maxInbound + " bytes arrived");
                    return;
                }
                held.add(message);
                return;
            }
            deliver(message);
        });
    }

    /** The transport is gone (factory thread). The listener hears onClose once, after queued messages. */
    void transportClosed(String reason) {
        closed = true;
        deliverer.execute(() -> {
            if (closeReason == null) {
                closeReason = reason;
            }
            maybeDeliverClose();
        });
    }

    private void deliver(byte[] message) {
        try {
            listener.onMessage(message);
        } catch (Throwable t) {
            LOG.warn("link {}: listener failed on a message: {}", conn.remotePeerId(), t.toString());
        }
    }

    private void maybeDeliverClose() {
        if (closeReason == null || closeDelivered || listener == null) {
            return;
        }
        closeDelivered = true;
        held.clear();
        try {
            listener.onClose(closeReason);
        } catch (Throwable t) {
            LOG.warn("link {}: listener failed on close: {}", conn.remotePeerId(), t.toString());
        }
    }
}
