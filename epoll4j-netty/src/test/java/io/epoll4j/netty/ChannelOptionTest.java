package io.epoll4j.netty;

import io.epoll4j.poll.Trigger;
import io.epoll4j.fd.ErrnoException;
import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketProtocolFamily;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetSocketAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** epoll4j's own channel options, and the standard ones, as the kernel sees them. */
class ChannelOptionTest {
    @RegisterExtension
    static final Epoll4jGroup loops = new Epoll4jGroup(1);

    @Test
    void soReusePortLetsTwoListenersBindOnePortAndWithoutItTheSecondIsRefused() throws Exception {
        Channel first = Channels.server(loops.group(), new Channels.Echo()).option(Epoll4jChannelOption.SO_REUSEPORT, true)
                .bind(Channels.LOOPBACK).sync().channel();
        InetSocketAddress taken = Channels.address(first);
        Channel second = Channels.server(loops.group(), new Channels.Echo()).option(Epoll4jChannelOption.SO_REUSEPORT, true)
                .bind(taken).sync().channel();
        assertEquals(taken.getPort(), Channels.address(second).getPort());
        assertTrue(second.config().getOption(Epoll4jChannelOption.SO_REUSEPORT));
        ChannelFuture third = Channels.server(loops.group(), new Channels.Echo()).bind(taken).await();
        assertFalse(third.isSuccess());
        assertTrue(third.cause().getMessage().contains("EADDRINUSE"), third.cause().getMessage());
        second.close().sync();
        first.close().sync();
    }

    @Test
    void listenerOptionsReadBackWhatWasSet() throws Exception {
        Channel server = Channels.server(loops.group(), new Channels.Echo())
                .option(ChannelOption.TCP_FASTOPEN, 16)
                .option(ChannelOption.SO_BACKLOG, 7)
                .option(ChannelOption.SO_RCVBUF, 64 * 1024)
                .bind(Channels.LOOPBACK).sync().channel();
        assertEquals(16, server.config().getOption(Epoll4jChannelOption.TCP_FASTOPEN));
        assertEquals(7, server.config().getOption(ChannelOption.SO_BACKLOG));
        assertTrue(server.config().getOption(ChannelOption.SO_REUSEADDR), "SO_REUSEADDR is on by default");
        // socket(7): the kernel doubles SO_RCVBUF for its bookkeeping.
        assertEquals(128 * 1024, server.config().getOption(ChannelOption.SO_RCVBUF));
        server.close().sync();
    }

    @Test
    void connectionOptionsReachTheKernel() throws Exception {
        Channel server = Channels.server(loops.group(), new Channels.Echo()).bind(Channels.LOOPBACK).sync().channel();
        Channel client = Channels.client(loops.group(), new ChannelInboundHandlerAdapter())
                .option(ChannelOption.TCP_FASTOPEN_CONNECT, true)
                .option(Epoll4jChannelOption.TCP_QUICKACK, true)
                .option(Epoll4jChannelOption.SO_BUSY_POLL, 50)
                .option(ChannelOption.IP_TOS, 0x10)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.SO_LINGER, 3)
                .connect(Channels.address(server)).sync().channel();
        var config = client.config();
        assertTrue(config.getOption(ChannelOption.TCP_NODELAY), "TCP_NODELAY is on by default");
        assertTrue(config.getOption(ChannelOption.TCP_FASTOPEN_CONNECT));
        assertEquals(50, config.getOption(Epoll4jChannelOption.SO_BUSY_POLL));
        assertEquals(0x10, config.getOption(ChannelOption.IP_TOS));
        assertTrue(config.getOption(ChannelOption.SO_KEEPALIVE));
        assertEquals(3, config.getOption(ChannelOption.SO_LINGER));
        // TCP_QUICKACK is not sticky (tcp(7)): it reads back as the kernel's current mode.
        assertNotNull(config.getOption(Epoll4jChannelOption.TCP_QUICKACK));
        assertTrue(config.getOptions().containsKey(Epoll4jChannelOption.TRIGGER));
        assertTrue(config.getOptions().containsKey(Epoll4jChannelOption.SO_REUSEPORT));
        client.close().sync();
        server.close().sync();
    }

    @Test
    void ipTosOnAnIpv6SocketIsTheTrafficClass() throws Exception {
        Epoll4jSocketChannel channel = new Epoll4jSocketChannel(SocketProtocolFamily.INET6);
        try {
            channel.config().setTrafficClass(0x28);
            assertEquals(0x28, channel.config().getTrafficClass());
        } finally {
            channel.unsafe().closeForcibly();
        }
    }

    @Test
    void theTriggerIsLevelByDefaultAndOnlyLevelOrEdge() {
        Epoll4jSocketChannel channel = new Epoll4jSocketChannel();
        try {
            assertEquals(Trigger.LEVEL, channel.config().getOption(Epoll4jChannelOption.TRIGGER));
            assertTrue(channel.config().setOption(Epoll4jChannelOption.TRIGGER, Trigger.EDGE));
            assertEquals(Trigger.EDGE, channel.config().getTrigger());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> channel.config().setTrigger(Trigger.EDGE.oneShot()));
            assertTrue(e.getMessage().contains("LEVEL or Trigger.EDGE"), e.getMessage());
        } finally {
            channel.unsafe().closeForcibly();
        }
    }

    @Test
    void aSocketOptionTheKernelRefusesIsAChannelExceptionNamingOptionAndErrno() {
        Epoll4jServerSocketChannel channel = new Epoll4jServerSocketChannel();
        try {
            // tcp(7): a negative TCP_FASTOPEN queue length is EINVAL.
            ChannelException e = assertThrows(ChannelException.class,
                    () -> channel.config().setOption(ChannelOption.TCP_FASTOPEN, -1));
            ErrnoException cause = assertInstanceOf(ErrnoException.class, e.getCause());
            assertEquals(ErrnoException.EINVAL, cause.errno());
            assertTrue(cause.getMessage().contains("TCP_FASTOPEN"), cause.getMessage());
        } finally {
            channel.unsafe().closeForcibly();
        }
    }
}
