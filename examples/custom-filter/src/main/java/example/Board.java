package example;

import io.peerset.api.*;

import java.net.URI;
import java.util.Map;

/**
 * A board whose node moderates with the standard preset followed by the app's own filter,
 * chosen by its registered name: {@code Moderation.filter("no-spam", ...)} finds
 * {@link NoSpamFilterProvider} through ServiceLoader, exactly as it finds peerset-moderation's filters.
 */
public final class Board implements AutoCloseable {
    private final Peerset node;
    private final Room room;

    public Board(String signaling, URI network, String roomName, Map<String, String> filterOptions) {
        node = Peerset.builder()
                .identity(Identity.generate())
                .signaling(signaling, network)
                .moderation(Moderation.preset("standard").then(Moderation.filter("no-spam", filterOptions)))
                .build();
        room = node.join("peerset-example", roomName);
    }

    public SignedRecord post(Draft draft) {
        return room.put(draft).join();
    }

    public Peerset node() {
        return node;
    }

    public Room room() {
        return room;
    }

    @Override
    public void close() {
        room.close();
        node.close();
    }
}
