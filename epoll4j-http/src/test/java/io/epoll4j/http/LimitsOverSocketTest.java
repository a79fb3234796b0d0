package io.epoll4j.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Size limits and connection persistence, as a client on a socket sees them. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LimitsOverSocketTest {
    private static final Duration CLOSE_DEADLINE = Duration.ofSeconds(5);
    /** Long enough to tell "kept open" from "closed": a server closes at once, not after this. */
    private static final Duration STAYS_OPEN = Duration.ofMillis(300);

    private LiveServer server;

    @BeforeAll
    void start() throws IOException {
        server = LiveServer.start(null, o -> o.withLimits(ParserLimits.DEFAULT.withMaxBody(4096)));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    /** Sends {@code request} on a fresh connection; asserts {@code status}, a closing response, the close. */
    private RawClient.Response rejected(String request, int status) throws IOException {
        try (RawClient client = server.connect()) {
            client.trySend(Wire.latin1(request));
            RawClient.Response r = client.read();
            assertEquals(status, r.status(), r.toString());
            assertEquals("close", r.header("connection"), r.toString());
            assertTrue(client.closesWithin(CLOSE_DEADLINE), "still open after " + status);
            server.assertServes();
            return r;
        }
    }

    @Test
    void requestLineOver8KiBIs414() throws IOException {
        rejected("GET /" + "a".repeat(8200) + " HTTP/1.1\r\nHost: t\r\n\r\n", 414);
    }

    @Test
    void requestLineJustUnder8KiBIsServed() throws IOException {
        try (RawClient client = server.connect()) {
            String target = "/plaintext?" + "a".repeat(8192 - "GET /plaintext? HTTP/1.1".length());
            client.send("GET " + target + " HTTP/1.1\r\nHost: t\r\n\r\n");
            assertEquals(200, client.read().status());
        }
    }

    @Test
    void headersOver64KiBAre431() throws IOException {
        rejected("GET /plaintext HTTP/1.1\r\nHost: t\r\n" + "X-Filler: 0123456789012345678901234567\r\n".repeat(1700)
                + "\r\n", 431);
    }

    @Test
    void bodyOverTheLimitIs413BeforeItIsSent() throws IOException {
        // Only the head: the server must answer from Content-Length, without waiting for the body.
        rejected("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4097\r\n\r\n", 413);
    }

    @Test
    void chunkedBodyOverTheLimitIs413() throws IOException {
        rejected("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "800\r\n" + "a".repeat(0x800) + "\r\n" + "801\r\n" + "b".repeat(0x801) + "\r\n0\r\n\r\n", 413);
    }

    @Test
    void bodyAtTheLimitIsEchoed() throws IOException {
        try (RawClient client = server.connect()) {
            String body = "z".repeat(4096);
            client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4096\r\n\r\n" + body);
            RawClient.Response r = client.read();
            assertEquals(200, r.status());
            assertEquals(body, r.text());
        }
    }

    @Test
    void unknownMethodIs501() throws IOException {
        rejected("BREW /plaintext HTTP/1.1\r\nHost: t\r\n\r\n", 501);
    }

    @Test
    void http10WithoutKeepAliveClosesAfterTheResponse() throws IOException {
        try (RawClient client = server.connect()) {
            client.send("GET /plaintext HTTP/1.0\r\n\r\n");
            RawClient.Response r = client.read();
            assertEquals(200, r.status());
            assertEquals("Hello, World!", r.text());
            assertTrue(client.closesWithin(CLOSE_DEADLINE), "HTTP/1.0 connection left open");
            assertEquals(0, client.extraBytes);
        }
    }

    @Test
    void http10WithKeepAliveStaysOpen() throws IOException {
        try (RawClient client = server.connect()) {
            for (int i = 0; i < 3; i++) {
                client.send("GET /json HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
                RawClient.Response r = client.read();
                assertEquals(200, r.status());
                assertEquals("keep-alive", r.header("connection"), r.toString());
            }
            assertFalse(client.closesWithin(STAYS_OPEN));
        }
    }

    @Test
    void connectionCloseIsHonoured() throws IOException {
        try (RawClient client = server.connect()) {
            // The second request, pipelined after the closing one, must not be answered.
            client.send("GET /plaintext HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"
                    + "GET /json HTTP/1.1\r\nHost: t\r\n\r\n");
            RawClient.Response r = client.read();
            assertEquals(200, r.status());
            assertEquals("close", r.header("connection"), r.toString());
            assertTrue(client.closesWithin(CLOSE_DEADLINE), "Connection: close left open");
            assertEquals(0, client.extraBytes, "a request after Connection: close was answered");
        }
    }

    @Test
    void http11KeepsTheConnectionForTheNextRequest() throws IOException {
        try (RawClient client = server.connect()) {
            for (int i = 0; i < 5; i++) {
                client.send("GET /plaintext HTTP/1.1\r\nHost: t\r\n\r\n");
                RawClient.Response r = client.read();
                assertEquals(200, r.status());
                assertNull(r.header("connection"), r.toString());
                assertEquals("Hello, World!", r.text());
            }
            assertFalse(client.closesWithin(STAYS_OPEN));
            client.send("HEAD /plaintext HTTP/1.1\r\nHost: t\r\n\r\nGET /json HTTP/1.1\r\nHost: t\r\n\r\n");
            RawClient.Response head = client.read(true);
            assertEquals("13", head.header("content-length"));
            assertEquals("{\"message\":\"Hello, World!\"}", client.read().text());
        }
    }
}
