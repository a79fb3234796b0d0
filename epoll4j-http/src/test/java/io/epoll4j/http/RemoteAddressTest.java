package io.epoll4j.http;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link HttpRequest#remoteAddress()}: the client's address, whether or not the server keeps an access log. */
class RemoteAddressTest {
    private static final HttpHandler ECHO_ADDRESS =
            (request, response) -> response.body(String.valueOf(request.remoteAddress()));

    @Test
    void aHandlerLearnsTheClientsAddressWithoutAnAccessLog() throws Exception {
        HttpServerOptions options = HttpServerOptions.DEFAULTS.withPort(0).withThreads(1).withAccessLog(null);
        try (HttpServer server = HttpServer.start(options, ECHO_ADDRESS);
             RawClient client = new RawClient(server.localAddress().getPort())) {
            for (int i = 0; i < 2; i++) {   // looked up once, the same for the connection's next request
                client.send("GET /who HTTP/1.1\r\nHost: t\r\n\r\n");
                assertEquals("127.0.0.1", client.read().text());
            }
        }
    }

    @Test
    void withAnAccessLogTheHandlerAndTheLogAgree() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        HttpServerOptions options = HttpServerOptions.DEFAULTS.withPort(0).withThreads(1)
                .withAccessLog(new PrintStream(log, true, StandardCharsets.UTF_8));
        try (HttpServer server = HttpServer.start(options, ECHO_ADDRESS)) {
            try (RawClient client = new RawClient(server.localAddress().getPort())) {
                client.send("GET /who HTTP/1.1\r\nHost: t\r\n\r\n");
                assertEquals("127.0.0.1", client.read().text());
            }
        }   // closing the server writes out the log
        assertTrue(log.toString(StandardCharsets.UTF_8).startsWith("127.0.0.1 - - ["), log.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aSessionNotOnASocketKnowsNoAddress() throws Exception {
        HttpSessionTest.Recorder output = new HttpSessionTest.Recorder();
        HttpSession session = new HttpSession(ECHO_ADDRESS, ResponseWriterTest.FIXED, ParserLimits.DEFAULT);
        byte[] request = Wire.latin1("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment in = arena.allocate(request.length);
            MemorySegment.copy(request, 0, in, JAVA_BYTE, 0, request.length);
            session.onRead(in, 0, request.length, arena.allocate(8192), output);
        }
        assertTrue(output.calls.get(0).endsWith("\r\n\r\nnull"), output.calls.get(0));
        assertNull(new HttpSessionTest.Recorder().remoteAddress());
        session.release();
    }
}
