package io.epoll4j.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A client that begins a request and never finishes it is closed after the header timeout. */
class SlowlorisTest {
    private static final Duration HEADER_TIMEOUT = Duration.ofMillis(300);

    private LiveServer server;

    @BeforeEach
    void start() throws IOException {
        server = LiveServer.start(null, o -> o.withHeaderTimeout(HEADER_TIMEOUT));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void stalledHeadIsClosedWhileOthersAreServed() throws IOException {
        try (RawClient slow = server.connect()) {
            long begun = System.nanoTime();
            slow.send("GET /plaintext HTTP/1.1\r\nHost: t\r\nX-Half: ");
            // Meanwhile another connection is served, several times over.
            try (RawClient other = server.connect()) {
                for (int i = 0; i < 5; i++) {
                    other.send("GET /plaintext HTTP/1.1\r\nHost: t\r\n\r\n");
                    assertEquals(200, other.read().status());
                }
            }
            assertTrue(slow.closesWithin(Duration.ofSeconds(5)), "the stalled connection is still open");
            long elapsedMs = (System.nanoTime() - begun) / 1_000_000;
            assertTrue(elapsedMs >= HEADER_TIMEOUT.toMillis() - 20, "closed too early: " + elapsedMs + " ms");
            assertEquals(0, slow.extraBytes, "a stalled request was answered");
        }
        assertEquals(1, server.server.headerTimeouts());
        server.assertServes();
    }

    @Test
    void tricklingBytesDoNotExtendTheDeadline() throws IOException {
        try (RawClient slow = server.connect()) {
            long begun = System.nanoTime();
            slow.send("GET /plaintext HTTP/1.1\r\n");
            boolean closed = false;
            // One header byte each 50 ms: waiting for the close is the pause between bytes.
            for (int i = 0; i < 100 && !closed; i++) {
                closed = !slow.trySend(new byte[] {'X'}) || slow.closesWithin(Duration.ofMillis(50));
            }
            long elapsedMs = (System.nanoTime() - begun) / 1_000_000;
            assertTrue(closed, "still open after " + elapsedMs + " ms of trickling");
            assertTrue(elapsedMs < 3000, "closed only after " + elapsedMs + " ms");
        }
        assertEquals(1, server.server.headerTimeouts());
    }

    @Test
    void idleKeepAliveConnectionIsNotAHeaderTimeout() throws IOException {
        try (RawClient client = server.connect()) {
            client.send("GET /plaintext HTTP/1.1\r\nHost: t\r\n\r\n");
            assertEquals(200, client.read().status());
            // Nothing begun: the header timeout does not apply to a connection between requests.
            assertFalse(client.closesWithin(HEADER_TIMEOUT.multipliedBy(3)));
            client.send("GET /plaintext HTTP/1.1\r\nHost: t\r\n\r\n");
            assertEquals(200, client.read().status());
        }
        assertEquals(0, server.server.headerTimeouts());
    }
}
