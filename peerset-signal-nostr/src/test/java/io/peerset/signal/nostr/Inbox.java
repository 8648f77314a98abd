package io.peerset.signal.nostr;

import io.peerset.api.spi.SignalingStrategy;
import java.util.ArrayList;
import java.util.List;

/** A topic listener that keeps what it got, as "topic|message" lines. */
final class Inbox implements SignalingStrategy.TopicListener {
    private final List<String> messages = new ArrayList<>();

    @Override
    public synchronized void onMessage(String topic, String message) {
        messages.add(topic + "|" + message);
    }

    synchronized List<String> all() {
        return List.copyOf(messages);
    }

    synchronized boolean has(String topic, String message) {
        return messages.contains(topic + "|" + message);
    }

    synchronized long count(String topic, String message) {
        return messages.stream().filter(m -> m.equals(topic + "|" + message)).count();
    }

    synchronized List<String> messagesOn(String topic) {
        List<String> out = new ArrayList<>();
        for (String m : messages) {
            if (m.startsWith(topic + "|")) {
                out.add(m.substring(topic.length() + 1));
            }
        }
        return out;
    }
}
