package io.peerset.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerset.api.InvalidRecordException;
import io.peerset.api.Room;
import io.peerset.api.SignedRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A bulk import ({@code POST /api/events} with a JSON array): the array is read element by element from
 * the request stream, so memory follows the events kept (at most {@code maxEvents} parsed records), never
 * a tree of the whole body. Nothing is published until the whole array has been read and is within the
 * cap, so a request refused with 413 has written nothing.
 */
final class EventImport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EventImport() {}

    private record Parsed(int index, SignedRecord record) {}

    /** Reads the rest of an array whose START_ARRAY {@code p} has just read, then publishes its events. */
    static HttpApi.Reply run(Room room, JsonParser p, int maxEvents) throws IOException {
        List<Parsed> parsed = new ArrayList<>();
        ArrayNode rejected = JSON.createArrayNode();
        int index = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken(), index++) {
            if (t == null) {
                throw new HttpApi.BadRequest(400, "body is not valid JSON: the array is not closed");
            }
            if (index >= maxEvents) {
                throw new HttpApi.BadRequest(413, "at most " + maxEvents + " events per request; this array has more"
                    + " (send it in parts of " + maxEvents + ")");
            }
            if (t != JsonToken.START_OBJECT) {
                p.skipChildren();
                rejected.addObject().put("index", index).put("error", "element is not a JSON object (a signed NIP-01 event)");
                continue;
            }
            JsonNode element = JSON.readTree(p);
            try {
                parsed.add(new Parsed(index, SignedRecord.fromJson(element.toString())));
            } catch (InvalidRecordException e) {
                rejected.addObject().put("index", index).put("error", e.getMessage());
            }
        }
        if (p.nextToken() != null) {
            throw new HttpApi.BadRequest(400, "body must hold one JSON array; found more after it");
        }
        int alreadyStored = 0;
        Map<String, SignedRecord> inThisBatch = new HashMap<>();
        List<Parsed> toPublish = new ArrayList<>();
        List<Boolean> repeats = new ArrayList<>();
        for (Parsed e : parsed) {
            if (inThisBatch.putIfAbsent(e.record().id(), e.record()) != null) {
                // a repeat within this array: the engine verifies it beside the first and settles it the same way
                toPublish.add(e);
                repeats.add(true);
                continue;
            }
            Optional<SignedRecord> stored = room.get(e.record().id()).join();
            if (stored.isPresent()) {
                String mismatch = mismatch(e.record(), stored.get());
                if (mismatch != null) {
                    rejected.addObject().put("index", e.index()).put("error", mismatch);
                } else {
                    alreadyStored++;
                }
                continue;
            }
            toPublish.add(e);
            repeats.add(false);
        }
        List<CompletableFuture<SignedRecord>> futures = new ArrayList<>(toPublish.size());
        for (Parsed e : toPublish) {
            futures.add(room.publish(e.record()));
        }
        int stored = 0;
        for (int i = 0; i < futures.size(); i++) {
            try {
                futures.get(i).join();
                if (repeats.get(i)) {
                    alreadyStored++;
                } else {
                    stored++;
                }
            } catch (CompletionException ex) {
                Throwable c = ex.getCause() != null ? ex.getCause() : ex;
                rejected.addObject().put("index", toPublish.get(i).index()).put("error", String.valueOf(c.getMessage()));
            }
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("stored", stored);
        o.put("alreadyStored", alreadyStored);
        o.set("rejected", sortByIndex(rejected));
        return HttpApi.Reply.json(rejected.isEmpty() ? 201 : 400, o);
    }

    /**
     * Null when {@code submitted} is the event already held as {@code stored} (same id); otherwise what is
     * wrong with it. A submission that differs from the stored JSON is verified: a forgery carrying a stored
     * id fails here and is never answered as accepted.
     */
    static String mismatch(SignedRecord submitted, SignedRecord stored) {
        if (submitted.toJson().equals(stored.toJson())) {
            return null;
        }
        try {
            submitted.verify();
            return null; // the same event under another valid signature (BIP-340 signatures are randomised)
        } catch (InvalidRecordException e) {
            return "an event with id " + submitted.id() + " is already stored, and the submitted one is not it: " + e.getMessage();
        }
    }

    private static ArrayNode sortByIndex(ArrayNode rejected) {
        List<JsonNode> list = new ArrayList<>();
        rejected.forEach(list::add);
        list.sort((a, b) -> Integer.compare(a.get("index").asInt(), b.get("index").asInt()));
        ArrayNode out = JSON.createArrayNode();
        list.forEach(out::add);
        return out;
    }
}
