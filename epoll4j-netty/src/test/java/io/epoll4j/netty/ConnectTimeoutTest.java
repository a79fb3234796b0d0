package io.epoll4j.netty;

import io.epoll4j.fd.ErrnoException;
import io.epoll4j.fd.TcpListener;
import io.epoll4j.fd.TcpStream;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Connect timeouts and cancellation on loopback only: a listener that never accepts, with a
 * backlog of 0, queues one connection and then drops further SYNs (the accept queue is full),
 * so the next connect stays in progress for as long as the test wants. And refusals carry the
 * syscall and the errno's name.
 */
class ConnectTimeoutTest {
    @RegisterExtension
    static final Epoll4jGroup loops = new Epoll4jGroup(1);

    /** A listener whose accept queue is full; closes with the connections that fill it. */
    private static final class FullListener implements AutoCloseable {
        final TcpListener listener;
        final List<TcpStream> queued = new ArrayList<>();

        FullListener() throws Exception {
            listener = TcpListener.open(java.net.StandardProtocolFamily.INET);
            listener.bind(new InetSocketAddress("127.0.0.1", 0));
            listener.listen(0);
            // backlog 0 still queues one; two more make sure the queue is full on any kernel.
            for (int i = 0; i < 3; i++) {
                queued.add(TcpStream.connect(listener.localAddress()));
            }
        }

        InetSocketAddress address() throws ErrnoException {
            return listener.localAddress();
        }

        @Override
        public void close() {
            queued.forEach(TcpStream::close);
            listener.close();
        }
    }

    @Test
    void aConnectThatGetsNoAnswerFailsWithConnectTimeoutExceptionAndClosesTheChannel() throws Exception {
        try (FullListener full = new FullListener()) {
            long start = System.nanoTime();
            ChannelFuture f = Channels.client(loops.group(), new ChannelInboundHandlerAdapter())
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 300)
                    .connect(full.address());
            assertTrue(f.await(10, TimeUnit.SECONDS), "connect neither completed nor timed out");
            assertInstanceOf(ConnectTimeoutException.class, f.cause());
            assertTrue(f.cause().getMessage().contains(String.valueOf(full.address().getPort())), f.cause().getMessage());
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(300), "timed out early");
            assertTrue(f.channel().closeFuture().await(10, TimeUnit.SECONDS), "channel not closed");
        }
    }

    @Test
    void cancellingAPendingConnectClosesTheChannel() throws Exception {
        try (FullListener full = new FullListener()) {
            ChannelFuture f = Channels.client(loops.group(), new ChannelInboundHandlerAdapter())
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 60_000)
                    .connect(full.address());
            // Cancel once the connect is really in progress, from the loop that runs it.
            f.channel().eventLoop().submit(() -> { }).sync();
            assertTrue(f.cancel(true), "a pending connect can be cancelled");
            assertTrue(f.isCancelled());
            assertTrue(f.channel().closeFuture().await(10, TimeUnit.SECONDS), "channel not closed after cancel");
            assertFalse(f.channel().isActive());
        }
    }

    @Test
    void aRefusedConnectIsAConnectExceptionNamingTheSyscallAndErrno() throws Exception {
        InetSocketAddress nobody;
        try (TcpListener l = TcpListener.listen(new InetSocketAddress("127.0.0.1", 0))) {
            nobody = l.localAddress();
        }
        ChannelFuture f = Channels.client(loops.group(), new ChannelInboundHandlerAdapter()).connect(nobody);
        assertTrue(f.await(10, TimeUnit.SECONDS));
        ConnectException e = assertInstanceOf(ConnectException.class, f.cause());
        assertTrue(e.getMessage().contains("connect") && e.getMessage().contains("ECONNREFUSED"), e.getMessage());
        assertInstanceOf(ErrnoException.class, e.getCause());
    }
}
