package io.epoll4j.netty;

import io.epoll4j.fd.SockOpt;
import io.epoll4j.poll.Trigger;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.MessageSizeEstimator;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannelConfig;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The configuration of an {@link Epoll4jSocketChannel}: Netty's {@link SocketChannelConfig}
 * plus {@link Epoll4jChannelOption}'s {@code SO_REUSEPORT}, {@code TCP_QUICKACK},
 * {@code SO_BUSY_POLL} and {@code TRIGGER}, and {@link ChannelOption#TCP_FASTOPEN_CONNECT}.
 *
 * {@snippet :
 * Epoll4jSocketChannelConfig config = (Epoll4jSocketChannelConfig) channel.config();
 * config.setTcpNoDelay(true).setKeepAlive(true);
 * config.setOption(Epoll4jChannelOption.TCP_QUICKACK, true);
 * }
 *
 * <p>{@code TCP_NODELAY} is on by default, as in Netty's other transports. {@code IP_TOS} is
 * {@code IPV6_TCLASS} on an IPv6 socket.
 */
public final class Epoll4jSocketChannelConfig extends StreamChannelConfig implements SocketChannelConfig {
    private static final Map<ChannelOption<?>, SockOpt<?>> V4 = options(SockOpt.IP_TOS);
    private static final Map<ChannelOption<?>, SockOpt<?>> V6 = options(SockOpt.IPV6_TCLASS);

    private final Map<ChannelOption<?>, SockOpt<?>> socketOptions;
    Epoll4jSocketChannelConfig(Epoll4jSocketChannel channel, boolean ipv6) {
        super(channel, new io.netty.channel.AdaptiveRecvByteBufAllocator());
        this.socketOptions = ipv6 ? V6 : V4;
        setTcpNoDelay(true);
    }

    private static Map<ChannelOption<?>, SockOpt<?>> options(SockOpt<Integer> trafficClass) {
        Map<ChannelOption<?>, SockOpt<?>> m = new LinkedHashMap<>();
        m.put(ChannelOption.SO_RCVBUF, SockOpt.SO_RCVBUF);
        m.put(ChannelOption.SO_SNDBUF, SockOpt.SO_SNDBUF);
        m.put(ChannelOption.TCP_NODELAY, SockOpt.TCP_NODELAY);
        m.put(ChannelOption.SO_KEEPALIVE, SockOpt.SO_KEEPALIVE);
        m.put(ChannelOption.SO_REUSEADDR, SockOpt.SO_REUSEADDR);
        m.put(ChannelOption.SO_LINGER, SockOpt.SO_LINGER);
        m.put(ChannelOption.IP_TOS, trafficClass);
        m.put(ChannelOption.TCP_FASTOPEN_CONNECT, SockOpt.TCP_FASTOPEN_CONNECT);
        m.put(Epoll4jChannelOption.SO_REUSEPORT, SockOpt.SO_REUSEPORT);
        m.put(Epoll4jChannelOption.TCP_QUICKACK, SockOpt.TCP_QUICKACK);
        m.put(Epoll4jChannelOption.SO_BUSY_POLL, SockOpt.SO_BUSY_POLL);
        return Map.copyOf(m);
    }

    @Override
    Map<ChannelOption<?>, SockOpt<?>> socketOptions() {
        return socketOptions;
    }

    @Override
    public boolean isTcpNoDelay() {
        return getBoolean(SockOpt.TCP_NODELAY);
    }

    @Override
    public Epoll4jSocketChannelConfig setTcpNoDelay(boolean tcpNoDelay) {
        set(SockOpt.TCP_NODELAY, tcpNoDelay);
        return this;
    }

    @Override
    public int getSoLinger() {
        return getInt(SockOpt.SO_LINGER);
    }

    @Override
    public Epoll4jSocketChannelConfig setSoLinger(int soLinger) {
        set(SockOpt.SO_LINGER, soLinger);
        return this;
    }

    @Override
    public int getSendBufferSize() {
        return getInt(SockOpt.SO_SNDBUF);
    }

    @Override
    public Epoll4jSocketChannelConfig setSendBufferSize(int sendBufferSize) {
        set(SockOpt.SO_SNDBUF, sendBufferSize);
        return this;
    }

    @Override
    public int getReceiveBufferSize() {
        return getInt(SockOpt.SO_RCVBUF);
    }

    @Override
    public Epoll4jSocketChannelConfig setReceiveBufferSize(int receiveBufferSize) {
        set(SockOpt.SO_RCVBUF, receiveBufferSize);
        return this;
    }

    @Override
    public boolean isKeepAlive() {
        return getBoolean(SockOpt.SO_KEEPALIVE);
    }

    @Override
    public Epoll4jSocketChannelConfig setKeepAlive(boolean keepAlive) {
        set(SockOpt.SO_KEEPALIVE, keepAlive);
        return this;
    }

    @Override
    public int getTrafficClass() {
        return getOption(ChannelOption.IP_TOS);
    }

    @Override
    public Epoll4jSocketChannelConfig setTrafficClass(int trafficClass) {
        setOption(ChannelOption.IP_TOS, trafficClass);
        return this;
    }

    @Override
    public boolean isReuseAddress() {
        return getBoolean(SockOpt.SO_REUSEADDR);
    }

    @Override
    public Epoll4jSocketChannelConfig setReuseAddress(boolean reuseAddress) {
        set(SockOpt.SO_REUSEADDR, reuseAddress);
        return this;
    }

    /** TCP has no use for the hint: accepted, ignored, as by the JDK on Linux. */
    @Override
    public Epoll4jSocketChannelConfig setPerformancePreferences(int connectionTime, int latency, int bandwidth) {
        return this;
    }

    @Override
    public Epoll4jSocketChannelConfig setAllowHalfClosure(boolean allowHalfClosure) {
        allowHalfClosure(allowHalfClosure);
        return this;
    }

    @Override
    public Epoll4jSocketChannelConfig setTrigger(Trigger trigger) {
        super.setTrigger(trigger);
        return this;
    }

    @Override
    public Epoll4jSocketChannelConfig setConnectTimeoutMillis(int connectTimeoutMillis) {
        super.setConnectTimeoutMillis(connectTimeoutMillis);
        return this;
    }

    @Override
    @Deprecated
    public Epoll4jSocketChannelConfig setMaxMessagesPerRead(int maxMessagesPerRead) {
        super.setMaxMessagesPerRead(maxMessagesPerRead);
        return this;
    }

    @Override
    public Epoll4jSocketChannelConfig setWriteSpinCount(int writeSpinCount) {
        super.setWriteSpinCount(writeSpinCount);
        return this;
    }

    @Override
    public Epoll4jSocketChannelConfig setAllocator(ByteBufAllocator allocator) {
        super.setAllocator(allocator);
        return this;
    }

    @Override
    public Epoll4jSocketChannelConfig setRecvByteBufAllocator(RecvByteBufAllocator allocator) {
        super.setRecvByteBufAllocator(allocator);
        return this;
    }

    @Override
    public Epoll4jSocketChannelConfig setAutoRead(boolean autoRead) {
        super.setAutoRead(autoRead);
        return this;
    }

    @Override
    public Epoll4jSocketChannelConfig setAutoClose(boolean autoClose) {
        super.setAutoClose(autoClose);
        return this;
    }

    @Override
    public Epoll4jSocketChannelConfig setMessageSizeEstimator(MessageSizeEstimator estimator) {
        super.setMessageSizeEstimator(estimator);
        return this;
    }

    @Override
    public Epoll4jSocketChannelConfig setWriteBufferWaterMark(WriteBufferWaterMark writeBufferWaterMark) {
        super.setWriteBufferWaterMark(writeBufferWaterMark);
        return this;
    }
}
