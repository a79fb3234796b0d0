/**
 * A small HTTP/1.1 server core: request parsing, response encoding, static files and routing,
 * independent of any socket.
 *
 * {@snippet :
 * RequestParser parser = new RequestParser(ParserLimits.DEFAULT);
 * HttpRequest request = new HttpRequest();
 * parser.feed(bytesRead, 0, bytesRead.byteSize());
 * while (parser.next(request) == RequestParser.Status.REQUEST) {
 *     // route and encode a response
 * }
 * }
 */
module io.epoll4j.http {
    // `requires io.epoll4j.net;` comes when the connection wiring lands (done by the integrator).
    exports io.epoll4j.http;
}
