package io.epoll4j.fd;

import io.epoll4j.sys.SockAddr;
import io.epoll4j.sys.SocketCalls;

import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;

/**
 * A Unix domain stream connection (unix(7)), to a path or an abstract name, or one end of a
 * socket pair.
 *
 * {@snippet :
 * UnixStream[] pair = UnixStream.pair();             // socketpair(2): already connected
 * UnixStream client = UnixStream.connect(UnixDomainSocketAddress.of("/run/app.sock"));
 * UnixStream other = UnixStream.connect(UnixAbstractAddress.of("app"));
 * }
 *
 * <p>A connect to a Unix listener completes at once or fails at once: ENOENT (no such path),
 * ECONNREFUSED (nobody listening), or EAGAIN when the listener's backlog is full, where a
 * blocking socket would wait.
 */
public final class UnixStream extends StreamSocket {
    UnixStream(int fd) {
        super(fd);
    }

    /** Connects to a {@link UnixDomainSocketAddress} or a {@link UnixAbstractAddress}. */
    public static UnixStream connect(SocketAddress address) throws ErrnoException {
        if (Addresses.family(address) != SockAddr.AF_UNIX) {
            throw new IllegalArgumentException("not a Unix socket address: " + address);
        }
        UnixStream stream = new UnixStream(open(SockAddr.AF_UNIX, SocketCalls.SOCK_STREAM));
        try {
            stream.startConnect(address);
            return stream;
        } catch (ErrnoException | RuntimeException e) {
            stream.close();
            throw e;
        }
    }

    /** A new, unconnected Unix stream socket, to {@link #startConnect} yourself. */
    public static UnixStream open() throws ErrnoException {
        return new UnixStream(open(SockAddr.AF_UNIX, SocketCalls.SOCK_STREAM));
    }

    /**
     * Connects this socket to a {@link UnixDomainSocketAddress} or {@link UnixAbstractAddress}:
     * a Unix connect completes at once (true) or fails at once.
     *
     * @throws ErrnoException ENOENT, ECONNREFUSED, or EAGAIN when the listener's backlog is full
     */
    public boolean startConnect(SocketAddress address) throws ErrnoException {
        if (Addresses.family(address) != SockAddr.AF_UNIX) {
            throw new IllegalArgumentException("not a Unix socket address: " + address);
        }
        return super.startConnect(address);
    }

    /** Connects to the socket file at {@code path}. */
    public static UnixStream connect(Path path) throws ErrnoException {
        return connect(UnixDomainSocketAddress.of(path));
    }

    /** socketpair(2): two connected ends, both non-blocking and close-on-exec. */
    public static UnixStream[] pair() throws ErrnoException {
        int[] fds = new int[2];
        ErrnoException.check(SocketCalls.socketpair(SockAddr.AF_UNIX, SocketCalls.SOCK_STREAM
                | SocketCalls.SOCK_NONBLOCK | SocketCalls.SOCK_CLOEXEC, 0, fds), "socketpair(AF_UNIX)");
        return new UnixStream[] {new UnixStream(fds[0]), new UnixStream(fds[1])};
    }
}
