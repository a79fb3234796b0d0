package io.epoll4j.netty;

import io.epoll4j.fd.SockOpt;
import io.epoll4j.poll.Trigger;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MessageSizeEstimator;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.DatagramChannelConfig;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.Map;

/**
 * The configuration of an {@link Epoll4jDatagramChannel}: Netty's {@link DatagramChannelConfig}
 * for unicast ({@code SO_BROADCAST}, {@code SO_RCVBUF}, {@code SO_SNDBUF},
 * {@code SO_REUSEADDR}, {@code IP_TOS}, {@code DATAGRAM_CHANNEL_ACTIVE_ON_REGISTRATION}), plus
 * {@link Epoll4jChannelOption#SO_REUSEPORT}, {@link Epoll4jChannelOption#SO_BUSY_POLL} and the
 * trigger. Datagrams are read into 2,048-byte buffers unless another allocator is set.
 *
 * {@snippet :
 * bootstrap.option(ChannelOption.SO_BROADCAST, true)
 *          .option(Epoll4jChannelOption.SO_REUSEPORT, true);
 * }
 *
 * <p>The multicast settings (loopback mode, time to live, interface) throw
 * {@link UnsupportedOperationException}: this channel is unicast only.
 */
public final class Epoll4jDatagramChannelConfig extends Epoll4jChannelConfig implements DatagramChannelConfig {
    private static final Map<ChannelOption<?>, SockOpt<?>> V4 = options(SockOpt.IP_TOS);
    private static final Map<ChannelOption<?>, SockOpt<?>> V6 = options(SockOpt.IPV6_TCLASS);

    private final Map<ChannelOption<?>, SockOpt<?>> socketOptions;
    private volatile boolean activeOnOpen;

    Epoll4jDatagramChannelConfig(Epoll4jDatagramChannel channel, boolean ipv6) {
        super(channel, new FixedRecvByteBufAllocator(2048));
        this.socketOptions = ipv6 ? V6 : V4;
    }

    private static Map<ChannelOption<?>, SockOpt<?>> options(SockOpt<Integer> trafficClass) {
        return Map.of(
                ChannelOption.SO_BROADCAST, SockOpt.SO_BROADCAST,
                ChannelOption.SO_RCVBUF, SockOpt.SO_RCVBUF,
                ChannelOption.SO_SNDBUF, SockOpt.SO_SNDBUF,
                ChannelOption.SO_REUSEADDR, SockOpt.SO_REUSEADDR,
                ChannelOption.IP_TOS, trafficClass,
                Epoll4jChannelOption.SO_REUSEPORT, SockOpt.SO_REUSEPORT,
                Epoll4jChannelOption.SO_BUSY_POLL, SockOpt.SO_BUSY_POLL);
    }

    @Override
    Map<ChannelOption<?>, SockOpt<?>> socketOptions() {
        return socketOptions;
    }

