package io.epoll4j.http;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The child JVM of {@link FaultInjectionTest}: an HTTP server on 127.0.0.1 with
 * {@code /plaintext}, {@code /echo} and the files under {@code args[0]}, two loops (threads
 * {@code http-0} and {@code http-1}, which the test injects failures into), and short
 * timeouts so that connections a failure stalls end soon. Prints {@code PORT n}; answers
 * {@code open} with the connections open now; ends when stdin closes.
 */
public final class FaultServer {
    private FaultServer() {}

    public static void main(String[] args) throws Exception {
        Router router = new Router()
                .route("/plaintext", CannedResponse.PLAINTEXT)
                .route("/echo", LiveServer.ECHO)
                .fallback(new StaticFiles(Path.of(args[0])));
        HttpServerOptions options = HttpServerOptions.DEFAULTS.withHost("127.0.0.1").withPort(0).withThreads(2)
                .withHeaderTimeout(Duration.ofSeconds(2)).withIdleTimeout(Duration.ofSeconds(3));
        try (HttpServer server = HttpServer.start(options, router)) {
            System.out.println("PORT " + server.localAddress().getPort());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null; ) {
                System.out.println(line.equals("open") ? "OPEN " + server.openConnections() : "ERROR " + line);
                System.out.flush();
            }
        }
    }
}
