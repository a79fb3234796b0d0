package io.epoll4j.net;

import io.epoll4j.fd.TcpListener;
import io.epoll4j.fd.SockOpt;
import io.epoll4j.fd.ErrnoException;
import io.epoll4j.loop.EventLoop;
import io.epoll4j.loop.EventLoopGroup;
import io.epoll4j.poll.Interest;
import io.epoll4j.poll.Trigger;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A TCP server on an {@link EventLoopGroup}: accepts on every loop and serves each connection
 * on the loop that accepted it, through a {@link ConnectionHandler}.
 *
 * {@snippet :
 * try (EventLoopGroup group = EventLoopGroup.start(2, "echo");
 *      TcpServer server = TcpServer.start(group, new InetSocketAddress("127.0.0.1", 7007),
 *              () -> (ConnectionHandler) (c, buffer, length) -> c.write(buffer, 0, length))) {
 *     System.out.println("echo on " + server.localAddress());
 *     // ...
 * }
 * }
 *
 * <p>How connections reach the loops is the {@link AcceptMode} of the {@link ServerOptions}:
 * one {@code SO_REUSEPORT} listener per loop, or one listener registered in every loop with
 * {@code EPOLLEXCLUSIVE}. Each loop accepts at most {@link ServerOptions#acceptBatch()} per turn
 * and survives running out of file descriptors: connections that arrive then are ended at
 * once (accepted into a spare fd's number and closed, or reset with the whole queue when no
 * fd is left at all), never left waiting in the queue, and serving goes on.
 */
public final class TcpServer implements AutoCloseable {
    private final List<TcpListener> listeners;
    private final List<Acceptor> acceptors;
    private final InetSocketAddress localAddress;
    private volatile boolean closed;

    private TcpServer(List<TcpListener> listeners, List<Acceptor> acceptors) throws ErrnoException {
        this.listeners = listeners;
        this.acceptors = acceptors;
        this.localAddress = listeners.getFirst().localAddress();
    }

    /** A server with {@link ServerOptions#DEFAULTS}; {@code handlers} gives each connection its handler. */
    public static TcpServer start(EventLoopGroup group, InetSocketAddress address,
                                  Supplier<? extends ConnectionHandler> handlers) throws ErrnoException {
        return start(group, address, ServerOptions.DEFAULTS, handlers);
    }

    /**
     * Binds (port 0: the kernel picks one, shared by all loops), listens and starts accepting.
     * The port is shared among this server's loops only: when another process listens on it
     * (even one that set {@code SO_REUSEPORT} too), this fails with EADDRINUSE, as a server
     * without {@code SO_REUSEPORT} would.
     *
     * @throws ErrnoException EADDRINUSE and the like; nothing stays open then
     */
    public static TcpServer start(EventLoopGroup group, InetSocketAddress address, ServerOptions options,
                                  Supplier<? extends ConnectionHandler> handlers) throws ErrnoException {
        StandardProtocolFamily family = address.getAddress() instanceof Inet4Address
                ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
        List<TcpListener> listeners = new ArrayList<>();
        List<Acceptor> acceptors = new ArrayList<>();
        try {
            if (options.acceptMode() == AcceptMode.REUSEPORT) {
                InetSocketAddress bindTo = address;
                for (EventLoop ignored : group.loops()) {
                    TcpListener listener = bound(family, bindTo, true, listeners);
                    bindTo = listener.localAddress();   // the port the first one got
                }
                // SO_REUSEPORT admits any process of this user to the port: refuse to share it,
                // before listening (no connection reaches us then) and after (one that bound at
                // the same moment shows only once both listen: then both fail, neither shares).
                PortHolders.refuseForeign(listeners, bindTo);
                for (TcpListener listener : listeners) {
                    listener.listen(options.backlog());
                }
                PortHolders.refuseForeign(listeners, bindTo);
                for (int i = 0; i < listeners.size(); i++) {
                    EventLoop loop = group.loops().get(i);
                    Acceptor acceptor = new Acceptor(loop, listeners.get(i), options, handlers, true);
                    acceptors.add(acceptor);
                    loop.register(listeners.get(i), Interest.READABLE, Trigger.LEVEL, acceptor);
                }
            } else {
                TcpListener listener = bound(family, address, false, listeners);
                listener.listen(options.backlog());
                group.registerShared(listener, Interest.READABLE, Trigger.LEVEL.exclusive(), loop -> {
                    Acceptor acceptor = new Acceptor(loop, listener, options, handlers, false);
                    acceptors.add(acceptor);
                    return acceptor;
                });
            }
            return new TcpServer(listeners, acceptors);
        } catch (ErrnoException | RuntimeException e) {
            listeners.forEach(TcpListener::close);
            acceptors.forEach(Acceptor::releaseSpare);
            throw e;
        }
    }

    private static TcpListener bound(StandardProtocolFamily family, InetSocketAddress address, boolean reusePort,
                                     List<TcpListener> opened) throws ErrnoException {
        TcpListener listener = TcpListener.open(family);
        opened.add(listener);
        listener.setOption(SockOpt.SO_REUSEADDR, true);
        if (reusePort) {
            listener.setOption(SockOpt.SO_REUSEPORT, true);
        }
        listener.bind(address);
        return listener;
    }

    /** The address and port the server listens on. */
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /** Connections accepted so far, over all loops. */
    public long acceptedConnections() {
        return acceptors.stream().mapToLong(a -> a.accepted).sum();
    }

    /** Connections accepted and closed at once because the process was out of file descriptors. */
    public long shedConnections() {
        return acceptors.stream().mapToLong(a -> a.shed).sum();
    }

    /**
     * Times a listener's whole accept queue was ended with resets because the process was out
     * of file descriptors and had no spare one to shed them through ({@link TcpListener#resetQueue}).
     */
    public long listenQueueResets() {
        return acceptors.stream().mapToLong(a -> a.queueResets).sum();
    }

    /**
     * Connections open now, over all loops. A connection counts from its accept until its fd is
     * closed, so at 0 none of their fds is open any more.
     */
    public int openConnections() {
        return acceptors.stream().mapToInt(a -> a.open).sum();
    }

    /**
     * Stops accepting, closes the listeners and aborts every connection, each on its loop;
     * waits up to 5 seconds for the loops to do it. Closing again does nothing.
     */
    @Override
    public void close() {
        stop(false);
    }

    /**
     * Stops accepting and closes every connection gracefully: output already written is sent
     * first. Waits up to {@code timeout} for the connections to end, then aborts those left.
     *
     * @return true if every connection ended gracefully within the timeout
     */
    public boolean shutdownGracefully(java.time.Duration timeout) {
        if (!stop(true)) {
            return openConnections() == 0;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (openConnections() > 0 && System.nanoTime() - deadline < 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L); // polling a count: no event to wait on
        }
        boolean drained = openConnections() == 0;
        if (!drained) {
            for (Acceptor acceptor : acceptors) {
                try {
                    acceptor.loop().execute(acceptor::stop);
                } catch (RejectedExecutionException e) {
                    // that loop is gone, and its connections with it
                }
            }
        }
        return drained;
    }

    private boolean stop(boolean graceful) {
        if (closed) {
            return false;
        }
        closed = true;
        List<CompletableFuture<?>> done = new ArrayList<>();
        for (Acceptor acceptor : acceptors) {
            if (acceptor.loop().inEventLoop()) {
                acceptor.stop();   // closing from a handler: this loop cannot wait for itself
                continue;
            }
            try {
                done.add(acceptor.loop().submit(() -> {
                    acceptor.stop(graceful);
                    return null;
                }));
            } catch (RejectedExecutionException e) {
                // That loop is shut down: its registrations and fds are gone with it.
            }
        }
        try {
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // A loop that does not answer within the wait keeps its connections; the listeners close below.
        }
        listeners.forEach(TcpListener::close);
        return true;
    }

    @Override
    public String toString() {
        return "TcpServer[" + localAddress + ", " + acceptors.size() + " loops]";
    }
}
