package io.epoll4j.http;

import java.io.IOException;

/**
 * Answers one request by filling in a response. Runs on the connection's loop thread, so it
 * must not block; the request and response objects are reused after it returns.
 *
 * {@snippet :
 * HttpHandler hello = (request, response) -> response
 *         .contentType("text/plain; charset=utf-8")
 *         .body("Hello, " + request.path() + "\n");
 * Router router = new Router().route("/hello", hello);
 * }
 *
 * An exception thrown here is answered with 500 and the connection is closed.
 */
@FunctionalInterface
public interface HttpHandler {

    /** Answers {@code request} by filling in {@code response}; runs on the connection's loop, must not block. */
    void handle(HttpRequest request, HttpResponse response) throws IOException;
}
