package io.epoll4j.netty;

import io.epoll4j.fd.ErrnoException;
import io.epoll4j.fd.TcpStream;
import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.util.concurrent.Executor;

/**
 * A TCP connection on epoll4j, IPv4 or IPv6: the {@link SocketChannel} of this transport, for
 * a {@code Bootstrap}'s {@code channel(...)} and as the child of an
 * {@link Epoll4jServerSocketChannel}.
 *
 * {@snippet :
 * Channel channel = new Bootstrap()
 *         .group(group)                                   // Epoll4jIoHandler.newFactory()
 *         .channel(Epoll4jSocketChannel.class)
 *         .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 2_000)
 *         .handler(initializer)
 *         .connect("127.0.0.1", 8080).sync().channel();
 * }
 *
 * <p>Errors carry the syscall and the errno's name: a refused connect is a
 * {@link java.net.ConnectException} such as {@code connect(/127.0.0.1:1): ECONNREFUSED
 * (Connection refused)}, a reset or broken pipe the {@link ErrnoException} of the call.
 */
public final class Epoll4jSocketChannel extends AbstractEpoll4jStreamChannel implements SocketChannel {
    private final Epoll4jSocketChannelConfig config;
    private final StandardProtocolFamily family;

    /** A new socket: IPv6 reaching IPv4 peers too (dual-stack), or IPv4 on a kernel without IPv6. */
    public Epoll4jSocketChannel() {
        this(InetAddresses.DEFAULT_FAMILY);
    }

    /** A new socket of {@code family} ({@link SocketProtocolFamily#INET} or {@code INET6}). */
    public Epoll4jSocketChannel(SocketProtocolFamily family) {
        this(InetAddresses.ipFamily(family, "TCP is INET or INET6; for UNIX use Epoll4jDomainSocketChannel"));
    }

    /** A new socket of {@code family}. */
    public Epoll4jSocketChannel(StandardProtocolFamily family) {
        super(null, InetAddresses.openDualStack(TcpStream::open, family, "a TCP socket"), false);
        this.family = family;
        this.config = new Epoll4jSocketChannelConfig(this, InetAddresses.isIpv6(family));
    }

    /** An accepted connection. */
    Epoll4jSocketChannel(Channel parent, TcpStream accepted, StandardProtocolFamily family, InetSocketAddress remote)
            throws ErrnoException {
        super(parent, accepted, true);
        this.family = family;
        this.local = accepted.localAddress();
        this.remote = remote;
        this.config = new Epoll4jSocketChannelConfig(this, InetAddresses.isIpv6(family));
    }

    private TcpStream tcp() {
        return (TcpStream) socket;
    }

    @Override
    public Epoll4jSocketChannelConfig config() {
        return config;
    }

    @Override
    boolean isAllowHalfClosure() {
        return config.isAllowHalfClosure();
    }

    @Override
    public ServerSocketChannel parent() {
        return (ServerSocketChannel) super.parent();
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) super.localAddress();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) super.remoteAddress();
    }

    @Override
    protected void doBind(SocketAddress localAddress) throws Exception {
        tcp().bind(InetAddresses.forSocket(localAddress, family));
        local = tcp().localAddress();
    }

    @Override
    boolean startConnect(SocketAddress remoteAddress, SocketAddress localAddress) throws ErrnoException {
        if (localAddress != null) {
            tcp().bind(InetAddresses.forSocket(localAddress, family));
        }
        boolean connected = tcp().startConnect(InetAddresses.forSocket(remoteAddress, family));
        // The local address is known once connect(2) bound the socket, connected or not.
        local = tcp().localAddress();
        if (connected) {
            connected(remoteAddress);
        }
        return connected;
    }

    @Override
    void connected(SocketAddress requested) throws ErrnoException {
        InetSocketAddress peer = tcp().peerAddress();
        InetSocketAddress asked = (InetSocketAddress) requested;
        // Keep the host name the user gave; the kernel only knows the address.
        remote = asked != null && asked.getAddress().equals(peer.getAddress()) ? asked : peer;
        local = tcp().localAddress();
    }

    /** With SO_LINGER on, close(2) may block: it then runs off the loop, as in Netty's transports. */
    @Override
    protected Epoll4jStreamUnsafe newUnsafe() {
        return new Epoll4jStreamUnsafe() {
            @Override
            protected Executor prepareToClose() {
                try {
                    if (isOpen() && config.getSoLinger() > 0) {
                        doDeregister();
                        return io.netty.util.concurrent.GlobalEventExecutor.INSTANCE;
                    }
                } catch (ChannelException ignored) {
                    // The option cannot be read: close on the loop as usual.
                }
                return null;
            }
        };
    }
}
