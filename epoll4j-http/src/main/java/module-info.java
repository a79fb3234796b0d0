/**
 * A small, fast HTTP/1.1 server written only against epoll4j's public API: request parsing,
 * response encoding, static files, routing, and {@link io.epoll4j.http.HttpServer}, which
 * serves them on event loops.
 *
 * {@snippet :
 * Router router = new Router()
 *         .route("/plaintext", CannedResponse.PLAINTEXT)
 *         .route("/json", CannedResponse.JSON)
 *         .fallback(new StaticFiles(Path.of("/srv/www")));
 * try (HttpServer server = HttpServer.start(HttpServerOptions.DEFAULTS.withPort(8080), router)) {
 *     server.awaitShutdown();
 * }
 * }
 */
module io.epoll4j.http {
    requires transitive io.epoll4j.net;
    exports io.epoll4j.http;
}
