package io.epoll4j.netty;

import io.epoll4j.fd.EpollFlags;
import io.netty.channel.IoEvent;

/**
 * What epoll reported for one {@link Epoll4jIoHandle}: the ready flags of one
 * {@code struct epoll_event}. Values are interned per combination of flags, so delivering an
 * event allocates nothing; an event is valid only inside
 * {@link Epoll4jIoHandle#handle(io.netty.channel.IoRegistration, IoEvent)}.
 *
 * {@snippet :
 * public void handle(IoRegistration registration, IoEvent ioEvent) {
 *     Epoll4jIoEvent event = (Epoll4jIoEvent) ioEvent;
 *     if (event.isWritable() || event.isError()) { flushOrFinishConnect(); }
 *     if (event.isReadable() || event.isError()) { readUntilWouldBlock(); }
 *     if (event.isReadClosed()) { peerWillSendNoMore(); }
 * }
 * }
 *
 * <p>As in epoll(7), the flags are hints: {@code EPOLLERR} and {@code EPOLLHUP} are reported
 * whatever the interest, and an edge-triggered handle must read or write until the call would
 * block.
 */
public final class Epoll4jIoEvent implements IoEvent {
    private static final int RELEVANT = EpollFlags.EPOLLIN | EpollFlags.EPOLLPRI | EpollFlags.EPOLLOUT
            | EpollFlags.EPOLLERR | EpollFlags.EPOLLHUP;
    // The five low flags keep their bits; EPOLLRDHUP (0x2000) folds into bit 5.
    private static final Epoll4jIoEvent[] CACHE = new Epoll4jIoEvent[64];

    static {
        for (int i = 0; i < CACHE.length; i++) {
            CACHE[i] = new Epoll4jIoEvent((i & RELEVANT) | ((i & 0x20) != 0 ? EpollFlags.EPOLLRDHUP : 0));
        }
    }

    private final int mask;

    private Epoll4jIoEvent(int mask) {
        this.mask = mask;
    }

    /** The event for a mask the kernel returned; flags other than IN, PRI, OUT, ERR, HUP and RDHUP are dropped. */
    public static Epoll4jIoEvent of(int readyMask) {
        return CACHE[(readyMask & RELEVANT) | ((readyMask & EpollFlags.EPOLLRDHUP) != 0 ? 0x20 : 0)];
    }

    /** The {@link EpollFlags} that were ready. */
    public int readyMask() {
        return mask;
    }

    /** {@code EPOLLIN}: data, end of stream or a connection to accept. */
    public boolean isReadable() {
        return (mask & EpollFlags.EPOLLIN) != 0;
    }

    /** {@code EPOLLOUT}: room to write, or a non-blocking connect that finished. */
    public boolean isWritable() {
        return (mask & EpollFlags.EPOLLOUT) != 0;
    }

    /** {@code EPOLLPRI}: urgent data or an exceptional condition. */
    public boolean isPriority() {
        return (mask & EpollFlags.EPOLLPRI) != 0;
    }

    /** {@code EPOLLRDHUP}: the peer shut down its writing half. */
    public boolean isReadClosed() {
        return (mask & EpollFlags.EPOLLRDHUP) != 0;
    }

    /** {@code EPOLLHUP}: both directions are shut down (or the connect failed). */
    public boolean isHangUp() {
        return (mask & EpollFlags.EPOLLHUP) != 0;
    }

    /** {@code EPOLLERR}: a pending error, read with {@code SO_ERROR} or by the next call. */
    public boolean isError() {
        return (mask & EpollFlags.EPOLLERR) != 0;
    }

    @Override
    public String toString() {
        return "Epoll4jIoEvent[" + EpollFlags.toString(mask) + "]";
    }
}
