package io.peerset.signal.nostr;

import java.util.LinkedHashMap;
import java.util.Map;

/** The ids of the last {@code capacity} events delivered, to drop copies arriving from other relays. Thread-safe. */
final class SeenEvents {
    private final Map<String, Boolean> ids;

    SeenEvents(int capacity) {
        this.ids = new LinkedHashMap<>(Math.min(capacity, 1024) * 2, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized boolean contains(String id) {
        return ids.containsKey(id);
    }

    /** Records the id; true if it was not there yet. */
    synchronized boolean add(String id) {
        return ids.put(id, Boolean.TRUE) == null;
    }
}
