package io.epoll4j.examples;

import io.epoll4j.http.CannedResponse;
import io.epoll4j.http.HttpHandler;
import io.epoll4j.http.HttpServer;
import io.epoll4j.http.HttpServerOptions;
import io.epoll4j.http.Router;

import java.io.IOException;

/**
 * The HTTP server with a route of its own: {@code /hello?name=you} answers from a handler
 * written here, {@code /plaintext} with a canned response.
 *
 * {@snippet lang=sh :
 * epoll4j-examples/run http 8081     # then: curl 'http://127.0.0.1:8081/hello?name=you'
 * }
 *
 * <p>A handler runs on the connection's event loop: it must not block. It fills in the
 * response it is given; the server writes it (keep-alive, pipelining and HEAD included).
 */
public final class HttpExample {
    private HttpExample() {}

    /** Answers {@code Hello, NAME!} with the {@code name} query parameter, or "world". */
    static final HttpHandler HELLO = (request, response) -> {
        String name = "world";
        String query = request.query();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith("name=") && pair.length() > 5) {
                    name = pair.substring(5);
                }
            }
        }
        response.contentType("text/plain; charset=utf-8").body("Hello, " + name + "!\n");
    };

    /**
     * Starts the server.
     *
     * @param port the port on 127.0.0.1 (0: any free port)
     * @return the running server
     * @throws IOException if the port cannot be bound
     */
    public static HttpServer start(int port) throws IOException {
        Router router = new Router()
                .route("/hello", HELLO)
                .route("/plaintext", CannedResponse.PLAINTEXT);
        return HttpServer.start(HttpServerOptions.DEFAULTS.withPort(port).withThreads(1), router);
    }

    /**
     * Serves until Ctrl-C.
     *
     * @param args the port (default 8081)
     * @throws Exception if the server cannot start
     */
    public static void main(String[] args) throws Exception {
        try (HttpServer server = start(args.length > 0 ? Integer.parseInt(args[0]) : 8081)) {
            System.out.println("http://127.0.0.1:" + server.localAddress().getPort() + "/hello?name=you; Ctrl-C to stop");
            server.awaitShutdown();
        }
    }
}
