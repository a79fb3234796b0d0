package io.epoll4j.poll;

import io.epoll4j.fd.EpollFlags;

/**
 * Which readiness a registration asks to hear about.
 *
 * {@snippet :
 * Interest both = Interest.READABLE.add(Interest.WRITABLE);
 * poller.register(socket, 7L, both, Trigger.EDGE);
 * }
 *
 * <p>Each interest is one epoll flag: {@link #READABLE} is {@code EPOLLIN}, {@link #WRITABLE}
 * is {@code EPOLLOUT}, {@link #PRIORITY} is {@code EPOLLPRI} and {@link #READ_CLOSED} is
 * {@code EPOLLRDHUP}. Errors and hang-ups ({@code EPOLLERR}, {@code EPOLLHUP}) are reported
 * whatever the interest, even {@link #NONE}. Instances are shared: combining never allocates.
 */
public final class Interest {
    private static final int ALL = EpollFlags.EPOLLIN | EpollFlags.EPOLLOUT | EpollFlags.EPOLLPRI
            | EpollFlags.EPOLLRDHUP;
    private static final Interest[] CACHE = new Interest[16];

    static {
        for (int i = 0; i < CACHE.length; i++) {
            CACHE[i] = new Interest(fromIndex(i));
        }
    }

    /** Nothing but the errors and hang-ups the kernel always reports. */
    public static final Interest NONE = of(0);
    /** {@code EPOLLIN}: data to read, a connection to accept, end of stream. */
    public static final Interest READABLE = of(EpollFlags.EPOLLIN);
    /** {@code EPOLLOUT}: room to write, a connect that completed. */
    public static final Interest WRITABLE = of(EpollFlags.EPOLLOUT);
    /** {@code EPOLLPRI}: an exceptional condition, such as TCP urgent data. */
    public static final Interest PRIORITY = of(EpollFlags.EPOLLPRI);
    /** {@code EPOLLRDHUP}: the peer shut down its writing half or closed. */
    public static final Interest READ_CLOSED = of(EpollFlags.EPOLLRDHUP);

    private final int flags;

    private Interest(int flags) {
        this.flags = flags;
    }

    /** The interest of an epoll mask; bits other than the four interests are ignored. */
    public static Interest of(int epollFlags) {
        return CACHE[toIndex(epollFlags & ALL)];
    }

    /** This interest and {@code other}. */
    public Interest add(Interest other) {
        return of(flags | other.flags);
    }

    /** This interest without {@code other}. */
    public Interest remove(Interest other) {
        return of(flags & ~other.flags);
    }

    /** Whether it asks for EPOLLIN. */
    public boolean isReadable() {
        return (flags & EpollFlags.EPOLLIN) != 0;
    }

    /** Whether it asks for EPOLLOUT. */
    public boolean isWritable() {
        return (flags & EpollFlags.EPOLLOUT) != 0;
    }

    /** Whether it asks for EPOLLPRI. */
    public boolean isPriority() {
        return (flags & EpollFlags.EPOLLPRI) != 0;
    }

    /** Whether it asks for EPOLLRDHUP. */
    public boolean isReadClosed() {
        return (flags & EpollFlags.EPOLLRDHUP) != 0;
    }

    /** The epoll flags. */
    public int flags() {
        return flags;
    }

    @Override
    public String toString() {
        return EpollFlags.toString(flags);
    }

    private static int toIndex(int f) {
        return (f & EpollFlags.EPOLLIN) | (f & EpollFlags.EPOLLPRI) | (f & EpollFlags.EPOLLOUT)
                | ((f & EpollFlags.EPOLLRDHUP) != 0 ? 8 : 0);
    }

    private static int fromIndex(int i) {
        return (i & 7) | ((i & 8) != 0 ? EpollFlags.EPOLLRDHUP : 0);
    }
}
