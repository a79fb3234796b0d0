package io.epoll4j.fd;

import io.epoll4j.sys.SockAddr;
import io.epoll4j.sys.SocketCalls;

import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;

/**
 * A TCP connection over IPv4 or IPv6 (tcp(7)).
 *
 * {@snippet :
 * TcpStream stream = TcpStream.connect(new InetSocketAddress("::1", port));
 * poller.register(stream, 7L, Interest.WRITABLE, Trigger.LEVEL);
 * poller.poll(events, 1_000_000_000L);
 * if (stream.finishConnect()) {                    // throws ECONNREFUSED with the address
 *     stream.setOption(SockOpt.TCP_NODELAY, true);
 * }
 * }
 *
 * <p>{@link #connect} starts a non-blocking connect: the stream returns at once, usually with
 * the handshake still in flight (connect(2) {@code EINPROGRESS}). The socket becomes writable
 * when the handshake ends either way; {@link #finishConnect()} then says which. To set options
 * that must precede the handshake (buffer sizes, for the window scale), use {@link #open},
 * set them, then {@link #startConnect}.
 */
public final class TcpStream extends StreamSocket {
    TcpStream(int fd) {
        super(fd);
    }

    /** A new, unconnected TCP socket of {@code family} ({@code INET} or {@code INET6}). */
    public static TcpStream open(StandardProtocolFamily family) throws ErrnoException {
        return new TcpStream(open(switch (family) {
            case INET -> SockAddr.AF_INET;
            case INET6 -> SockAddr.AF_INET6;
            case UNIX -> throw new IllegalArgumentException("TCP is INET or INET6; for UNIX use UnixStream");
        }, SocketCalls.SOCK_STREAM));
    }

    /**
     * Opens a socket of the address's family and starts connecting to {@code remote}.
     *
     * @throws ErrnoException if the connect fails at once (ENETUNREACH, EADDRNOTAVAIL, or
     *                        ECONNREFUSED when the kernel already knows); the socket is closed
     */
    public static TcpStream connect(InetSocketAddress remote) throws ErrnoException {
        TcpStream stream = new TcpStream(open(Addresses.family(remote), SocketCalls.SOCK_STREAM));
        try {
            stream.startConnect(remote);
            return stream;
        } catch (ErrnoException | RuntimeException e) {
            stream.close();
            throw e;
        }
    }

    /**
     * Starts connecting this socket to {@code remote}.
     *
     * @return true if connected at once, false if in progress (then see {@link #finishConnect()})
     */
    public boolean startConnect(InetSocketAddress remote) throws ErrnoException {
        return super.startConnect(remote);
    }

    /**
     * bind(2) to a local address before {@link #startConnect}: the connection leaves from that
     * address and port ({@code 0} picks a free one).
     */
    public void bind(InetSocketAddress local) throws ErrnoException {
        bindTo(local);
    }

    /** The local address and port (getsockname(2)). */
    @Override
    public InetSocketAddress localAddress() throws ErrnoException {
        return (InetSocketAddress) super.localAddress();
    }

    /** The peer's address and port (getpeername(2)); ENOTCONN before the connect completes. */
    @Override
    public InetSocketAddress peerAddress() throws ErrnoException {
        return (InetSocketAddress) super.peerAddress();
    }
}
