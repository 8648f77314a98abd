package io.peerset.signal.mqtt;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers digests of recently delivered (topic, payload) pairs so that a message relayed by
 * several brokers is delivered once. Bounded in time (the window) and in size.
 */
final class RecentMessages {
    private final long windowNanos;
    private final int capacity;
    private final LinkedHashMap<ByteBuffer, Long> seen = new LinkedHashMap<>();

    RecentMessages(long windowMillis, int capacity) {
        this.windowNanos = windowMillis * 1_000_000L;
        this.capacity = capacity;
    }

    /** Whether this is the first time the message is seen within the window; records it. */
    boolean firstSighting(String topic, byte[] payload) {
        if (windowNanos <= 0) {
            return true;
        }
        ByteBuffer key = digest(topic, payload);
        long now = System.nanoTime();
        synchronized (seen) {
            for (Iterator<Map.Entry<ByteBuffer, Long>> it = seen.entrySet().iterator(); it.hasNext(); ) {
                if (now - it.next().getValue() < windowNanos) {
                    break;
                }
                it.remove();
            }
            if (seen.containsKey(key)) {
                return false;
            }
            seen.put(key, now);
            if (seen.size() > capacity) {
                Iterator<ByteBuffer> eldest = seen.keySet().iterator();
                eldest.next();
                eldest.remove();
            }
            return true;
        }
    }

    private static ByteBuffer digest(String topic, byte[] payload) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(topic.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(payload);
            return ByteBuffer.wrap(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
