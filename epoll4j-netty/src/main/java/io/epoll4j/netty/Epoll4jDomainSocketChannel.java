package io.epoll4j.netty;

import io.epoll4j.fd.ErrnoException;
import io.epoll4j.fd.UnixStream;
import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.unix.DomainSocketAddress;

import java.net.SocketAddress;

/**
 * A Unix domain stream connection on epoll4j, addressed with Netty's
 * {@link DomainSocketAddress}; the child channel of an {@link Epoll4jServerDomainSocketChannel}.
 *
 * {@snippet :
 * Channel channel = new Bootstrap()
 *         .group(group)
 *         .channel(Epoll4jDomainSocketChannel.class)
 *         .handler(initializer)
 *         .connect(new DomainSocketAddress("/run/app.sock")).sync().channel();
 * }
 *
 * <p>A path that starts with a NUL character names a socket in the abstract namespace.
 * Bytes only: no file descriptor passing ({@code SCM_RIGHTS}).
 */
public final class Epoll4jDomainSocketChannel extends AbstractEpoll4jStreamChannel {
    private final Epoll4jDomainSocketChannelConfig config = new Epoll4jDomainSocketChannelConfig(this);

    /** A new, unconnected Unix stream socket. */
    public Epoll4jDomainSocketChannel() {
        super(null, open(), false);
    }

    /** An accepted connection. */
    Epoll4jDomainSocketChannel(Channel parent, UnixStream accepted) {
        super(parent, accepted, true);
        try {
            this.local = DomainAddresses.toNetty(accepted.localAddress());
            this.remote = DomainAddresses.toNetty(accepted.peerAddress());
        } catch (ErrnoException e) {
            // The peer went away between accept and now: the first read will say so.
        }
    }

    private static UnixStream open() {
        try {
            return UnixStream.open();
        } catch (ErrnoException e) {
            throw new ChannelException("cannot open a Unix stream socket", e);
        }
    }

    private UnixStream unix() {
        return (UnixStream) socket;
    }

    @Override
    public Epoll4jDomainSocketChannelConfig config() {
        return config;
    }

    @Override
    boolean isAllowHalfClosure() {
        return config.isAllowHalfClosure();
    }

    @Override
    public DomainSocketAddress localAddress() {
        return (DomainSocketAddress) super.localAddress();
    }

    @Override
    public DomainSocketAddress remoteAddress() {
        return (DomainSocketAddress) super.remoteAddress();
    }

    @Override
    protected void doBind(SocketAddress localAddress) {
        throw new UnsupportedOperationException("binding a connecting Unix socket to a local name is not supported");
    }

    @Override
    boolean startConnect(SocketAddress remoteAddress, SocketAddress localAddress) throws ErrnoException {
        if (localAddress != null) {
            doBind(localAddress);
        }
        boolean connected = unix().startConnect(DomainAddresses.toJdk(remoteAddress));
        if (connected) {
            connected(remoteAddress);
        }
        return connected;
    }

    @Override
    void connected(SocketAddress requested) throws ErrnoException {
        remote = requested instanceof DomainSocketAddress d ? d : DomainAddresses.toNetty(unix().peerAddress());
        local = DomainAddresses.toNetty(unix().localAddress());
    }

    @Override
    protected Epoll4jStreamUnsafe newUnsafe() {
        return new Epoll4jStreamUnsafe();
    }
}
