package io.epoll4j.netty;

import io.epoll4j.fd.SockOpt;
import io.epoll4j.poll.Trigger;
import io.netty.channel.ChannelOption;
import io.netty.channel.ServerChannelRecvByteBufAllocator;
import io.netty.util.NetUtil;

import java.util.Map;

/**
 * The configuration of an {@link Epoll4jServerDomainSocketChannel}: {@code SO_BACKLOG}
 * (the kernel's somaxconn by default), {@code SO_RCVBUF} and the trigger.
 *
 * {@snippet :
 * serverBootstrap.option(ChannelOption.SO_BACKLOG, 512);
 * }
 */
public final class Epoll4jServerChannelConfig extends Epoll4jChannelConfig {
    private static final Map<ChannelOption<?>, SockOpt<?>> OPTIONS = Map.of(ChannelOption.SO_RCVBUF, SockOpt.SO_RCVBUF);

    private volatile int backlog = NetUtil.SOMAXCONN;

    Epoll4jServerChannelConfig(AbstractEpoll4jServerChannel channel) {
        super(channel, new ServerChannelRecvByteBufAllocator());
    }

    @Override
    Map<ChannelOption<?>, SockOpt<?>> socketOptions() {
        return OPTIONS;
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
            setBacklog((Integer) value);
            return true;
        }
        return super.setOption(option, value);
    }

    /** The listen(2) backlog. */
    public int getBacklog() {
        return backlog;
    }

    /** The listen(2) backlog; used at bind. */
    public Epoll4jServerChannelConfig setBacklog(int backlog) {
        if (backlog < 0) {
            throw new IllegalArgumentException("backlog must not be negative: " + backlog);
        }
        this.backlog = backlog;
        return this;
    }

    @Override
    public Epoll4jServerChannelConfig setTrigger(Trigger trigger) {
        super.setTrigger(trigger);
        return this;
    }
}
