package io.peerset.api;

import java.util.List;

/**
 * A peerset node: one identity, one store, the signalling strategies it uses, and
 * the rooms it has joined. Build one with {@link #builder()}; close it to leave every
 * room and release the store.
 *
 * <pre>{@code
 * try (Peerset node = Peerset.builder()
 *         .identity(Identity.fromNsec(nsec))
 *         .store("xodus", "data")
 *         .signaling("mqtt", URI.create("mqtt://127.0.0.1:1883"))
 *         .moderation(Moderation.preset("standard"))
 *         .build();
 *      Room room = node.join("my-app", "room-1")) {
 *     room.put(Draft.text("hello"));
 *     room.subscribe(record -> System.out.println(record.content()));
 * }
 * }</pre>
 */
public interface Peerset extends AutoCloseable {
    /** {@return a builder with the defaults: fresh identity, in-memory store, in-memory signalling, open moderation} */
    static PeersetConfig.Builder builder() {
        return PeersetConfig.builder();
    }

    /** {@return the node's identity} */
    Identity identity();

    /** {@return the configuration the node was built with} */
    PeersetConfig config();

    /**
     * Joins a room with no password.
     *
     * @param appId the application id
     * @param roomId the room id
     * @return the joined room
     * @throws IllegalStateException if the room is already joined on this node
     */
    default Room join(String appId, String roomId) {
        return join(appId, roomId, "");
    }

    /**
     * Joins a room. The password (empty for none) keys the SDP encryption and
     * Trystero's password handshake, exactly as a browser peer using Trystero does.
     *
     * @param appId the application id
     * @param roomId the room id
     * @param password the room password, empty for none
     * @return the joined room
     * @throws IllegalStateException if the room is already joined on this node
     */
    Room join(String appId, String roomId, String password);

    /** {@return the rooms joined now} */
    List<Room> rooms();

    /** Leaves every room, closes the store and signalling. Idempotent. */
    @Override
    void close();
}
