package io.epoll4j.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * An {@link HttpServer} on 127.0.0.1 and a kernel-chosen port, with the routes every test
 * uses: {@code /plaintext}, {@code /json}, {@code /echo} (answers the request body), and the
 * files under a root. The access log goes to memory, so a test can see what the server saw.
 */
final class LiveServer implements AutoCloseable {

    /** Answers with the request's body, as application/octet-stream. */
    static final HttpHandler ECHO = (request, response) -> response
            .contentType("application/octet-stream").body(request.bodyBytes());

    /** As {@link #ECHO}, with no copy: the body is a view of the bytes the request arrived in. */
    static final HttpHandler ECHO_IN_PLACE = (request, response) -> response
            .contentType("application/octet-stream").body(request.body());

    final HttpServer server;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    private LiveServer(Path root, UnaryOperator<HttpServerOptions> options) throws IOException {
        Router router = new Router()
                .route("/plaintext", CannedResponse.PLAINTEXT)
                .route("/json", CannedResponse.JSON)
                .route("/echo", ECHO)
                .route("/echo-in-place", ECHO_IN_PLACE);
        if (root != null) {
            router.fallback(new StaticFiles(root));
        }
        HttpServerOptions base = HttpServerOptions.DEFAULTS.withHost("127.0.0.1").withPort(0).withThreads(2)
                .withAccessLog(new PrintStream(log, true, StandardCharsets.UTF_8));
        server = HttpServer.start(options.apply(base), router);
    }

    /** Serves {@code root} (or no files when null) with two loops and default limits. */
    static LiveServer start(Path root) throws IOException {
        return new LiveServer(root, UnaryOperator.identity());
    }

    static LiveServer start(Path root, UnaryOperator<HttpServerOptions> options) throws IOException {
        return new LiveServer(root, options);
    }

    int port() {
        return server.localAddress().getPort();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    RawClient connect() throws IOException {
        return new RawClient(port());
    }

    /** The access log so far: one line per request answered. */
    String accessLog() {
        synchronized (log) {
            return log.toString(StandardCharsets.UTF_8);
        }
    }

    /**
     * Waits, 10 s at most, until the access log holds {@code fragment}: lines are written by
     * the log's own thread, a moment after the response.
     */
    String awaitAccessLog(String fragment) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!accessLog().contains(fragment)) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("no '" + fragment + "' in the access log within 10 s:\n" + accessLog());
            }
            Thread.onSpinWait();
            Thread.yield();
        }
        return accessLog();
    }

    /** Fails unless a fresh connection gets 200 for GET /plaintext: the server still serves. */
    void assertServes() throws IOException {
        try (RawClient c = connect()) {
            c.send("GET /plaintext HTTP/1.1\r\nHost: t\r\n\r\n");
            RawClient.Response r = c.read();
            if (r.status() != 200 || !r.text().equals("Hello, World!")) {
                throw new AssertionError("the server no longer serves: " + r);
            }
        }
    }

    @Override
    public void close() {
        server.shutdownGracefully(Duration.ofSeconds(2));
    }
}
