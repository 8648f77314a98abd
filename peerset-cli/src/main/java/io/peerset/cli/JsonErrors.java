package io.peerset.cli;

import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/** Jetty's own errors (malformed requests, oversized headers) as JSON, with the security headers. */
final class JsonErrors extends ErrorHandler {
    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        byte[] body = Reply.bytes(Map.of("error", message == null ? "HTTP " + code : message));
        HttpFields.Mutable h = response.getHeaders();
        HttpApi.SECURITY_HEADERS.forEach(h::put);
        h.put(HttpHeader.CONTENT_TYPE, Reply.JSON_TYPE);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        HttpApi.SECURITY_HEADERS.forEach(fields::put);
        fields.put(HttpHeader.CONTENT_TYPE, Reply.JSON_TYPE);
        return ByteBuffer.wrap(Reply.bytes(Map.of("error", reason == null ? "bad request" : reason)));
    }
}
