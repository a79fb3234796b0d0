package io.epoll4j.net;

import io.epoll4j.fd.ErrnoException;
import io.epoll4j.fd.OwnedFd;
import io.epoll4j.fd.SockOpt;
import io.epoll4j.fd.TcpListener;
import io.epoll4j.fd.TcpStream;
import io.epoll4j.loop.EventLoop;
import io.epoll4j.loop.EventLoopGroup;
import io.epoll4j.poll.Events;
import io.epoll4j.poll.Interest;
import io.epoll4j.poll.Poller;
import io.epoll4j.poll.Trigger;
import io.epoll4j.testing.ProcFds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static io.epoll4j.testing.SocketTesting.awaitReady;
import static io.epoll4j.testing.SocketTesting.bytes;
import static io.epoll4j.testing.SocketTesting.readExactly;
import static io.epoll4j.testing.SocketTesting.writeFully;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConnectionTest {
    private static final InetSocketAddress ANY_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private EventLoopGroup loops;

    @BeforeEach
    void startLoops() throws Exception {
        loops = EventLoop.builder().name("conn").daemon(true).startGroup(1);
    }

    @AfterEach
    void stopLoops() {
        loops.close();
    }

    private TcpStream connect(TcpServer server) throws ErrnoException {
        TcpStream client = TcpStream.connect(server.localAddress());
        awaitReady(client, Interest.WRITABLE);
        assertTrue(client.finishConnect());
        return client;
    }

    @Test
    void aClientThatNeverReadsKeepsServerOutputBoundedAndTheAppIsTold() throws Exception {
        long high = 256 * 1024;
        long low = 64 * 1024;
        List<Boolean> told = new CopyOnWriteArrayList<>();
        AtomicReference<Connection> serverSide = new AtomicReference<>();
        ConnectionHandler echo = new ConnectionHandler() {
            @Override
            public void onOpen(Connection c) {
                serverSide.set(c);
            }

            @Override
            public void onRead(Connection c, MemorySegment buffer, long length) {
                c.write(buffer, 0, length);
            }

            @Override
            public void onWritabilityChanged(Connection c, boolean writable) {
                told.add(writable);
            }
        };
        ServerOptions options = ServerOptions.DEFAULTS.withConnection(
                ConnectionOptions.DEFAULTS.withWaterMarks(high, low).withReadBudget(64 * 1024));
        try (TcpServer server = TcpServer.start(loops, ANY_PORT, options, () -> echo);
             TcpStream client = connect(server);
             Arena arena = Arena.ofConfined();
             Poller poller = Poller.open();
             Events events = Events.withCapacity(4)) {
            MemorySegment chunk = arena.allocate(64 * 1024);
            for (long i = 0; i < chunk.byteSize(); i++) {
                chunk.set(JAVA_BYTE, i, (byte) (i % 251));
            }
            poller.register(client, 1L, Interest.WRITABLE, Trigger.LEVEL);
            long sent = 0;
            // Write until the socket stays full for 300 ms: the server has stopped reading.
            while (sent < 256L << 20) {
                long n = client.write(chunk.asSlice(sent % chunk.byteSize()));
                sent += n;
                if (n == 0 && poller.poll(events, 300_000_000L) == 0) {
                    break;
                }
            }
            assertTrue(sent < 256L << 20, "the server never pushed back");
            Connection c = serverSide.get();
            long pending = c.loop().submit(c::pendingBytes).get(5, TimeUnit.SECONDS);
            assertTrue(pending > high, "pending " + pending);
            assertTrue(pending <= high + 64 * 1024, "pending " + pending + " past high water + one read");
            assertEquals(List.of(false), told);

            // Now read it all back, in order: the server resumes and says so.
            byte[] back = readExactly(client, (int) Math.min(sent, 8 << 20));
            for (int i = 0; i < back.length; i++) {
                if (back[i] != (byte) ((i % chunk.byteSize()) % 251)) {
                    throw new AssertionError("byte " + i + " out of order");
                }
            }
            long rest = sent - back.length;
            while (rest > 0) {
                int n = (int) Math.min(rest, 1 << 20);
                readExactly(client, n);
                rest -= n;
            }
            // Resumed, the server may cross the mark again on what was still in flight: the
            // notifications alternate, and the last says writable.
            for (int i = 0; i < told.size(); i++) {
                assertEquals(i % 2 == 1, told.get(i), "notifications " + told);
            }
            assertEquals(0, told.size() % 2, "notifications " + told);
        }
    }

    @Test
    void relayingTheReadBufferToAnotherConnectionArrivesIntact() throws Exception {
        CompletableFuture<Connection> sink = new CompletableFuture<>();
        ConnectionHandler relay = new ConnectionHandler() {
            @Override
            public void onOpen(Connection c) {
                sink.complete(c);   // the first connection receives what the others send
            }

            @Override
            public void onRead(Connection c, MemorySegment buffer, long length) throws Exception {
                // The loop's buffer, written to another connection: copied, flushed at the next pass.
                sink.get().write(buffer, 0, length);
            }
        };
        byte[] payload = new byte[3 * 1024 * 1024 + 11];
        new Random(5).nextBytes(payload);
        try (TcpServer server = TcpServer.start(loops, ANY_PORT, () -> relay);
             TcpStream receiver = connect(server); Arena arena = Arena.ofConfined()) {
            sink.get(5, TimeUnit.SECONDS);
            try (TcpStream sender = connect(server)) {
                MemorySegment data = bytes(arena, payload);
                long sent = 0;
                long got = 0;
                MemorySegment received = arena.allocate(payload.length);
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (got < payload.length) {
                    assertTrue(System.nanoTime() < deadline, "relay stalled at " + got);
                    if (sent < payload.length) {
                        sent += sender.write(data.asSlice(sent));
                    }
                    long n = receiver.read(received.asSlice(got));
                    assertTrue(n >= 0, "receiver saw end of stream");
                    got += n;
                    if (n == 0 && sent == payload.length) {
                        awaitReady(receiver, Interest.READABLE);
                    }
                }
                assertArrayEquals(payload, received.toArray(JAVA_BYTE));
            }
        }
    }

    @Test
    void aWriteFromALoopTaskIsFlushedWithoutAskingAndItsMemoryMayBeReusedAtOnce() throws Exception {
        CompletableFuture<Connection> opened = new CompletableFuture<>();
        ConnectionHandler handler = new ConnectionHandler() {
            @Override
            public void onOpen(Connection c) {
                opened.complete(c);
            }

            @Override
            public void onRead(Connection c, MemorySegment buffer, long length) {}
        };
        try (TcpServer server = TcpServer.start(loops, ANY_PORT, () -> handler);
             TcpStream client = connect(server)) {
            Connection c = opened.get(5, TimeUnit.SECONDS);
            c.loop().execute(() -> {
                try (Arena scratch = Arena.ofConfined()) {
                    c.write(scratch.allocateFrom("late", StandardCharsets.US_ASCII), 0, 4);
                }   // freed before any flush: the write must have copied it
            });
            assertEquals("late", new String(readExactly(client, 4), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void writesInOneCallbackGoOutInOneSyscall() throws Exception {
        CompletableFuture<Long> calls = new CompletableFuture<>();
        ConnectionHandler threeResponses = (c, buffer, length) -> {
            long before = c.writeCalls();
            MemorySegment text = Arena.global().allocateFrom("one,two,three", StandardCharsets.US_ASCII);
            c.write(text, 0, 4);
            c.write(text, 4, 4);
            c.write(text, 8, 5);
            c.flush();
            calls.complete(c.writeCalls() - before);
        };
        try (TcpServer server = TcpServer.start(loops, ANY_PORT, () -> threeResponses);
             TcpStream client = connect(server); Arena arena = Arena.ofConfined()) {
            writeFully(client, bytes(arena, new byte[] {1}));
            assertEquals("one,two,three", new String(readExactly(client, 13), StandardCharsets.US_ASCII));
            assertEquals(1, calls.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void queuedSendFileFollowsTheHeaderByteExact(@TempDir Path dir) throws Exception {
        byte[] content = new byte[5 * 1024 * 1024 + 3];
        new Random(3).nextBytes(content);
        Path file = dir.resolve("body.bin");
        Files.write(file, content);
        ConnectionHandler serveFile = (c, buffer, length) -> {
            c.write(Arena.global().allocateFrom("HEAD", StandardCharsets.US_ASCII), 0, 4);
            c.sendFile(OwnedFd.open(file), 0, 0, true);               // empty: nothing queued, file closed
            c.sendFile(OwnedFd.open(file), 0, content.length, true);
        };
        try (TcpServer server = TcpServer.start(loops, ANY_PORT, () -> serveFile);
             TcpStream client = connect(server); Arena arena = Arena.ofConfined()) {
            // Counted once the server holds its side of the connection, so only the file differs.
            long accepted = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (server.openConnections() != 1 && System.nanoTime() - accepted < 0) {
                Thread.onSpinWait();
            }
            long fdsBefore = ProcFds.count();
            writeFully(client, bytes(arena, new byte[] {1}));
            assertEquals("HEAD", new String(readExactly(client, 4), StandardCharsets.US_ASCII));
            assertArrayEquals(content, readExactly(client, content.length));
            // The connection closes the file it was handed once sent: just after the last byte
            // left, which the client may read first.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (ProcFds.count() != fdsBefore && System.nanoTime() - deadline < 0) {
                Thread.onSpinWait();
            }
            assertEquals(fdsBefore, ProcFds.count(), ProcFds.describe());
        }
    }

    @Test
    void peerHalfCloseIsDeliveredAsInputClosedAndTheServerCanStillAnswer() throws Exception {
        CompletableFuture<Long> readBeforeClose = new CompletableFuture<>();
        ConnectionHandler answerAtEnd = new ConnectionHandler() {
            long total;

            @Override
            public void onRead(Connection c, MemorySegment buffer, long length) {
                total += length;
            }

            @Override
            public void onInputClosed(Connection c) {
                readBeforeClose.complete(total);
                c.write(Arena.global().allocateFrom("bye", StandardCharsets.US_ASCII), 0, 3);
                c.close();   // graceful: "bye" goes out first
            }
        };
        try (TcpServer server = TcpServer.start(loops, ANY_PORT, () -> answerAtEnd);
             TcpStream client = connect(server); Arena arena = Arena.ofConfined()) {
            writeFully(client, bytes(arena, new byte[] {1, 2, 3, 4, 5}));
            client.shutdownOutput();
            assertEquals(5, readBeforeClose.get(5, TimeUnit.SECONDS));
            assertEquals("bye", new String(readExactly(client, 3), StandardCharsets.US_ASCII));
            awaitReady(client, Interest.READ_CLOSED);
            assertEquals(-1, client.read(arena.allocate(8)));
        }
    }

    @Test
    void idleTimeoutClosesASilentConnection() throws Exception {
        CompletableFuture<ConnectionHandler.Timeout> fired = new CompletableFuture<>();
        ConnectionHandler handler = new ConnectionHandler() {
            @Override
            public void onRead(Connection c, MemorySegment buffer, long length) {}

            @Override
            public void onTimeout(Connection c, Timeout timeout) {
                fired.complete(timeout);
                c.close();
            }
        };
        ServerOptions options = ServerOptions.DEFAULTS.withConnection(
                ConnectionOptions.DEFAULTS.withIdleTimeout(Duration.ofMillis(100)));
        try (TcpServer server = TcpServer.start(loops, ANY_PORT, options, () -> handler)) {
            // Before the connect: the server's clock may start before connect() returns here.
            long start = System.nanoTime();
            try (TcpStream client = connect(server); Arena arena = Arena.ofConfined()) {
                assertEquals(ConnectionHandler.Timeout.IDLE, fired.get(5, TimeUnit.SECONDS));
                assertTrue(System.nanoTime() - start >= 100_000_000L, "fired early");
                awaitReady(client, Interest.READ_CLOSED);
                assertEquals(-1, client.read(arena.allocate(8)));
            }
        }
    }

    @Test
    void readTimeoutFiresWhenThePeerSendsNothing() throws Exception {
        CompletableFuture<ConnectionHandler.Timeout> fired = new CompletableFuture<>();
        ConnectionHandler handler = new ConnectionHandler() {
            @Override
            public void onRead(Connection c, MemorySegment buffer, long length) {}

            @Override
            public void onTimeout(Connection c, Timeout timeout) {
                fired.complete(timeout);
                c.abort();
            }
        };
        ServerOptions options = ServerOptions.DEFAULTS.withConnection(
                ConnectionOptions.DEFAULTS.withReadTimeout(Duration.ofMillis(50)));
        try (TcpServer server = TcpServer.start(loops, ANY_PORT, options, () -> handler);
             TcpStream client = connect(server)) {
            assertEquals(ConnectionHandler.Timeout.READ, fired.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void shuttingTheLoopDownClosesItsConnectionsAndSaysSo() throws Exception {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        CompletableFuture<Void> opened = new CompletableFuture<>();
        ConnectionHandler handler = new ConnectionHandler() {
            @Override
            public void onOpen(Connection c) {
                opened.complete(null);
            }

            @Override
            public void onRead(Connection c, MemorySegment buffer, long length) {}

            @Override
            public void onClosed(Connection c) {
                closed.complete(null);
            }
        };
        EventLoopGroup own = EventLoop.builder().name("own").daemon(true).startGroup(1);
        try (TcpServer server = TcpServer.start(own, ANY_PORT, () -> handler);
             TcpStream client = connect(server); Arena arena = Arena.ofConfined()) {
            opened.get(5, TimeUnit.SECONDS);
            own.close();
            closed.get(5, TimeUnit.SECONDS);
            awaitReady(client, Interest.READ_CLOSED);
            assertEquals(-1, client.read(arena.allocate(8)));
        } finally {
            own.close();
        }
    }

    @Test
    void peerResetReachesOnErrorThenOnClosed() throws Exception {
        CompletableFuture<Throwable> error = new CompletableFuture<>();
        CompletableFuture<Void> closed = new CompletableFuture<>();
        ConnectionHandler handler = new ConnectionHandler() {
            @Override
            public void onRead(Connection c, MemorySegment buffer, long length) {}

            @Override
            public void onError(Connection c, Throwable e) {
                error.complete(e);
            }

            @Override
            public void onClosed(Connection c) {
                closed.complete(null);
            }
        };
        try (TcpServer server = TcpServer.start(loops, ANY_PORT, () -> handler)) {
            TcpStream client = connect(server);
            client.setOption(SockOpt.SO_LINGER, 0);
            client.close();
            ErrnoException e = assertInstanceOf(ErrnoException.class, error.get(5, TimeUnit.SECONDS));
            assertEquals(ErrnoException.ECONNRESET, e.errno());
            closed.get(5, TimeUnit.SECONDS);
            assertEquals(0, server.openConnections());
        }
    }

    @Test
    void refusedClientConnectIsReportedAsEconnrefused() throws Exception {
        InetSocketAddress nobody;
        try (TcpListener listener = TcpListener.listen(ANY_PORT)) {
            nobody = listener.localAddress();
        }
        CompletableFuture<Throwable> error = new CompletableFuture<>();
        AtomicLong closes = new AtomicLong();
        CompletableFuture<Void> closed = new CompletableFuture<>();
        TcpClient.connect(loops.next(), nobody, new ConnectionHandler() {
            @Override
            public void onRead(Connection c, MemorySegment buffer, long length) {}

            @Override
            public void onError(Connection c, Throwable e) {
                error.complete(e);
            }

            @Override
            public void onClosed(Connection c) {
                closes.incrementAndGet();
                closed.complete(null);
            }
        });
        ErrnoException e = assertInstanceOf(ErrnoException.class, error.get(5, TimeUnit.SECONDS));
        assertEquals(ErrnoException.ECONNREFUSED, e.errno());
        // Printed as typed, without InetSocketAddress's leading slash.
        assertTrue(e.getMessage().contains(nobody.getAddress().getHostAddress() + ":" + nobody.getPort()),
                e.getMessage());
        closed.get(5, TimeUnit.SECONDS);
        assertEquals(1, closes.get());
    }

    @Test
    void writingOffTheLoopThreadIsRefused() throws Exception {
        CompletableFuture<Connection> opened = new CompletableFuture<>();
        ConnectionHandler handler = new ConnectionHandler() {
            @Override
            public void onOpen(Connection c) {
                opened.complete(c);
            }

            @Override
            public void onRead(Connection c, MemorySegment buffer, long length) {}
        };
        try (TcpServer server = TcpServer.start(loops, ANY_PORT, () -> handler);
             TcpStream client = connect(server)) {
            Connection c = opened.get(5, TimeUnit.SECONDS);
            assertThrows(IllegalStateException.class, () -> c.write(Arena.global().allocate(1)));
            c.close();   // allowed from any thread: hops to the loop
            awaitReady(client, Interest.READ_CLOSED);
        }
    }
}
