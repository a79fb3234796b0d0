package io.epoll4j.http;

import io.epoll4j.testing.ProcFds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a hostile client does to the data path, over real sockets: resets before its file
 * response, pipelines file requests it never reads, sends bodies past the memory budget,
 * binary garbage, a body too large sent before reading, large bodies one after another. Each
 * test checks the fd count, the buffered bytes or the native memory come back, and that the
 * server still serves.
 */
class DataPathDefenceTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Test
    void peerThatResetsBeforeItsFileResponseLeaksNoFd(@TempDir Path root) throws Exception {
        Files.write(root.resolve("big.bin"), new byte[256 * 1024]);
        try (LiveServer live = LiveServer.start(root, o -> o.withThreads(1).withAccessLog(null))) {
            live.assertServes();
            await(() -> live.server.openConnections() == 0, "connections to close");
            long baseline = ProcFds.count();
            byte[] request = "GET /big.bin HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
            for (int i = 0; i < 300; i++) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", live.port()), 5000);
                    s.getOutputStream().write(request);
                    s.setSoLinger(true, 0);   // close sends RST: the server's writes fail with ECONNRESET
                }
            }
            await(() -> live.server.openConnections() == 0, "the reset connections to close");
            await(() -> ProcFds.count() <= baseline, "the fd count to come back to " + baseline);
            live.assertServes();
        }
    }

    @Test
    void pipelinedFileRequestsNeverReadHoldABoundedNumberOfFds(@TempDir Path root) throws Exception {
        Files.write(root.resolve("small.txt"), new byte[300]);
        try (LiveServer live = LiveServer.start(root, o -> o.withThreads(1).withAccessLog(null))) {
            live.assertServes();
            await(() -> live.server.openConnections() == 0, "connections to close");
            long baseline = ProcFds.count();
            byte[] batch = "GET /small.txt HTTP/1.1\r\nHost: t\r\n\r\n".repeat(1800).getBytes(StandardCharsets.ISO_8859_1);
            List<RawClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    RawClient c = new RawClient(live.port(), 4096);   // a small window, never read
                    c.trySend(batch);
                    clients.add(c);
                }
                await(() -> live.server.bufferedBytes() > 0, "the unread output to be queued");
                long during = ProcFds.count() - baseline;
                // The 8 sockets, at most one file per pending response each, and no more.
                assertTrue(during <= 8 + 8L * HttpSession.MAX_PENDING_RESPONSES,
                        during + " fds above the baseline for 8 clients");
                assertTrue(live.server.bufferedBytes() <= 8 * (HttpSession.MAX_PENDING_BYTES + (1 << 20)),
                        live.server.bufferedBytes() + " bytes buffered");
            } finally {
                for (RawClient c : clients) {
                    c.close();
                }
            }
            await(() -> live.server.openConnections() == 0, "the clients' connections to close");
            await(() -> ProcFds.count() <= baseline, "the fd count to come back to " + baseline);
            await(() -> live.server.bufferedBytes() == 0, "the buffered bytes to be given back");
            live.assertServes();
        }
    }

    @Test
    void largeBodiesOneAfterAnotherLeaveNoNativeMemoryBehindWithoutACollection() throws Exception {
        HttpHandler length = (request, response) -> response.body(Integer.toString(request.bodyLength()));
        HttpServerOptions options = HttpServerOptions.DEFAULTS.withPort(0).withThreads(1).withAccessLog(null);
        try (HttpServer server = HttpServer.start(options, length)) {
            int port = server.localAddress().getPort();
            long baseline = NativeMemory.settled();
            byte[] body = new byte[900 * 1024];
            String chunk = "1000\r\n" + "x".repeat(4096) + "\r\n";
            byte[] chunked = ("POST /c HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + chunk.repeat(225) + "0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
            try (RawClient c = new RawClient(port)) {
                for (int i = 0; i < 20; i++) {
                    c.send("POST /n HTTP/1.1\r\nHost: t\r\nContent-Length: " + body.length + "\r\n\r\n");
                    c.send(body);
                    assertEquals(Integer.toString(body.length), c.read().text());
                    c.send(chunked);
                    assertEquals(Integer.toString(225 * 4096), c.read().text());
                    // Each answered, its buffer is freed by then, not when the heap next fills:
                    // 20 of each would otherwise hold some 36 MiB until a collection.
                    long left = io.epoll4j.fd.OwnedMemory.liveBytes() - baseline;
                    assertTrue(left <= 0, left + " native bytes left after request " + i);
                }
            }
        }
    }

    @Test
    void bodiesPastTheMemoryBudgetAre503AndTheBudgetComesBack() throws Exception {
        int body = 512 * 1024;
        HttpHandler length = (request, response) -> response.body(Integer.toString(request.bodyLength()));
        // Room for two bodies (each rounded up to the parser's growth step), not three.
        HttpServerOptions options = HttpServerOptions.DEFAULTS.withPort(0).withThreads(1)
                .withMemoryBudget(2L * body + 2 * RequestParser.GROWTH);
        try (HttpServer server = HttpServer.start(options, length)) {
            int port = server.localAddress().getPort();
            List<RawClient> clients = new ArrayList<>();
            try {
                // Heads first: each reserves room for its whole body at once.
                for (int i = 0; i < 4; i++) {
                    RawClient c = new RawClient(port);
                    c.send("POST /n HTTP/1.1\r\nHost: t\r\nContent-Length: " + body + "\r\n\r\n");
                    clients.add(c);
                }
                int refused = 0;
                int counted = 0;
                for (RawClient c : clients) {
                    c.trySend(new byte[body]);
                    RawClient.Response r = c.read();
                    if (r.status() == 503) {
                        refused++;
                    } else {
                        assertEquals(200, r.status(), r.toString());
                        assertEquals(Integer.toString(body), r.text());
                        counted++;
                    }
                }
                assertEquals(2, counted, "the budget holds two bodies");
                assertEquals(2, refused, "the other two are shed");
            } finally {
                for (RawClient c : clients) {
                    c.close();
                }
            }
            await(() -> server.openConnections() == 0, "the clients' connections to close");
            await(() -> server.bufferedBytes() == 0, "the budget to be given back");
        }
    }

    @Test
    void tlsClientHelloOnThePlainPortIs400AtOnce() throws Exception {
        try (LiveServer live = LiveServer.start(null);
             RawClient c = live.connect()) {
            c.socket.setSoTimeout(3000);   // well before the 10 s header timeout
            c.send(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03});
            RawClient.Response r = c.read();
            assertEquals(400, r.status(), r.toString());
            assertTrue(c.closesWithin(Duration.ofSeconds(3)), "the connection closes");
        }
    }

    @Test
    void tooLargeBodySentBeforeReadingStillSees413() throws Exception {
        try (LiveServer live = LiveServer.start(null, o -> o.withLimits(ParserLimits.DEFAULT.withMaxBody(1024)));
             RawClient c = live.connect()) {
            int body = 4 << 20;
            c.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: " + body + "\r\n\r\n");
            // The whole body before reading, as a simple client does; without a lingering close
            // the server's close with unread bytes resets the connection and the 413 is lost.
            OutputStream out = c.socket.getOutputStream();
            byte[] chunk = new byte[64 * 1024];
            try {
                for (int sent = 0; sent < body; sent += chunk.length) {
                    out.write(chunk);
                }
            } catch (IOException e) {
                // the server shut its side after answering: the 413 is still readable
            }
            RawClient.Response r = c.read();
            assertEquals(413, r.status(), r.toString());
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("waited " + DEADLINE.toSeconds() + " s for " + what);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}
