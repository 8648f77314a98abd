package io.peerset.core.link;

import java.util.Objects;

/**
 * What a {@link DiscoveryProvider} needs to know about the room it discovers peers for.
 *
 * @param appId the application's Trystero app id
 * @param roomId the Trystero room id
 * @param password the room password; {@code ""} for none (Trystero's default)
 * @param selfId our Trystero peer id (20 characters of {@code TrysteroIds.ALPHABET}), shared by all rooms of a node
 */
public record RoomContext(String appId, String roomId, String password, String selfId) {
    public RoomContext {
        requireNonEmpty(appId, "appId");
        requireNonEmpty(roomId, "roomId");
        Objects.requireNonNull(password, "password (use \"\" for a room without password)");
        requireNonEmpty(selfId, "selfId");
    }

    private static void requireNonEmpty(String value, String name) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(name + " must be a non-empty string; got "
                    + (value == null ? "null" : "an empty string"));
        }
    }

    @Override
    public String toString() {
        return "RoomContext[appId=" + appId + ", roomId=" + roomId + ", password=" + (password.isEmpty() ? "none" : "***")
                + ", selfId=" + selfId + "]";
    }
}
