package io.epoll4j.http;

import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;

/**
 * Maps exact request paths to handlers, with a fallback for everything else (404 unless set).
 *
 * {@snippet :
 * Router router = new Router()
 *         .route("/plaintext", CannedResponse.PLAINTEXT)
 *         .route("/json", CannedResponse.JSON)
 *         .route("/echo", (request, response) -> response
 *                 .contentType("application/octet-stream")
 *                 .body(request.bodyBytes()))
 *         .fallback(new StaticFiles(Path.of("/srv/www")));
 * }
 *
 * <h2>Implementation notes</h2>
 * Paths are compared as the bytes on the wire (still percent-encoded, query excluded), so a
 * lookup allocates nothing; a linear scan beats hashing for the handful of routes a server
 * like this has. Configure the router before the loops start; it is read-only afterwards
 * and then safe to share between loop threads.
 */
public final class Router implements HttpHandler {

    private static final HttpHandler NOT_FOUND = (request, response) -> response.status(404)
            .contentType("text/plain; charset=utf-8").body("404 Not Found\n");

    private byte[][] paths = new byte[0][];
    private HttpHandler[] handlers = new HttpHandler[0];
    private HttpHandler fallback = NOT_FOUND;

    /** A router with no routes; unmatched paths get 404 until a fallback is set. */
    public Router() {
    }

    /** Sends requests whose path is exactly {@code path} (e.g. "/json") to {@code handler}. */
    public Router route(String path, HttpHandler handler) {
        Objects.requireNonNull(handler, "handler");
        if (!path.startsWith("/") || !path.chars().allMatch(c -> c == '%' || Ascii.isPathByte(c))) {
            throw new IllegalArgumentException("not an origin-form path: " + path);
        }
        byte[] bytes = Ascii.bytes(path);
        for (int i = 0; i < paths.length; i++) {
            if (Arrays.equals(paths[i], bytes)) {
                handlers[i] = handler;
                return this;
            }
        }
        paths = Arrays.copyOf(paths, paths.length + 1);
        handlers = Arrays.copyOf(handlers, handlers.length + 1);
        paths[paths.length - 1] = bytes;
        handlers[handlers.length - 1] = handler;
        return this;
    }

    /** Handles every request no route matched. */
    public Router fallback(HttpHandler handler) {
        this.fallback = Objects.requireNonNull(handler, "handler");
        return this;
    }

    @Override
    public void handle(HttpRequest request, HttpResponse response) throws IOException {
        byte[][] p = paths;
        for (int i = 0; i < p.length; i++) {
            if (request.pathEquals(p[i])) {
                handlers[i].handle(request, response);
                return;
            }
        }
        fallback.handle(request, response);
    }
}
