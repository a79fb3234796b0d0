package io.epoll4j.net;

import io.epoll4j.fd.ErrnoException;
import io.epoll4j.fd.SockOpt;
import io.epoll4j.fd.TcpStream;
import io.epoll4j.loop.EventLoop;
import io.epoll4j.loop.EventLoopGroup;
import io.epoll4j.poll.Interest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.epoll4j.testing.SocketTesting.awaitReady;
import static io.epoll4j.testing.SocketTesting.bytes;
import static io.epoll4j.testing.SocketTesting.writeFully;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a handler does not override in onError: its callbacks' bugs reach the loop's handler; resets do not. */
class ConnectionErrorReportTest {
    private static final InetSocketAddress ANY_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private final CompletableFuture<Object[]> reported = new CompletableFuture<>();
    private EventLoopGroup loops;

    @BeforeEach
    void startLoops() throws Exception {
        loops = EventLoop.builder().name("report").daemon(true)
                .exceptionHandler((loop, source, error) -> reported.complete(new Object[] {source, error}))
                .startGroup(1);
    }

    @AfterEach
    void stopLoops() {
        loops.close();
    }

    private static TcpStream connect(TcpServer server) throws ErrnoException {
        TcpStream client = TcpStream.connect(server.localAddress());
        awaitReady(client, Interest.WRITABLE);
        assertTrue(client.finishConnect());
        return client;
    }

    @Test
    void anExceptionFromACallbackIsReportedToTheLoopsExceptionHandlerByDefault() throws Exception {
        CompletableFuture<Connection> closed = new CompletableFuture<>();
        IllegalStateException bug = new IllegalStateException("a bug in onRead");
        ConnectionHandler handler = new ConnectionHandler() {
            @Override
            public void onRead(Connection c, MemorySegment buffer, long length) {
                throw bug;
            }

            @Override
            public void onClosed(Connection c) {
                closed.complete(c);
            }
        };
        try (TcpServer server = TcpServer.start(loops, ANY_PORT, () -> handler);
             TcpStream client = connect(server); Arena arena = Arena.ofConfined()) {
            writeFully(client, bytes(arena, new byte[] {1, 2, 3}));
            Object[] got = reported.get(5, TimeUnit.SECONDS);
            assertSame(bug, got[1]);
            Connection c = closed.get(5, TimeUnit.SECONDS);
            assertSame(c, got[0], "the source names the connection");
            awaitReady(client, Interest.READ_CLOSED);
            assertEquals(-1, client.read(arena.allocate(8)), "the connection was aborted after the report");
        }
    }

    @Test
    void aResetByThePeerIsRoutineAndNotReported() throws Exception {
        CompletableFuture<Throwable> error = new CompletableFuture<>();
        CompletableFuture<Connection> closed = new CompletableFuture<>();
        ConnectionHandler handler = new ConnectionHandler() {
            @Override
            public void onRead(Connection c, MemorySegment buffer, long length) {
                c.write(buffer, 0, length);
            }

            @Override
            public void onError(Connection c, Throwable e) throws Exception {
                error.complete(e);
                ConnectionHandler.super.onError(c, e);   // the default: what this test pins
            }

            @Override
            public void onClosed(Connection c) {
                closed.complete(c);
            }
        };
        try (TcpServer server = TcpServer.start(loops, ANY_PORT, () -> handler);
             Arena arena = Arena.ofConfined()) {
            TcpStream client = connect(server);
            writeFully(client, bytes(arena, new byte[1024]));
            client.setOption(SockOpt.SO_LINGER, 0);   // close(2) sends RST: ECONNRESET on the server
            client.close();
            closed.get(5, TimeUnit.SECONDS);
            if (error.isDone()) {
                assertInstanceOf(ErrnoException.class, error.get());
            }
            // Anything reported would have been reported before onClosed, on the same thread.
            assertFalse(reported.isDone(), () -> "a reset was reported: " + reported.join()[1]);
        }
    }
}
