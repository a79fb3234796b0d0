package io.epoll4j.netty;

import io.epoll4j.fd.ErrnoException;
import io.epoll4j.fd.UnixListener;
import io.epoll4j.fd.UnixStream;
import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.unix.DomainSocketAddress;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Unix domain stream listener on epoll4j, bound with Netty's {@link DomainSocketAddress};
 * its children are {@link Epoll4jDomainSocketChannel}s.
 *
 * {@snippet :
 * Channel server = new ServerBootstrap()
 *         .group(group)
 *         .channel(Epoll4jServerDomainSocketChannel.class)
 *         .childHandler(initializer)
 *         .bind(new DomainSocketAddress("/run/app.sock")).sync().channel();
 * }
 *
 * <p>Closing the channel removes the socket file it bound, as Netty's epoll transport does.
 */
public final class Epoll4jServerDomainSocketChannel extends AbstractEpoll4jServerChannel {
    private final Epoll4jServerChannelConfig config = new Epoll4jServerChannelConfig(this);

    /** A new Unix stream listener, to bind. */
    public Epoll4jServerDomainSocketChannel() {
        super(open());
    }

    private static UnixListener open() {
        try {
            return UnixListener.open();
        } catch (ErrnoException e) {
            throw new ChannelException("cannot open a Unix stream socket", e);
        }
    }

    private UnixListener listener() {
        return (UnixListener) socket;
    }

    @Override
    public Epoll4jServerChannelConfig config() {
        return config;
    }

    @Override
    public DomainSocketAddress localAddress() {
        return (DomainSocketAddress) super.localAddress();
    }

    @Override
    public DomainSocketAddress remoteAddress() {
        return null;
    }

    @Override
    protected void doBind(SocketAddress localAddress) throws Exception {
        listener().bind(DomainAddresses.toJdk(localAddress));
        listener().listen(config.getBacklog());
        local = localAddress instanceof DomainSocketAddress d ? d : DomainAddresses.toNetty(localAddress);
        active = true;
    }

    @Override
    protected void doClose() throws Exception {
        try {
            super.doClose();
        } finally {
            DomainSocketAddress bound = localAddress();
            if (bound != null && !bound.path().startsWith("\0")) {
                try {
                    Files.deleteIfExists(Path.of(bound.path()));
                } catch (IOException e) {
                    // Removing the name is a courtesy: the socket itself is closed.
                }
            }
        }
    }

    @Override
    Channel acceptChild() throws ErrnoException {
        UnixStream stream = listener().accept();
        return stream == null ? null : new Epoll4jDomainSocketChannel(this, stream);
    }
}
