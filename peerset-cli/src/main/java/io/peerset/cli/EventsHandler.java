package io.peerset.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerset.api.InvalidRecordException;
import io.peerset.api.Room;
import io.peerset.api.SignedRecord;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.eclipse.jetty.server.Request;

/**
 * {@code POST /api/events}: one signed event, or a JSON array of them read element by
 * element from the stream ({@link EventImport}). Every event's text goes to the strict
 * parser as sent ({@link RawJsonReader}).
 */
final class EventsHandler {
    private EventsHandler() {
    }

    static Reply post(HttpApi.Served s, Request request) throws IOException {
        Params.requireJson(request);
        try (BoundedInput in = Params.body(request, HttpApi.MAX_BATCH_BYTES)) {
            RawJsonReader json = new RawJsonReader(in, HttpApi.MAX_BODY_BYTES);
            int first = json.peek();
            if (first == '[') {
                json.skip();
                return EventImport.run(s.room(), json, HttpApi.MAX_BATCH_EVENTS);
            }
            if (first != '{') {
                throw new BadRequest(400, "body must be a signed NIP-01 event (a JSON object) or an array of them");
            }
            String event = json.value();
            if (event == null) {
                throw tooLarge();
            }
            if (json.peek() >= 0) {
                throw new BadRequest(400, "body must hold one JSON value; found more after the event");
            }
            if (in.count() > HttpApi.MAX_BODY_BYTES) {
                throw tooLarge();
            }
            return publishOne(s.room(), event);
        }
    }

    private static BadRequest tooLarge() {
        return new BadRequest(413, "one event may be at most " + HttpApi.MAX_BODY_BYTES + " bytes; send larger sets as an array");
    }

    private static Reply publishOne(Room room, String json) {
        SignedRecord r;
        try {
            r = SignedRecord.fromJson(json);
        } catch (InvalidRecordException e) {
            throw new BadRequest(400, e.getMessage());
        }
        Optional<SignedRecord> stored = room.get(r.id()).join();
        if (stored.isPresent()) {
            String mismatch = EventImport.mismatch(r, stored.get());
            if (mismatch != null) {
                throw new BadRequest(400, mismatch);
            }
            ObjectNode o = Reply.JSON.createObjectNode();
            o.put("stored", false);
            o.put("reason", "already stored");
            o.put("id", r.id());
            return Reply.json(200, o);
        }
        try {
            return Reply.rawJson(201, room.publish(r).join().toJson());
        } catch (CompletionException e) {
            return Reply.rejection(e);
        }
    }
}
