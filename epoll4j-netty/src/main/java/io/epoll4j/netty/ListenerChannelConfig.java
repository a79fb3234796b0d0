package io.epoll4j.netty;

import io.netty.channel.ChannelOption;
import io.netty.channel.ServerChannelRecvByteBufAllocator;
import io.netty.util.NetUtil;

import java.util.Map;

/**
 * What the configurations of the two listening channels (TCP and Unix domain) share beyond
 * the socket options: {@code SO_BACKLOG}, which is no socket option but the argument of
 * listen(2) at bind (the kernel's somaxconn by default, as in Netty's epoll transport), and
 * the allocator that counts accepted connections as messages. Package-private: the public
 * configs expose the backlog with their own covariant {@code setBacklog}.
 */
abstract class ListenerChannelConfig extends Epoll4jChannelConfig {
    private volatile int backlog = NetUtil.SOMAXCONN;

    ListenerChannelConfig(AbstractEpoll4jServerChannel channel) {
        super(channel, new ServerChannelRecvByteBufAllocator());
    }

    @Override
    public Map<ChannelOption<?>, Object> getOptions() {
        return getOptions(super.getOptions(), ChannelOption.SO_BACKLOG);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getOption(ChannelOption<T> option) {
        if (option == ChannelOption.SO_BACKLOG) {
            return (T) Integer.valueOf(backlog);
        }
        return super.getOption(option);
    }

    @Override
    public <T> boolean setOption(ChannelOption<T> option, T value) {
        if (option == ChannelOption.SO_BACKLOG) {
            validate(option, value);
            backlog((Integer) value);
            return true;
        }
        return super.setOption(option, value);
    }

    /** The listen(2) backlog. */
    public int getBacklog() {
        return backlog;
    }

    /** For the subclasses' covariant {@code setBacklog}; takes effect at the next bind. */
    final void backlog(int backlog) {
        if (backlog < 0) {
            throw new IllegalArgumentException("backlog must not be negative: " + backlog);
        }
        this.backlog = backlog;
    }
}
