package io.epoll4j.http;

import java.io.IOException;
import java.io.PrintStream;

/**
 * A handler that logs one line per request after another handler answered it:
 * {@code date method target version status}.
 *
 * {@snippet :
 * HttpHandler logged = new AccessLog(router, System.out);
 * // [Mon, 23 Nov 2026 15:04:05 GMT] GET /index.html HTTP/1.1 200
 * }
 *
 * <p>It costs a string per request and a lock on the stream: for debugging and small sites,
 * not for benchmarks.
 */
public final class AccessLog implements HttpHandler {
    private final HttpHandler delegate;
    private final PrintStream out;
    private final DateCache dates = new DateCache();

    public AccessLog(HttpHandler delegate, PrintStream out) {
        this.delegate = delegate;
        this.out = out;
    }

    @Override
    public void handle(HttpRequest request, HttpResponse response) throws IOException {
        try {
            delegate.handle(request, response);
        } finally {
            out.println("[" + dates.text() + "] " + request.method() + " " + request.target() + " "
                    + (request.version() == HttpVersion.HTTP_1_0 ? "HTTP/1.0" : "HTTP/1.1") + " "
                    + response.status());
        }
    }
}
