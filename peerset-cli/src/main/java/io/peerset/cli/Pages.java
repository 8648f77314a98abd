package io.peerset.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/** The web UI's files, served from the class path. */
final class Pages {
    /** Path → (resource, content type). */
    private static final Map<String, String[]> PAGES = Map.of(
        "/", new String[] {"web/index.html", "text/html; charset=utf-8"},
        "/index.html", new String[] {"web/index.html", "text/html; charset=utf-8"},
        "/app.js", new String[] {"web/app.js", "text/javascript; charset=utf-8"},
        "/app.css", new String[] {"web/app.css", "text/css; charset=utf-8"});

    private Pages() {
    }

    static Reply get(String method, String path) throws IOException {
        String[] page = PAGES.get(path);
        if (page == null) {
            throw new BadRequest(404, "no such page: " + Params.printable(path) + " (try / or /api/status)");
        }
        Params.requireMethod(method, "GET");
        try (InputStream in = HttpApi.class.getResourceAsStream(page[0])) {
            if (in == null) {
                throw new BadRequest(404, "web UI not packaged");
            }
            return new Reply(200, page[1], in.readAllBytes());
        }
    }
}
