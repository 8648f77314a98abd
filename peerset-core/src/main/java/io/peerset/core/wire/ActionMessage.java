package io.peerset.core.wire;

/** A complete action message reassembled from its chunks. */
public record ActionMessage(String roomToken, String action, Payload payload) {}
