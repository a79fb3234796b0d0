package io.epoll4j.netty;

import io.epoll4j.fd.SockOpt;
import io.epoll4j.poll.Trigger;
import io.netty.channel.ChannelOption;

import java.util.Map;

/**
 * The configuration of an {@link Epoll4jServerDomainSocketChannel}: {@code SO_BACKLOG}
 * (the kernel's somaxconn by default), {@code SO_RCVBUF} and the trigger.
 *
 * {@snippet :
 * serverBootstrap.option(ChannelOption.SO_BACKLOG, 512);
 * }
 */
public final class Epoll4jServerChannelConfig extends ListenerChannelConfig {
    private static final Map<ChannelOption<?>, SockOpt<?>> OPTIONS = Map.of(ChannelOption.SO_RCVBUF, SockOpt.SO_RCVBUF);

    Epoll4jServerChannelConfig(AbstractEpoll4jServerChannel channel) {
        super(channel);
    }

    @Override
    Map<ChannelOption<?>, SockOpt<?>> socketOptions() {
        return OPTIONS;
    }

    /** The listen(2) backlog; used at bind. */
    public Epoll4jServerChannelConfig setBacklog(int backlog) {
        backlog(backlog);
        return this;
    }

    @Override
    public Epoll4jServerChannelConfig setTrigger(Trigger trigger) {
        super.setTrigger(trigger);
        return this;
    }
}
