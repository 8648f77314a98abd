package io.peerset.cli;

import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/** Reading a request's parts for the handlers, each refusal a {@link BadRequest} saying what to send. */
final class Params {
    private Params() {
    }

    static void requireMethod(String actual, String method) {
        if (!actual.equals(method)) {
            throw new BadRequest(405, actual + " is not allowed here; use " + method);
        }
    }

    static void requireJson(Request request) {
        Optional<RequestPolicy.Refusal> r = RequestPolicy.checkJsonBody(request.getHeaders().get(HttpHeader.CONTENT_TYPE));
        if (r.isPresent()) {
            throw new BadRequest(r.get().status(), r.get().reason());
        }
    }

    /** The request body, refused at once when its declared length is over the limit, and cut off there otherwise. */
    static BoundedInput body(Request request, int limit) {
        long declared = request.getLength();
        if (declared > limit) {
            throw new BadRequest(413, "body is " + declared + " bytes; at most " + limit + " are accepted here");
        }
        return new BoundedInput(Content.Source.asInputStream(request), limit);
    }

    static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && sb.length() < 100; i++) {
            char c = s.charAt(i);
            sb.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return sb.toString();
    }

    static int parseInt(String name, String v, int min, int max) {
        try {
            int i = Integer.parseInt(v);
            if (i < min || i > max) throw new NumberFormatException();
            return i;
        } catch (NumberFormatException e) {
            throw new BadRequest(400, name + " must be an integer between " + min + " and " + max + "; got '" + printable(v) + "'");
        }
    }

    static long parseLong(String name, String v) {
        try {
            long l = Long.parseLong(v);
            if (l < 0) throw new NumberFormatException();
            return l;
        } catch (NumberFormatException e) {
            throw new BadRequest(400, name + " must be a non-negative integer (seconds); got '" + printable(v) + "'");
        }
    }
}
