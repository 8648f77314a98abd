package io.peerset.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.peerset.api.Draft;
import io.peerset.api.Query;
import io.peerset.api.SignedRecord;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

/** {@code GET /api/records} (a query) and {@code POST /api/records} (a draft the node signs). */
final class RecordsHandler {
    private static final String CONTENT_REQUIRED = "body must be a JSON object with a string field \"content\"";

    private RecordsHandler() {
    }

    static Reply list(HttpApi.Served s, Fields params) {
        List<SignedRecord> found = s.room().query(query(params)).join();
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < found.size(); i++) {
            if (i > 0) sb.append(',');
            sb.append(found.get(i).toJson());
        }
        return Reply.rawJson(200, sb.append(']').toString());
    }

    private static Query query(Fields params) {
        Query.Builder q = Query.builder();
        String limit = params.getValue("limit");
        q.limit(limit != null ? Params.parseInt("limit", limit, 1, Query.MAX_LIMIT) : 100);
        try {
            String author = params.getValue("author");
            if (author != null) q.author(author);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(400, "author: " + e.getMessage());
        }
        String kind = params.getValue("kind");
        if (kind != null) q.kind(Params.parseInt("kind", kind, 0, 65535));
        String since = params.getValue("since");
        if (since != null) q.since(Params.parseLong("since", since));
        String until = params.getValue("until");
        if (until != null) q.until(Params.parseLong("until", until));
        try {
            return q.build();
        } catch (IllegalArgumentException e) {
            throw new BadRequest(400, e.getMessage());
        }
    }

    static Reply put(HttpApi.Served s, Request request) throws IOException {
        Params.requireJson(request);
        JsonNode body;
        try (InputStream in = Params.body(request, HttpApi.MAX_BODY_BYTES)) {
            body = Reply.JSON.readTree(in);
        } catch (JsonProcessingException e) {
            throw new BadRequest(400, "body is not valid JSON: " + e.getOriginalMessage());
        }
        Draft d = draft(body);
        try {
            SignedRecord r = s.room().put(d).join();
            return Reply.rawJson(201, r.toJson());
        } catch (CompletionException e) {
            return Reply.rejection(e);
        }
    }

    private static Draft draft(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new BadRequest(400, CONTENT_REQUIRED);
        }
        JsonNode content = body.get("content");
        if (content == null || !content.isTextual()) {
            throw new BadRequest(400, CONTENT_REQUIRED);
        }
        Draft d = Draft.text(content.asText());
        JsonNode kind = body.get("kind");
        if (kind != null) {
            if (!kind.canConvertToInt() || !kind.isIntegralNumber()) throw new BadRequest(400, "kind must be an integer 0..65535");
            try {
                d = d.kind(kind.asInt());
            } catch (IllegalArgumentException e) {
                throw new BadRequest(400, e.getMessage());
            }
        }
        JsonNode tags = body.get("tags");
        return tags == null ? d : withTags(d, tags);
    }

    private static Draft withTags(Draft d, JsonNode tags) {
        if (!tags.isArray()) throw new BadRequest(400, "tags must be an array of arrays of strings");
        for (JsonNode t : tags) {
            if (!t.isArray() || t.size() == 0) throw new BadRequest(400, "every tag must be a non-empty array of strings");
            List<String> parts = new ArrayList<>();
            for (JsonNode v : t) {
                if (!v.isTextual()) throw new BadRequest(400, "tag values must be strings");
                parts.add(v.asText());
            }
            d = d.tag(parts.get(0), parts.subList(1, parts.size()).toArray(new String[0]));
        }
        return d;
    }
}
