package io.epoll4j.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** shutdownGracefully: no new connections, and the response in flight completes byte-exact. */
class GracefulShutdownTest {

    @Test
    void inFlightDownloadCompletesWhileNewConnectionsAreRefused(@TempDir Path root) throws Exception {
        byte[] big = new byte[24 << 20];
        new Random(7).nextBytes(big);
        Files.write(root.resolve("big.bin"), big);
        LiveServer server = LiveServer.start(root);
        int port = server.port();
        CompletableFuture<Boolean> drained;
        // A small receive window: the server cannot push the whole file into the socket buffers.
        try (RawClient client = new RawClient(port, 64 * 1024); RawClient idle = new RawClient(port)) {
            idle.send("GET /plaintext HTTP/1.1\r\nHost: t\r\n\r\n");
            assertEquals(200, idle.read().status());
            client.send("GET /big.bin HTTP/1.1\r\nHost: t\r\n\r\n");
            InputStream in = client.input();
            byte[] head = readHead(in);
            String headText = new String(head, java.nio.charset.StandardCharsets.ISO_8859_1);
            assertTrue(headText.startsWith("HTTP/1.1 200"), headText);
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] chunk = new byte[16 * 1024];
            long received = 0;
            // Read a little, so the response is surely in flight, then shut down.
            for (int i = 0; i < 8; i++) {
                int n = in.read(chunk);
                digest.update(chunk, 0, n);
                received += n;
            }
            drained = CompletableFuture.supplyAsync(() -> server.server.shutdownGracefully(Duration.ofSeconds(30)));
            awaitRefused(port, Duration.ofSeconds(10));
            assertTrue(received < big.length / 2, "the download was not in flight: " + received + " bytes read");
            assertTrue(!drained.isDone(), "shutdown finished with a download in flight");
            // An idle keep-alive connection has nothing in flight: it is closed at once.
            assertTrue(idle.closesWithin(Duration.ofSeconds(5)), "idle connection left open by the shutdown");
            assertEquals(0, idle.extraBytes);
            // Now take the rest, in small reads.
            for (int n; (n = in.read(chunk)) > 0; ) {
                digest.update(chunk, 0, n);
                received += n;
                if (received == big.length) {
                    break;
                }
            }
            assertEquals(big.length, received);
            assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(big), digest.digest(),
                    "the in-flight body differs");
            assertTrue(client.closesWithin(Duration.ofSeconds(10)), "connection left open after shutdown");
        }
        assertTrue(drained.get(30, TimeUnit.SECONDS), "shutdownGracefully reported connections cut");
    }

    private static byte[] readHead(InputStream in) throws IOException {
        java.io.ByteArrayOutputStream head = new java.io.ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int c = in.read();
            if (c < 0) {
                fail("closed in the head: " + head);
            }
            head.write(c);
            matched = c == "\r\n\r\n".charAt(matched) ? matched + 1 : (c == '\r' ? 1 : 0);
        }
        return head.toByteArray();
    }

    /** Polls connect() until the kernel refuses it (the listeners are closed), within a deadline. */
    static void awaitRefused(int port, Duration deadline) throws IOException {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            } catch (ConnectException refused) {
                return;
            } catch (SocketException reset) {
                // Connected into the backlog of a listener that closed just then: try again.
            }
            if (System.nanoTime() - end > 0) {
                fail("port " + port + " still accepts connections " + deadline + " after shutdownGracefully");
            }
            Thread.onSpinWait();
        }
    }
}
