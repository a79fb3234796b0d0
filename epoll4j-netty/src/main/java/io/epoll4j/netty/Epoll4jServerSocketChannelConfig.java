package io.epoll4j.netty;

import io.epoll4j.fd.SockOpt;
import io.epoll4j.poll.Trigger;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.MessageSizeEstimator;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.ServerSocketChannelConfig;

import java.util.Map;

/**
 * The configuration of an {@link Epoll4jServerSocketChannel}: Netty's
 * {@link ServerSocketChannelConfig} ({@code SO_BACKLOG}, {@code SO_REUSEADDR},
 * {@code SO_RCVBUF}) plus {@link Epoll4jChannelOption#SO_REUSEPORT},
 * {@link Epoll4jChannelOption#TCP_FASTOPEN} and the trigger.
 *
 * {@snippet :
 * serverBootstrap.option(ChannelOption.SO_BACKLOG, 4096)
 *                .option(Epoll4jChannelOption.SO_REUSEPORT, true);
 * }
 *
 * <p>{@code SO_REUSEADDR} is on by default, and the backlog is the kernel's somaxconn, as in
 * Netty's epoll transport.
 */
public final class Epoll4jServerSocketChannelConfig extends ListenerChannelConfig implements ServerSocketChannelConfig {
    private static final Map<ChannelOption<?>, SockOpt<?>> OPTIONS = Map.of(
            ChannelOption.SO_RCVBUF, SockOpt.SO_RCVBUF,
            ChannelOption.SO_REUSEADDR, SockOpt.SO_REUSEADDR,
            ChannelOption.TCP_FASTOPEN, SockOpt.TCP_FASTOPEN,
            Epoll4jChannelOption.SO_REUSEPORT, SockOpt.SO_REUSEPORT);

    Epoll4jServerSocketChannelConfig(Epoll4jServerSocketChannel channel) {
        super(channel);
        setReuseAddress(true);
    }

    @Override
    Map<ChannelOption<?>, SockOpt<?>> socketOptions() {
        return OPTIONS;
    }

    /** The listen(2) backlog; used at bind. */
    @Override
    public Epoll4jServerSocketChannelConfig setBacklog(int backlog) {
        backlog(backlog);
        return this;
    }

    @Override
    public boolean isReuseAddress() {
        return getBoolean(SockOpt.SO_REUSEADDR);
    }

    @Override
    public Epoll4jServerSocketChannelConfig setReuseAddress(boolean reuseAddress) {
        set(SockOpt.SO_REUSEADDR, reuseAddress);
        return this;
    }

    @Override
    public int getReceiveBufferSize() {
        return getInt(SockOpt.SO_RCVBUF);
    }

    @Override
    public Epoll4jServerSocketChannelConfig setReceiveBufferSize(int receiveBufferSize) {
        set(SockOpt.SO_RCVBUF, receiveBufferSize);
        return this;
    }

    /** Accepted and ignored, as by the JDK on Linux. */
    @Override
    public Epoll4jServerSocketChannelConfig setPerformancePreferences(int connectionTime, int latency, int bandwidth) {
        return this;
    }

    @Override
    public Epoll4jServerSocketChannelConfig setTrigger(Trigger trigger) {
        super.setTrigger(trigger);
        return this;
    }

    @Override
    public Epoll4jServerSocketChannelConfig setConnectTimeoutMillis(int connectTimeoutMillis) {
        super.setConnectTimeoutMillis(connectTimeoutMillis);
        return this;
    }

    @Override
    @Deprecated
    public Epoll4jServerSocketChannelConfig setMaxMessagesPerRead(int maxMessagesPerRead) {
        super.setMaxMessagesPerRead(maxMessagesPerRead);
        return this;
    }

    @Override
    public Epoll4jServerSocketChannelConfig setWriteSpinCount(int writeSpinCount) {
        super.setWriteSpinCount(writeSpinCount);
        return this;
    }

    @Override
    public Epoll4jServerSocketChannelConfig setAllocator(ByteBufAllocator allocator) {
        super.setAllocator(allocator);
        return this;
    }

    @Override
    public Epoll4jServerSocketChannelConfig setRecvByteBufAllocator(RecvByteBufAllocator allocator) {
        super.setRecvByteBufAllocator(allocator);
        return this;
    }

    @Override
    public Epoll4jServerSocketChannelConfig setAutoRead(boolean autoRead) {
        super.setAutoRead(autoRead);
        return this;
    }

    @Override
    public Epoll4jServerSocketChannelConfig setMessageSizeEstimator(MessageSizeEstimator estimator) {
        super.setMessageSizeEstimator(estimator);
        return this;
    }

    @Override
    @Deprecated
    public Epoll4jServerSocketChannelConfig setWriteBufferHighWaterMark(int writeBufferHighWaterMark) {
        super.setWriteBufferHighWaterMark(writeBufferHighWaterMark);
        return this;
    }

    @Override
    @Deprecated
    public Epoll4jServerSocketChannelConfig setWriteBufferLowWaterMark(int writeBufferLowWaterMark) {
        super.setWriteBufferLowWaterMark(writeBufferLowWaterMark);
        return this;
    }

    @Override
    public Epoll4jServerSocketChannelConfig setWriteBufferWaterMark(WriteBufferWaterMark writeBufferWaterMark) {
        super.setWriteBufferWaterMark(writeBufferWaterMark);
        return this;
    }
}
