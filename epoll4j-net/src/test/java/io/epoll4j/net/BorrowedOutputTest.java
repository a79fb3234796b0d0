package io.epoll4j.net;

import io.epoll4j.fd.ErrnoException;
import io.epoll4j.fd.SockOpt;
import io.epoll4j.fd.TcpStream;
import io.epoll4j.loop.EventLoop;
import io.epoll4j.loop.EventLoopGroup;
import io.epoll4j.poll.Interest;
import io.epoll4j.testing.SocketTesting;
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
import static io.epoll4j.testing.SocketTesting.readExactly;
import static io.epoll4j.testing.SocketTesting.writeFully;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ownership rule of borrowed output: a slice staged in a callback is sent or copied before
 * the next callback begins, so a handler may encode every answer into one shared segment (as
 * the HTTP server does with its loop's output segment) and overwrite it in the next callback.
 */
class BorrowedOutputTest {
    private static final InetSocketAddress ANY_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private static final int BLOB = 1 << 20;
    private static final int ANSWER = 4096;
    private EventLoopGroup loops;

    @BeforeEach
    void startLoops() throws Exception {
        loops = EventLoop.builder().name("borrow").daemon(true).startGroup(1);
    }

    @AfterEach
    void stopLoops() {
        loops.close();
    }

    /**
     * A handler that answers each request byte with {@value #ANSWER} bytes encoded into one
     * shared segment, from its start, every time: 'A' is answered with a blob too large for the
     * socket and pauses reading; once that drains, onWritable answers with 'w' and resumes
     * reading; the request 'B' that waited in the kernel meanwhile is read in the same event
     * and answered with 'b' over the same bytes.
     */
    @Test
    void whatOnWritableStagedIsSentBeforeTheNextReadReusesTheMemory() throws Exception {
        CompletableFuture<Connection> serverSide = new CompletableFuture<>();
        ConnectionHandler handler = new ConnectionHandler() {
            final MemorySegment shared = Arena.ofAuto().allocate(ANSWER);
            final MemorySegment blob = Arena.ofAuto().allocate(BLOB).fill((byte) 'a');

            @Override
            public void onOpen(Connection c) throws ErrnoException {
                c.socket().setOption(SockOpt.SO_SNDBUF, 4096);
                serverSide.complete(c);
            }

            @Override
            public void onRead(Connection c, MemorySegment buffer, long length) {
                for (long i = 0; i < length; i++) {
                    byte request = buffer.get(JAVA_BYTE, i);
                    if (request == 'A') {
                        c.write(blob);
                        c.pauseReading();   // as the HTTP session does past its bound
                        return;
                    }
                    shared.fill((byte) Character.toLowerCase(request));
                    c.write(shared);
                }
            }

            @Override
            public void onWritable(Connection c) {
                shared.fill((byte) 'w');
                c.write(shared);
                c.resumeReading();
            }
        };
        try (TcpServer server = TcpServer.start(loops, ANY_PORT, ServerOptions.DEFAULTS, () -> handler);
             TcpStream client = TcpStream.connect(server.localAddress());
             Arena arena = Arena.ofConfined()) {
            client.setOption(SockOpt.SO_RCVBUF, 16 * 1024);
            awaitReady(client, Interest.WRITABLE);
            assertTrue(client.finishConnect());
            MemorySegment request = arena.allocate(1);
            writeFully(client, request.fill((byte) 'A'));
            Connection c = serverSide.get(5, TimeUnit.SECONDS);
            // Wait until the server holds output it could not send: it has paused reading.
            long deadline = System.nanoTime() + SocketTesting.TIMEOUT_NANOS;
            while (c.loop().submit(c::pendingBytes).get(5, TimeUnit.SECONDS) == 0) {
                assertTrue(System.nanoTime() < deadline, "the server never queued output");
                Thread.onSpinWait();
            }
            writeFully(client, request.fill((byte) 'B'));   // waits in the kernel: reading is paused

            byte[] blob = readExactly(client, BLOB);
            for (int i = 0; i < blob.length; i++) {
                assertEquals('a', blob[i], "blob byte " + i);
            }
            byte[] answers = readExactly(client, 2 * ANSWER);
            for (int i = 0; i < answers.length; i++) {
                assertEquals(i < ANSWER ? 'w' : 'b', (char) answers[i],
                        "byte " + i + ": the answer of onWritable was overwritten before it was sent");
            }
        }
    }
}