    @Override
    public Map<ChannelOption<?>, Object> getOptions() {
        return getOptions(super.getOptions(), ChannelOption.DATAGRAM_CHANNEL_ACTIVE_ON_REGISTRATION);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getOption(ChannelOption<T> option) {
        if (option == ChannelOption.DATAGRAM_CHANNEL_ACTIVE_ON_REGISTRATION) {
            return (T) Boolean.valueOf(activeOnOpen);
        }
        return super.getOption(option);
    }

    @Override
    public <T> boolean setOption(ChannelOption<T> option, T value) {
        if (option == ChannelOption.DATAGRAM_CHANNEL_ACTIVE_ON_REGISTRATION) {
            validate(option, value);
            if (channel.isRegistered()) {
                throw new IllegalStateException("DATAGRAM_CHANNEL_ACTIVE_ON_REGISTRATION is set before registration");
            }
            activeOnOpen = (Boolean) value;
            return true;
        }
        return super.setOption(option, value);
    }

    boolean isActiveOnOpen() {
        return activeOnOpen;
    }

    @Override
    public int getSendBufferSize() {
        return getInt(SockOpt.SO_SNDBUF);
    }

    @Override
    public Epoll4jDatagramChannelConfig setSendBufferSize(int sendBufferSize) {
        set(SockOpt.SO_SNDBUF, sendBufferSize);
        return this;
    }

    @Override
    public int getReceiveBufferSize() {
        return getInt(SockOpt.SO_RCVBUF);
    }

    @Override
    public Epoll4jDatagramChannelConfig setReceiveBufferSize(int receiveBufferSize) {
        set(SockOpt.SO_RCVBUF, receiveBufferSize);
        return this;
    }

    @Override
    public int getTrafficClass() {
        return getOption(ChannelOption.IP_TOS);
    }

    @Override
    public Epoll4jDatagramChannelConfig setTrafficClass(int trafficClass) {
        setOption(ChannelOption.IP_TOS, trafficClass);
        return this;
    }

    @Override
    public boolean isReuseAddress() {
        return getBoolean(SockOpt.SO_REUSEADDR);
    }

    @Override
    public Epoll4jDatagramChannelConfig setReuseAddress(boolean reuseAddress) {
        set(SockOpt.SO_REUSEADDR, reuseAddress);
        return this;
    }

    @Override
    public boolean isBroadcast() {
        return getBoolean(SockOpt.SO_BROADCAST);
    }

    @Override
    public Epoll4jDatagramChannelConfig setBroadcast(boolean broadcast) {
        set(SockOpt.SO_BROADCAST, broadcast);
        return this;
    }

    private static UnsupportedOperationException multicast() {
        return new UnsupportedOperationException("multicast options are not supported by epoll4j's datagram "
                + "channel (unicast only)");
    }

    @Override
    public boolean isLoopbackModeDisabled() {
        throw multicast();
    }

    @Override
    public Epoll4jDatagramChannelConfig setLoopbackModeDisabled(boolean loopbackModeDisabled) {
        throw multicast();
    }

    @Override
    public int getTimeToLive() {
        throw multicast();
    }

    @Override
    public Epoll4jDatagramChannelConfig setTimeToLive(int ttl) {
        throw multicast();
    }

    @Override
    public InetAddress getInterface() {
        throw multicast();
    }

    @Override
    public Epoll4jDatagramChannelConfig setInterface(InetAddress interfaceAddress) {
        throw multicast();
    }

    @Override
    public NetworkInterface getNetworkInterface() {
        throw multicast();
    }

    @Override
    public Epoll4jDatagramChannelConfig setNetworkInterface(NetworkInterface networkInterface) {
        throw multicast();
    }

    @Override
    public Epoll4jDatagramChannelConfig setTrigger(Trigger trigger) {
        super.setTrigger(trigger);
        return this;
    }

    @Override
    @Deprecated
    public Epoll4jDatagramChannelConfig setMaxMessagesPerRead(int maxMessagesPerRead) {
        super.setMaxMessagesPerRead(maxMessagesPerRead);
        return this;
    }

    @Override
    public Epoll4jDatagramChannelConfig setWriteSpinCount(int writeSpinCount) {
        super.setWriteSpinCount(writeSpinCount);
        return this;
    }

    @Override
    public Epoll4jDatagramChannelConfig setConnectTimeoutMillis(int connectTimeoutMillis) {
        super.setConnectTimeoutMillis(connectTimeoutMillis);
        return this;
    }

    @Override
    public Epoll4jDatagramChannelConfig setAllocator(ByteBufAllocator allocator) {
        super.setAllocator(allocator);
        return this;
    }

    @Override
    public Epoll4jDatagramChannelConfig setRecvByteBufAllocator(RecvByteBufAllocator allocator) {
        super.setRecvByteBufAllocator(allocator);
        return this;
    }

    @Override
    public Epoll4jDatagramChannelConfig setAutoRead(boolean autoRead) {
        super.setAutoRead(autoRead);
        return this;
    }

    @Override
    public Epoll4jDatagramChannelConfig setAutoClose(boolean autoClose) {
        super.setAutoClose(autoClose);
        return this;
    }

    @Override
    public Epoll4jDatagramChannelConfig setMessageSizeEstimator(MessageSizeEstimator estimator) {
        super.setMessageSizeEstimator(estimator);
        return this;
    }

    @Override
    public Epoll4jDatagramChannelConfig setWriteBufferWaterMark(WriteBufferWaterMark writeBufferWaterMark) {
        super.setWriteBufferWaterMark(writeBufferWaterMark);
        return this;
    }
}
