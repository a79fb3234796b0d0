package io.epoll4j.netty;

import io.epoll4j.poll.Trigger;
import io.netty.channel.ChannelOption;
import io.netty.channel.unix.UnixChannelOption;

/**
 * The channel options epoll4j adds to Netty's standard ones.
 *
 * {@snippet :
 * new ServerBootstrap()
 *         .group(group)
 *         .channel(Epoll4jServerSocketChannel.class)
 *         .option(Epoll4jChannelOption.SO_REUSEPORT, true)          // one listener per loop
 *         .option(Epoll4jChannelOption.TCP_FASTOPEN, 256)           // TFO queue length
 *         .childOption(Epoll4jChannelOption.TRIGGER, Trigger.EDGE)  // EPOLLET per connection
 *         .childOption(Epoll4jChannelOption.TCP_QUICKACK, true)
 *         .childOption(Epoll4jChannelOption.SO_BUSY_POLL, 50);      // microseconds
 * }
 *
 * <p>{@link #TCP_FASTOPEN} is Netty's own {@link ChannelOption#TCP_FASTOPEN} (the server's
 * queue length); a client asks for Fast Open with {@link ChannelOption#TCP_FASTOPEN_CONNECT}.
 */
public final class Epoll4jChannelOption {
    /**
     * {@code SO_REUSEPORT} (socket(7)): several sockets bind the same address and port, and the
     * kernel spreads incoming connections or datagrams over them. Set before bind. The same
     * constant as Netty's {@link UnixChannelOption#SO_REUSEPORT} (and its epoll transport's).
     */
    public static final ChannelOption<Boolean> SO_REUSEPORT = UnixChannelOption.SO_REUSEPORT;

    /**
     * {@code TCP_QUICKACK} (tcp(7)): acknowledge at once instead of delaying. The kernel clears
     * it again by itself; setting it asks for quick acknowledgements now.
     */
    public static final ChannelOption<Boolean> TCP_QUICKACK = ChannelOption.valueOf(Epoll4jChannelOption.class, "TCP_QUICKACK");

    /** {@code TCP_FASTOPEN} (tcp(7)) on a listener: the length of the queue of Fast Open requests; 0 is off. */
    public static final ChannelOption<Integer> TCP_FASTOPEN = ChannelOption.TCP_FASTOPEN;

    /**
     * {@code SO_BUSY_POLL} (socket(7)): microseconds to busy-poll the device queue on a blocking
     * receive when no data is there; 0 is off. Raising it needs {@code CAP_NET_ADMIN}.
     */
    public static final ChannelOption<Integer> SO_BUSY_POLL = ChannelOption.valueOf(Epoll4jChannelOption.class, "SO_BUSY_POLL");

    /**
     * How epoll reports this channel: {@link Trigger#LEVEL} (the default, as in Netty's epoll
     * transport) or {@link Trigger#EDGE} ({@code EPOLLET}: one event per change, and the
     * channel reads until the socket would block).
     */
    public static final ChannelOption<Trigger> TRIGGER = ChannelOption.valueOf(Epoll4jChannelOption.class, "TRIGGER");

    private Epoll4jChannelOption() {}
}
