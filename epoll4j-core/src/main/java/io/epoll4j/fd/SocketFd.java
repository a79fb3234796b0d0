package io.epoll4j.fd;

import io.epoll4j.sys.SockAddr;
import io.epoll4j.sys.SocketCalls;

import java.lang.foreign.MemorySegment;
import java.net.SocketAddress;

/**
 * What every socket has: options, its local address, its pending error, binding. The types
 * to use are {@link TcpListener}, {@link TcpStream}, {@link UdpSocket}, {@link UnixListener}
 * and {@link UnixStream}.
 *
 * {@snippet :
 * try (TcpListener listener = TcpListener.listen(new InetSocketAddress("127.0.0.1", 0))) {
 *     listener.setOption(SockOpt.TCP_FASTOPEN, 16);
 *     System.out.println(listener.localAddress());       // /127.0.0.1:40123
 *     System.out.println(listener.getOption(SockOpt.SO_REUSEADDR));  // true
 * }
 * }
 *
 * <p>Every socket is created {@code SOCK_NONBLOCK | SOCK_CLOEXEC}: calls never block a thread
 * and the fd never leaks into a child process. A socket is an {@link OwnedFd}, so a
 * {@link io.epoll4j.poll.Poller} can watch it and closing it deregisters it first.
 */
public abstract sealed class SocketFd extends OwnedFd permits StreamSocket, TcpListener, UdpSocket, UnixListener {
    SocketFd(int fd) {
        super(fd);
    }

    /** socket(2) of {@code type} in {@code domain}, always non-blocking and close-on-exec. */
    static int open(int domain, int type) throws ErrnoException {
        return ErrnoException.check(SocketCalls.socket(domain, type | SocketCalls.SOCK_NONBLOCK
                | SocketCalls.SOCK_CLOEXEC, 0), "socket(" + familyName(domain) + ")");
    }

    /**
     * Sets an option (setsockopt(2)).
     *
     * @throws ErrnoException ENOPROTOOPT if this kind of socket has no such option
     * @throws IllegalArgumentException for a read-only option
     */
    public final <T> void setOption(SockOpt<T> option, T value) throws ErrnoException {
        if (option.isReadOnly()) {
            throw new IllegalArgumentException(option + " is read-only");
        }
        int n = acquire();
        try {
            int r = switch (option.kind()) {
                case BOOLEAN -> SocketCalls.setsockoptInt(n, option.level(), option.optname(),
                        (Boolean) value ? 1 : 0);
                case INT -> SocketCalls.setsockoptInt(n, option.level(), option.optname(), (Integer) value);
                case LINGER -> {
                    int seconds = (Integer) value;
                    yield SocketCalls.setsockoptLinger(n, seconds >= 0, Math.max(seconds, 0));
                }
            };
            if (r < 0) {
                // Named only on failure: describing a socket asks the kernel for its peer.
                throw new ErrnoException("setsockopt(" + describe(n) + ", " + option + ", " + value + ")", -r);
            }
        } finally {
            release();
        }
    }

    /** Reads an option (getsockopt(2)). */
    @SuppressWarnings("unchecked")
    public final <T> T getOption(SockOpt<T> option) throws ErrnoException {
        int n = acquire();
        try {
            if (option.kind() == SockOpt.Kind.LINGER) {
                int[] linger = new int[2];
                int r = SocketCalls.getsockoptLinger(n, linger);
                if (r < 0) {
                    throw getsockoptFailure(n, option.toString(), r);
                }
                return (T) Integer.valueOf(linger[0] == 0 ? -1 : linger[1]);
            }
            long value = SocketCalls.getsockoptInt(n, option.level(), option.optname());
            if (value < 0) {
                throw getsockoptFailure(n, option.toString(), value);
            }
            return option.kind() == SockOpt.Kind.BOOLEAN ? (T) Boolean.valueOf(value != 0) : (T) Integer.valueOf((int) value);
        } finally {
            release();
        }
    }

    /**
     * Reads and clears the pending error ({@code SO_ERROR}): the errno of an asynchronous failure
     * such as a refused connect, or 0.
     */
    public final int pendingError() throws ErrnoException {
        int n = acquire();
        try {
            long r = SocketCalls.getsockoptInt(n, SocketCalls.SOL_SOCKET, SocketCalls.SO_ERROR);
            if (r < 0) {
                throw getsockoptFailure(n, "SO_ERROR", r);
            }
            return (int) r;
        } finally {
            release();
        }
    }

    /** A failed getsockopt, named only now: describing a socket asks the kernel for its peer. */
    private ErrnoException getsockoptFailure(int n, String option, long r) {
        return new ErrnoException("getsockopt(" + describe(n) + ", " + option + ")", (int) -r);
    }

    /**
     * The address this socket is bound to (getsockname(2)): an
     * {@link java.net.InetSocketAddress}, a {@link java.net.UnixDomainSocketAddress} (empty
     * path when unnamed) or a {@link UnixAbstractAddress}.
     */
    public SocketAddress localAddress() throws ErrnoException {
        int n = acquire();
        try {
            int len = SocketCalls.getsockname(n);
            if (len < 0) {
                throw new ErrnoException("getsockname(fd " + n + ")", -len);
            }
            return Addresses.decode(SocketCalls.addressScratch(), len);
        } finally {
            release();
        }
    }

    /** bind(2) to {@code address}. */
    final void bindTo(SocketAddress address) throws ErrnoException {
        int n = acquire();
        try {
            MemorySegment sockaddr = SocketCalls.addressScratch();
            int len = Addresses.encode(address, sockaddr);
            ErrnoException.check(SocketCalls.bind(n, sockaddr, len), "bind(fd " + n + ", " + Addresses.describe(address) + ")");
        } finally {
            release();
        }
    }

    /** listen(2) with {@code backlog} (the kernel caps it at net.core.somaxconn). */
    final void listenWith(int backlog) throws ErrnoException {
        int n = acquire();
        try {
            ErrnoException.check(SocketCalls.listen(n, backlog), "listen(fd " + n + ", " + backlog + ")");
        } finally {
            release();
        }
    }

    static String familyName(int domain) {
        return switch (domain) {
            case SockAddr.AF_INET -> "AF_INET";
            case SockAddr.AF_INET6 -> "AF_INET6";
            case SockAddr.AF_UNIX -> "AF_UNIX";
            default -> "family " + domain;
        };
    }
}
