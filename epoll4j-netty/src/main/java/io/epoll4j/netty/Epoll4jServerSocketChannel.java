package io.epoll4j.netty;

import io.epoll4j.fd.ErrnoException;
import io.epoll4j.fd.TcpListener;
import io.epoll4j.fd.TcpStream;
import io.netty.channel.Channel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;

/**
 * A TCP listener on epoll4j, IPv4 or IPv6: the {@link ServerSocketChannel} of this transport,
 * whose children are {@link Epoll4jSocketChannel}s. One of the two lines that move a Netty
 * server onto epoll4j.
 *
 * {@snippet :
 * EventLoopGroup group = new MultiThreadIoEventLoopGroup(Epoll4jIoHandler.newFactory());
 * Channel server = new ServerBootstrap()
 *         .group(group)
 *         .channel(Epoll4jServerSocketChannel.class)
 *         .option(ChannelOption.SO_BACKLOG, 1024)
 *         .childHandler(initializer)
 *         .bind(8080).sync().channel();
 * }
 */
public final class Epoll4jServerSocketChannel extends AbstractEpoll4jServerChannel implements ServerSocketChannel {
    private final StandardProtocolFamily family;
    private final Epoll4jServerSocketChannelConfig config;

    /** A listener that takes IPv6 and IPv4 connections (or IPv4 only, on a kernel without IPv6). */
    public Epoll4jServerSocketChannel() {
        this(InetAddresses.DEFAULT_FAMILY);
    }

    /** A listener of {@code family} ({@code INET} or {@code INET6}). */
    public Epoll4jServerSocketChannel(SocketProtocolFamily family) {
        this(InetAddresses.ipFamily(family, "TCP is INET or INET6; for UNIX use Epoll4jServerDomainSocketChannel"));
    }

    /** A listener of {@code family}. */
    public Epoll4jServerSocketChannel(StandardProtocolFamily family) {
        super(InetAddresses.openDualStack(TcpListener::open, family, "a TCP listener"));
        this.family = family;
        this.config = new Epoll4jServerSocketChannelConfig(this);
    }

    private TcpListener listener() {
        return (TcpListener) socket;
    }

    @Override
    public Epoll4jServerSocketChannelConfig config() {
        return config;
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) super.localAddress();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return null;
    }

    @Override
    protected void doBind(SocketAddress localAddress) throws Exception {
        listener().bind(InetAddresses.forSocket(localAddress, family));
        listener().listen(config.getBacklog());
        local = listener().localAddress();
        active = true;
    }

    @Override
    Channel acceptChild() throws ErrnoException {
        TcpStream stream = listener().accept();
        if (stream == null) {
            return null;
        }
        try {
            return new Epoll4jSocketChannel(this, stream, family, stream.peerAddress());
        } catch (ErrnoException | RuntimeException e) {
            // ENOTCONN: the peer reset it between accept and now; the next one may be fine.
            stream.close();
            if (e instanceof ErrnoException errno && errno.errno() == ErrnoException.ENOTCONN) {
                return acceptChild();
            }
            throw e;
        }
    }
}
