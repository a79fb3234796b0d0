package io.epoll4j.netty;

import io.netty.channel.ChannelOption;
import io.netty.channel.RecvByteBufAllocator;

import java.util.Map;

/**
 * What the configurations of the two stream channels (TCP and Unix domain) share beyond the
 * socket options: {@code ALLOW_HALF_CLOSURE}, a setting of the channel, not of the socket.
 * Package-private: the public configs expose it through Netty's {@code DuplexChannelConfig}.
 */
abstract class StreamChannelConfig extends Epoll4jChannelConfig {
    private volatile boolean allowHalfClosure;

    StreamChannelConfig(AbstractEpoll4jChannel channel, RecvByteBufAllocator allocator) {
        super(channel, allocator);
    }

    @Override
    public Map<ChannelOption<?>, Object> getOptions() {
        return getOptions(super.getOptions(), ChannelOption.ALLOW_HALF_CLOSURE);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getOption(ChannelOption<T> option) {
        if (option == ChannelOption.ALLOW_HALF_CLOSURE) {
            return (T) Boolean.valueOf(allowHalfClosure);
        }
        return super.getOption(option);
    }

    @Override
    public <T> boolean setOption(ChannelOption<T> option, T value) {
        if (option == ChannelOption.ALLOW_HALF_CLOSURE) {
            validate(option, value);
            allowHalfClosure = (Boolean) value;
            return true;
        }
        return super.setOption(option, value);
    }

    /** Whether the channel stays open for output after the peer shut its side down. */
    public boolean isAllowHalfClosure() {
        return allowHalfClosure;
    }

    /** For the subclasses' covariant {@code setAllowHalfClosure}. */
    final void allowHalfClosure(boolean allow) {
        allowHalfClosure = allow;
    }
}
