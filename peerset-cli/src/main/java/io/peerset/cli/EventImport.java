package io.peerset.cli;

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

    /** Reads the rest of an array whose {@code [} {@code in} has just consumed, then publishes its events. */
    static Reply run(Room room, RawJsonReader in, int maxEvents) throws IOException {
        List<Parsed> parsed = new ArrayList<>();
        ArrayNode rejected = JSON.createArrayNode();
        readArray(in, maxEvents, parsed, rejected);
        return publish(room, parsed, rejected);
    }

    /** Parses every element with the strict parser, as sent; nothing is published yet. */
    private static void readArray(RawJsonReader in, int maxEvents, List<Parsed> parsed, ArrayNode rejected) throws IOException {
        if (in.peek() == ']') {
            in.skip();
        } else {
            for (int index = 0; ; index++) {
                if (index >= maxEvents) {
                    throw new BadRequest(413, "at most " + maxEvents + " events per request; this array has more"
                        + " (send it in parts of " + maxEvents + ")");
                }
                element(in, index, parsed, rejected);
                int next = in.peek();
                in.skip();
                if (next == ']') {
                    break;
                }
                if (next != ',') {
                    throw new BadRequest(400, "body is not valid JSON: " + (next < 0 ? "the array is not closed"
                        : "expected ',' or ']' after element " + index));
                }
            }
        }
        if (in.peek() >= 0) {
            throw new BadRequest(400, "body must hold one JSON array; found more after it");
        }
    }

    private static void element(RawJsonReader in, int index, List<Parsed> parsed, ArrayNode rejected) throws IOException {
        int first = in.peek();
        if (first < 0) {
            throw new BadRequest(400, "body is not valid JSON: the array is not closed");
        }
        String text = in.value();
        String error;
        if (first != '{') {
            error = "element is not a JSON object (a signed NIP-01 event)";
        } else if (text == null) {
            error = "event is longer than " + HttpApi.MAX_BODY_BYTES + " characters; one event may be at most "
                + SignedRecord.MAX_JSON_BYTES + " bytes of JSON";
        } else {
            try {
                parsed.add(new Parsed(index, SignedRecord.fromJson(text)));
                return;
            } catch (InvalidRecordException e) {
                error = e.getMessage();
            }
        }
        rejected.addObject().put("index", index).put("error", error);
    }

    /** Publishes what parsed (unless already stored) and answers with the counts and every rejection. */
    private static Reply publish(Room room, List<Parsed> parsed, ArrayNode rejected) {
        List<Parsed> toPublish = new ArrayList<>();
        List<Boolean> repeats = new ArrayList<>();
        int alreadyStored = sortOut(room, parsed, rejected, toPublish, repeats);
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
        return Reply.json(rejected.isEmpty() ? 201 : 400, o);
    }

    /**
     * Splits the parsed events into those to publish (with whether each repeats an earlier one of this
     * array) and those already stored; returns how many were already stored.
     */
    private static int sortOut(Room room, List<Parsed> parsed, ArrayNode rejected, List<Parsed> toPublish, List<Boolean> repeats) {
        int alreadyStored = 0;
        Map<String, SignedRecord> inThisBatch = new HashMap<>();
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
        return alreadyStored;
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
