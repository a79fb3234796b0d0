package io.epoll4j.fd;

import io.epoll4j.sys.SockAddr;
import io.epoll4j.sys.SocketCalls;

import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;

/**
 * A listening Unix domain stream socket (unix(7)), bound to a path or an abstract name.
 *
 * {@snippet :
 * try (UnixListener listener = UnixListener.listen(Path.of("/tmp/app.sock"))) {
 *     poller.register(listener, 0L, Interest.READABLE, Trigger.LEVEL);
 *     // ... on each readable event:
 *     UnixStream client;
 *     while ((client = listener.accept()) != null) {
 *         serve(client);
 *     }
 * }
 * }
 *
 * <p>Binding a path creates the socket file; bind fails with EADDRINUSE if the file exists,
 * and closing the listener does not remove it: unlink it yourself. An abstract name
 * ({@link UnixAbstractAddress}) has no file and disappears with the last socket bound to it.
 */
public final class UnixListener extends SocketFd {
    private UnixListener(int fd) {
        super(fd);
    }

    /**
     * Binds to a {@link UnixDomainSocketAddress} or {@link UnixAbstractAddress} and listens
     * with the largest backlog the kernel allows.
     */
    public static UnixListener listen(SocketAddress address) throws ErrnoException {
        if (Addresses.family(address) != SockAddr.AF_UNIX) {
            throw new IllegalArgumentException("not a Unix socket address: " + address);
        }
        UnixListener listener = new UnixListener(open(SockAddr.AF_UNIX, SocketCalls.SOCK_STREAM));
        try {
            listener.bindTo(address);
            listener.listenWith(SocketCalls.SOMAXCONN);
            return listener;
        } catch (ErrnoException | RuntimeException e) {
            listener.close();
            throw e;
        }
    }

    /** A new, unbound Unix stream socket, to {@link #bind} and {@link #listen(int)} yourself. */
    public static UnixListener open() throws ErrnoException {
        return new UnixListener(open(SockAddr.AF_UNIX, SocketCalls.SOCK_STREAM));
    }

    /**
     * bind(2) to a {@link UnixDomainSocketAddress} (creates the socket file) or a
     * {@link UnixAbstractAddress}.
     *
     * @throws IllegalArgumentException for any other kind of address
     */
    public void bind(SocketAddress address) throws ErrnoException {
        if (Addresses.family(address) != SockAddr.AF_UNIX) {
            throw new IllegalArgumentException("not a Unix socket address: " + address);
        }
        bindTo(address);
    }

    /** listen(2): {@code backlog} is capped by the kernel at net.core.somaxconn. */
    public void listen(int backlog) throws ErrnoException {
        listenWith(backlog);
    }

    /** Binds to the socket file {@code path} (which must not exist) and listens. */
    public static UnixListener listen(Path path) throws ErrnoException {
        return listen(UnixDomainSocketAddress.of(path));
    }

    /**
     * Takes the next connection from the queue.
     *
     * @return the connection, or null if none is waiting
     * @throws ErrnoException EMFILE or ENFILE when out of file descriptors
     */
    public UnixStream accept() throws ErrnoException {
        int fd = Accept.next(this);
        return fd < 0 ? null : new UnixStream(fd);
    }
}
