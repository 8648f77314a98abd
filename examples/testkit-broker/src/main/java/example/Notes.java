package example;

import io.peerset.api.*;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/** The README's example as a user writes it: one wildcard import of the API. */
public final class Notes implements AutoCloseable {
    private final Peerset node;
    private final Room room;

    public Notes(URI broker, Path data, String roomName) {
        node = Peerset.builder()
                .identity(Identity.generate())
                .store("xodus", data.toString())
                .signaling("mqtt", broker)
                .moderation(Moderation.preset("standard"))
                .build();
        room = node.join("peerset-example", roomName);
    }

    public SignedRecord write(String text) {
        return room.put(Draft.text(text)).join();
    }

    public List<SignedRecord> mine() {
        return room.query(Query.builder().author(node.identity().npub()).limit(20).build()).join();
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
