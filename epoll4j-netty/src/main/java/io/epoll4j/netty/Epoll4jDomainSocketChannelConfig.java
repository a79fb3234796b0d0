package io.epoll4j.netty;

import io.epoll4j.fd.SockOpt;
import io.epoll4j.poll.Trigger;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.MessageSizeEstimator;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.DuplexChannelConfig;

import java.util.Map;

/**
 * The configuration of an {@link Epoll4jDomainSocketChannel}: {@code SO_SNDBUF},
 * {@code SO_RCVBUF}, {@code ALLOW_HALF_CLOSURE} and the trigger.
 *
 * {@snippet :
 * bootstrap.option(ChannelOption.ALLOW_HALF_CLOSURE, true)
 *          .option(ChannelOption.SO_SNDBUF, 256 * 1024);
 * }
 *
 * <p>Bytes only: passing file descriptors (Netty's {@code DOMAIN_SOCKET_READ_MODE}) is not
 * supported.
 */
public final class Epoll4jDomainSocketChannelConfig extends StreamChannelConfig implements DuplexChannelConfig {
    private static final Map<ChannelOption<?>, SockOpt<?>> OPTIONS = Map.of(
            ChannelOption.SO_RCVBUF, SockOpt.SO_RCVBUF,
            ChannelOption.SO_SNDBUF, SockOpt.SO_SNDBUF);

    Epoll4jDomainSocketChannelConfig(Epoll4jDomainSocketChannel channel) {
        super(channel, new AdaptiveRecvByteBufAllocator());
    }

    @Override
    Map<ChannelOption<?>, SockOpt<?>> socketOptions() {
        return OPTIONS;
    }

    /** SO_SNDBUF of the socket, as the kernel reports it. */
    public int getSendBufferSize() {
        return getInt(SockOpt.SO_SNDBUF);
    }

    /** Sets SO_SNDBUF (the kernel doubles it). */
    public Epoll4jDomainSocketChannelConfig setSendBufferSize(int sendBufferSize) {
        set(SockOpt.SO_SNDBUF, sendBufferSize);
        return this;
    }

    /** SO_RCVBUF of the socket, as the kernel reports it. */
    public int getReceiveBufferSize() {
        return getInt(SockOpt.SO_RCVBUF);
    }

    /** Sets SO_RCVBUF (the kernel doubles it). */
    public Epoll4jDomainSocketChannelConfig setReceiveBufferSize(int receiveBufferSize) {
        set(SockOpt.SO_RCVBUF, receiveBufferSize);
        return this;
    }

    @Override
    public Epoll4jDomainSocketChannelConfig setAllowHalfClosure(boolean allowHalfClosure) {
        allowHalfClosure(allowHalfClosure);
        return this;
    }

    @Override
    public Epoll4jDomainSocketChannelConfig setTrigger(Trigger trigger) {
        super.setTrigger(trigger);
        return this;
    }

    @Override
    @Deprecated
    public Epoll4jDomainSocketChannelConfig setMaxMessagesPerRead(int maxMessagesPerRead) {
        super.setMaxMessagesPerRead(maxMessagesPerRead);
        return this;
    }

    @Override
    public Epoll4jDomainSocketChannelConfig setWriteSpinCount(int writeSpinCount) {
        super.setWriteSpinCount(writeSpinCount);
        return this;
    }

    @Override
    public Epoll4jDomainSocketChannelConfig setAllocator(ByteBufAllocator allocator) {
        super.setAllocator(allocator);
        return this;
    }

    @Override
    public Epoll4jDomainSocketChannelConfig setRecvByteBufAllocator(RecvByteBufAllocator allocator) {
        super.setRecvByteBufAllocator(allocator);
        return this;
    }

    @Override
    public Epoll4jDomainSocketChannelConfig setAutoRead(boolean autoRead) {
        super.setAutoRead(autoRead);
        return this;
    }

    @Override
    public Epoll4jDomainSocketChannelConfig setAutoClose(boolean autoClose) {
        super.setAutoClose(autoClose);
        return this;
    }

    @Override
    public Epoll4jDomainSocketChannelConfig setMessageSizeEstimator(MessageSizeEstimator estimator) {
        super.setMessageSizeEstimator(estimator);
        return this;
    }

    @Override
    public Epoll4jDomainSocketChannelConfig setWriteBufferWaterMark(WriteBufferWaterMark writeBufferWaterMark) {
        super.setWriteBufferWaterMark(writeBufferWaterMark);
        return this;
    }
}
