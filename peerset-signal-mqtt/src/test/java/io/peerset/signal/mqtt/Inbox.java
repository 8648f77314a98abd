package io.peerset.signal.mqtt;

import io.peerset.api.spi.SignalingStrategy.TopicListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Collects the messages a strategy delivers. */
final class Inbox implements TopicListener {
    final List<String> messages = new CopyOnWriteArrayList<>();

    @Override
    public void onMessage(String topic, String message) {
        messages.add(message);
    }

    boolean has(String message) {
        return messages.contains(message);
    }

    long count(String message) {
        return messages.stream().filter(message::equals).count();
    }
}
