package io.epoll4j.netty;

import io.epoll4j.fd.ErrnoException;
import io.epoll4j.fd.SockOpt;
import io.epoll4j.poll.Trigger;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelOption;
import io.netty.channel.DefaultChannelConfig;
import io.netty.channel.RecvByteBufAllocator;

import java.util.Map;

/**
 * The configuration every channel of this transport has: Netty's generic options, the
 * {@link Epoll4jChannelOption#TRIGGER trigger}, and the socket options of the channel's
 * kind, each read from and written to the socket itself (getsockopt/setsockopt), so what
 * the config says is what the kernel has.
 *
 * {@snippet :
 * Epoll4jChannelConfig config = (Epoll4jChannelConfig) channel.config();
 * config.setTrigger(Trigger.EDGE);
 * boolean noDelay = channel.config().getOption(ChannelOption.TCP_NODELAY);
 * }
 *
 * <p>A socket option the kernel refuses is reported as a {@link ChannelException} whose cause
 * is the {@link ErrnoException} naming the option and the errno.
 */
public abstract class Epoll4jChannelConfig extends DefaultChannelConfig {
    private volatile Trigger trigger = Trigger.LEVEL;

    Epoll4jChannelConfig(AbstractEpoll4jChannel channel, RecvByteBufAllocator allocator) {
        super(channel, allocator);
    }

    /** The Netty options that are socket options on this channel's kind of socket, and theirs. */
    abstract Map<ChannelOption<?>, SockOpt<?>> socketOptions();

    private AbstractEpoll4jChannel epollChannel() {
        return (AbstractEpoll4jChannel) channel;
    }

    @Override
    public Map<ChannelOption<?>, Object> getOptions() {
        Map<ChannelOption<?>, Object> options = getOptions(super.getOptions(), Epoll4jChannelOption.TRIGGER);
        return getOptions(options, socketOptions().keySet().toArray(new ChannelOption<?>[0]));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getOption(ChannelOption<T> option) {
        if (option == Epoll4jChannelOption.TRIGGER) {
            return (T) trigger;
        }
        SockOpt<?> socketOption = socketOptions().get(option);
        if (socketOption != null) {
            return (T) get(socketOption);
        }
        return super.getOption(option);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> boolean setOption(ChannelOption<T> option, T value) {
        validate(option, value);
        if (option == Epoll4jChannelOption.TRIGGER) {
            setTrigger((Trigger) value);
            return true;
        }
        SockOpt<?> socketOption = socketOptions().get(option);
        if (socketOption != null) {
            set((SockOpt<Object>) socketOption, value);
            return true;
        }
        return super.setOption(option, value);
    }

    /** How epoll reports this channel's readiness. */
    public Trigger getTrigger() {
        return trigger;
    }

    /**
     * {@link Trigger#LEVEL} or {@link Trigger#EDGE}; takes effect at once, also on a registered
     * channel.
     *
     * @throws IllegalArgumentException for a one-shot, exclusive or wake-up trigger, which a
     *                                  channel's own reads and writes would fight with
     */
    public Epoll4jChannelConfig setTrigger(Trigger trigger) {
        if (trigger != Trigger.LEVEL && trigger != Trigger.EDGE) {
            throw new IllegalArgumentException("a channel's trigger is Trigger.LEVEL or Trigger.EDGE, not " + trigger);
        }
        this.trigger = trigger;
        epollChannel().triggerChanged(trigger);
        return this;
    }

    /** AUTO_READ went off: stop asking for EPOLLIN unless a read() is pending. */
    @Override
    protected void autoReadCleared() {
        epollChannel().readInterestNoLongerWanted();
    }

    final <T> T get(SockOpt<T> option) {
        try {
            return epollChannel().socket.getOption(option);
        } catch (ErrnoException e) {
            throw new ChannelException(e);
        }
    }

    final <T> void set(SockOpt<T> option, T value) {
        try {
            epollChannel().socket.setOption(option, value);
        } catch (ErrnoException e) {
            throw new ChannelException(e);
        }
    }

    final int getInt(SockOpt<Integer> option) {
        return get(option);
    }

    final boolean getBoolean(SockOpt<Boolean> option) {
        return get(option);
    }
}
