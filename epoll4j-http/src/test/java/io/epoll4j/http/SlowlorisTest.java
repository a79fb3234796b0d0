package io.epoll4j.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void clientSlowToReadItsResponsesIsNotASlowSender(@TempDir Path root) throws Exception {
        byte[] big = new byte[2 << 20];
        new Random(5).nextBytes(big);
        Files.write(root.resolve("big.bin"), big);
        byte[] upload = new byte[300_000];
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (int i = 0; i < 6; i++) {
            wire.writeBytes(Wire.latin1("GET /big.bin HTTP/1.1\r\nHost: t\r\n\r\n"));
        }
        wire.writeBytes(Wire.latin1("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: " + upload.length + "\r\n\r\n"));
        wire.writeBytes(upload);
        wire.writeBytes(Wire.latin1("GET /plaintext HTTP/1.1\r\nHost: t\r\n\r\n"));
        try (LiveServer files = LiveServer.start(root, o -> o.withHeaderTimeout(HEADER_TIMEOUT));
             RawClient client = new RawClient(files.port(), 64 * 1024)) {
            // The whole pipeline is sent at once; the server stops reading it (its output waits
            // for us), possibly with the POST cut in the middle. That is no slow sender.
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                if (!client.trySend(wire.toByteArray())) {
                    throw new IllegalStateException("the server refused the rest of the pipeline");
                }
            });
            // Not reading for a while (watching the server's count; reading would drain it).
            assertFalse(becomesTrue(() -> files.server.headerTimeouts() > 0, HEADER_TIMEOUT.multipliedBy(4)),
                    "header timeout while the client had sent everything and was only slow to read");
            for (int i = 0; i < 6; i++) {
                assertArrayEquals(big, client.read().body(), "response " + i);
            }
            assertArrayEquals(upload, client.read().body());
            assertEquals("Hello, World!", client.read().text());
            writer.get(5, TimeUnit.SECONDS);
            assertEquals(0, files.server.headerTimeouts());
        }
    }

    /** Polls {@code condition} (a counter: there is no event to wait on) until true or past {@code within}. */
    private static boolean becomesTrue(BooleanSupplier condition, Duration within) {
        long end = System.nanoTime() + within.toNanos();
        while (System.nanoTime() - end < 0) {
            if (condition.getAsBoolean()) {
                return true;
            }
            LockSupport.parkNanos(1_000_000L);
        }
        return condition.getAsBoolean();
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
