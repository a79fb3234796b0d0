package io.epoll4j.poll;

import io.epoll4j.fd.EpollFlags;

/**
 * Reads a ready mask, the kernel's {@code epoll_event.events}: the one place where the
 * readiness questions are answered, for {@link Events} (which asks them of its current
 * event) and for the {@code int} an {@code io.epoll4j.loop.FdHandler} is given, so nothing is
 * allocated per event.
 *
 * {@snippet :
 * FdHandler handler = (registration, ready) -> {
 *     if (Readiness.isReadable(ready)) { readAll(registration); }
 *     if (Readiness.isWritable(ready)) { flush(registration); }
 *     if (Readiness.isReadClosed(ready)) { peerDone(registration); }
 * };
 * }
 *
 * <p>As in epoll(7), the closed and error flags are hints: read until end of stream or an
 * error to learn what happened; data may still be queued when {@link #isReadClosed} is true.
 */
public final class Readiness {
    private Readiness() {}

    /** {@code EPOLLIN}: data (or end of stream, or a connection) to read. */
    public static boolean isReadable(int readyMask) {
        return (readyMask & (EpollFlags.EPOLLIN | EpollFlags.EPOLLRDNORM)) != 0;
    }

    /** {@code EPOLLOUT}: room to write. */
    public static boolean isWritable(int readyMask) {
        return (readyMask & (EpollFlags.EPOLLOUT | EpollFlags.EPOLLWRNORM)) != 0;
    }

    /** {@code EPOLLPRI}: an exceptional condition. */
    public static boolean isPriority(int readyMask) {
        return (readyMask & EpollFlags.EPOLLPRI) != 0;
    }

    /** {@code EPOLLRDHUP} or {@code EPOLLHUP}: the peer will send no more; data may still be queued. */
    public static boolean isReadClosed(int readyMask) {
        return (readyMask & (EpollFlags.EPOLLRDHUP | EpollFlags.EPOLLHUP)) != 0;
    }

    /** {@code EPOLLHUP}, or {@code EPOLLERR} with {@code EPOLLOUT}: writing can no longer succeed. */
    public static boolean isWriteClosed(int readyMask) {
        return (readyMask & EpollFlags.EPOLLHUP) != 0
                || (readyMask & (EpollFlags.EPOLLOUT | EpollFlags.EPOLLERR))
                        == (EpollFlags.EPOLLOUT | EpollFlags.EPOLLERR);
    }

    /** {@code EPOLLERR}: the fd has a pending error (for a socket, read it with SO_ERROR). */
    public static boolean isError(int readyMask) {
        return (readyMask & EpollFlags.EPOLLERR) != 0;
    }

    /** The flag names, such as {@code EPOLLIN|EPOLLRDHUP}, for logs. */
    public static String toString(int readyMask) {
        return EpollFlags.toString(readyMask);
    }
}
