package io.epoll4j.examples;

import io.epoll4j.http.HttpServer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The custom route answers from its handler; the canned one still works beside it. */
class HttpExampleTest {
    @Test
    void theCustomRouteGreetsByName() throws Exception {
        try (HttpServer server = HttpExample.start(0)) {
            String reply = get(server.localAddress().getPort(), "/hello?name=epoll");
            assertTrue(reply.startsWith("HTTP/1.1 200"), reply);
            assertTrue(reply.endsWith("\r\n\r\nHello, epoll!\n"), reply);
            assertTrue(get(server.localAddress().getPort(), "/plaintext").endsWith("Hello, World!"));
            assertTrue(get(server.localAddress().getPort(), "/nothing").startsWith("HTTP/1.1 404"));
        }
    }

    /** One request with Connection: close, read to the end. */
    private static String get(int port, String target) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            return all.toString(StandardCharsets.UTF_8);
        }
    }
}
