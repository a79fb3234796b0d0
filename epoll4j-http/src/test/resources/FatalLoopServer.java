import io.epoll4j.http.HttpServer;
import io.epoll4j.http.HttpServerOptions;

/**
 * For FatalLoopErrorTest, run with the source launcher: a server whose only handler throws an
 * OutOfMemoryError, as an exhausted heap would on a loop thread. Prints its port, then serves.
 */
public class FatalLoopServer {
    public static void main(String[] args) throws Exception {
        HttpServer server = HttpServer.start(HttpServerOptions.DEFAULTS.withPort(0).withThreads(1),
                (request, response) -> {
                    throw new OutOfMemoryError("simulated: Java heap space");
                });
        System.out.println("port " + server.localAddress().getPort());
        server.awaitShutdown();
    }
}
