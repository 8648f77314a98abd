package io.peerset.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.slf4j.LoggerFactory;

/** An HTTP answer of the local API: a status and a JSON (or page) body. */
record Reply(int status, String contentType, byte[] body) {
    static final String JSON_TYPE = "application/json; charset=utf-8";
    static final ObjectMapper JSON = new ObjectMapper();

    static Reply json(int status, Object value) {
        return new Reply(status, JSON_TYPE, bytes(value));
    }

    static Reply rawJson(int status, String json) {
        return new Reply(status, JSON_TYPE, json.getBytes(StandardCharsets.UTF_8));
    }

    static Reply error(int status, String message) {
        return json(status, Map.of("error", message));
    }

    /** A failed write: 400 for a record the node refused, 500 (logged) for anything else. */
    static Reply rejection(CompletionException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        if (cause instanceof IllegalArgumentException) {
            return error(400, cause.getMessage());
        }
        LoggerFactory.getLogger(HttpApi.class).warn("write failed", cause);
        return error(500, "write failed: " + cause.getMessage());
    }

    /** {@code value} as JSON bytes. */
    static byte[] bytes(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
