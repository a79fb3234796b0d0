package io.epoll4j.fd;

import io.epoll4j.sys.Errno;
import io.epoll4j.sys.SockAddr;
import io.epoll4j.sys.SocketCalls;

import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;

/**
 * A listening TCP socket (listen(2)) that hands out connections with accept4(2).
 *
 * {@snippet :
 * try (TcpListener listener = TcpListener.listen(new InetSocketAddress("127.0.0.1", 8080))) {
 *     poller.register(listener, 0L, Interest.READABLE, Trigger.LEVEL);
 *     // ... on each readable event for token 0:
 *     TcpStream client;
 *     while ((client = listener.accept()) != null) {
 *         serve(client);
 *     }
 * }
 * }
 *
 * <p>For full control over the options that must precede bind(2) — {@link SockOpt#SO_REUSEPORT}
 * to share a port among several listeners, {@link SockOpt#IPV6_V6ONLY} to keep an IPv6
 * listener from taking IPv4 — use {@link #open}, {@link #setOption}, {@link #bind},
 * {@link #listen(int)}.
 *
 * <p>Accepted streams are non-blocking and close-on-exec from birth ({@code accept4} with
 * {@code SOCK_NONBLOCK | SOCK_CLOEXEC}): there is no window in which another thread's fork
 * could inherit them.
 */
public final class TcpListener extends SocketFd {
    private TcpListener(int fd) {
        super(fd);
    }

    /** A new, unbound TCP socket of {@code family} ({@code INET} or {@code INET6}). */
    public static TcpListener open(StandardProtocolFamily family) throws ErrnoException {
        return new TcpListener(open(switch (family) {
            case INET -> SockAddr.AF_INET;
            case INET6 -> SockAddr.AF_INET6;
            case UNIX -> throw new IllegalArgumentException("TCP is INET or INET6; for UNIX use UnixListener");
        }, SocketCalls.SOCK_STREAM));
    }

    /**
     * Opens, sets {@link SockOpt#SO_REUSEADDR} (so a restart does not wait for TIME_WAIT),
     * binds to {@code local} (port 0: the kernel picks one) and listens with the largest
     * backlog the kernel allows.
     */
    public static TcpListener listen(InetSocketAddress local) throws ErrnoException {
        TcpListener listener = new TcpListener(open(Addresses.family(local), SocketCalls.SOCK_STREAM));
        try {
            listener.setOption(SockOpt.SO_REUSEADDR, true);
            listener.bind(local);
            listener.listen(SocketCalls.SOMAXCONN);
            return listener;
        } catch (ErrnoException | RuntimeException e) {
            listener.close();
            throw e;
        }
    }

    /** bind(2) to {@code local}. */
    public void bind(InetSocketAddress local) throws ErrnoException {
        bindTo(local);
    }

    /** listen(2): {@code backlog} is capped by the kernel at net.core.somaxconn. */
    public void listen(int backlog) throws ErrnoException {
        listenWith(backlog);
    }

    /**
     * Takes the next connection from the queue.
     *
     * @return the connection, or null if none is waiting
     * @throws ErrnoException EMFILE or ENFILE when the process or system is out of file
     *                        descriptors: the connection stays queued, and the listener stays
     *                        readable, until one is freed
     */
    public TcpStream accept() throws ErrnoException {
        int fd = Accept.next(this);
        return fd < 0 ? null : new TcpStream(fd);
    }

    /**
     * Ends every connection waiting in the accept queue, without an fd to accept it into, and
     * goes on listening on the same address with {@code backlog}. The peers see a reset
     * (ECONNRESET). For a process out of file descriptors this is how queued connections learn
     * at once that they will not be served.
     *
     * <p>On Linux, shutdown(2) with SHUT_RD disconnects a listening socket: its queue is
     * dropped with RST and it returns to the closed state, and listen(2) starts it again. A
     * port the kernel chose at bind(2) (port 0) is given back by the disconnect, so it is bound
     * again by number first (a port bound by number stays bound: that bind is EINVAL, and
     * harmless). In between, SYNs to this listener are refused; other SO_REUSEPORT listeners
     * of the port go on accepting.
     *
     * @throws ErrnoException EADDRINUSE if another socket took a kernel-chosen port in between:
     *                        this listener no longer listens then
     */
    public void resetQueue(int backlog) throws ErrnoException {
        InetSocketAddress local = localAddress();
        int n = acquire();
        try {
            ErrnoException.check(SocketCalls.shutdown(n, SocketCalls.SHUT_RD), "shutdown(fd " + n + ", SHUT_RD)");
            MemorySegment sockaddr = SocketCalls.addressScratch();
            int len = Addresses.encode(local, sockaddr);
            int r = SocketCalls.bind(n, sockaddr, len);
            if (r < 0 && r != -Errno.EINVAL) {
                throw new ErrnoException("bind(fd " + n + ", " + Addresses.describe(local) + ") after shutdown(SHUT_RD)", -r);
            }
            ErrnoException.check(SocketCalls.listen(n, backlog), "listen(fd " + n + ", " + backlog + ")");
        } finally {
            release();
        }
    }

    /** The bound address and port (getsockname(2)). */
    @Override
    public InetSocketAddress localAddress() throws ErrnoException {
        return (InetSocketAddress) super.localAddress();
    }
}
