/**
 * A small HTTP/1.1 server core: request parsing, response encoding, static files and routing,
 * independent of any socket.
 *
 * {@snippet :
 * Router router = new Router()
 *         .route("/plaintext", CannedResponse.PLAINTEXT)
 *         .route("/json", CannedResponse.JSON)
 *         .fallback(new StaticFiles(Path.of("/srv/www")));
 * HttpSession session = new HttpSession(router, new DateCache(), ParserLimits.DEFAULT);
 * // per read: session.onRead(readSegment, 0, bytesRead, outSegment, httpOutput);
 * }
 */
module io.epoll4j.http {
    // `requires io.epoll4j.net;` comes when the connection wiring lands (done by the integrator).
    exports io.epoll4j.http;
}
