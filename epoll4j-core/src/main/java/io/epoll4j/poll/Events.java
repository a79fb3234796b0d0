package io.epoll4j.poll;

import io.epoll4j.fd.EpollEvents;
import io.epoll4j.fd.EpollFlags;

/**
 * The events of one {@link Poller#poll}, read with a cursor over the kernel's array: no object
 * per event, nothing allocated in steady state.
 *
 * {@snippet :
 * try (Events events = Events.withCapacity(1024)) {
 *     poller.poll(events, 10_000_000L);               // up to 10 ms
 *     while (events.next()) {
 *         long token = events.token();
 *         if (events.isReadable()) { read(token); }
 *         if (events.isWritable()) { write(token); }
 *     }
 * }
 * }
 *
 * <p>{@link #next()} skips stale events: those of registrations that ended after the kernel
 * reported them, even if their fd number was reused since. The readiness accessors are hints
 * in the sense of mio: {@link #isReadClosed()} and {@link #isError()} mean "read until end of
 * stream or error to learn more", not that no data is left.
 */
public final class Events implements AutoCloseable {
    private final EpollEvents raw;
    private Poller poller;
    private Registration current;
    private int mask;

    private Events(int capacity) {
        this.raw = EpollEvents.allocate(capacity);
    }

    /** Room for up to {@code capacity} events per poll. */
    public static Events withCapacity(int capacity) {
        return new Events(capacity);
    }

    /** How many events one poll can return. */
    public int capacity() {
        return raw.capacity();
    }

    /** How many events the kernel returned, stale ones included. */
    public int count() {
        return raw.count();
    }

    /** Moves to the next live event; false when the batch is done. */
    public boolean next() {
        Poller p = poller;
        while (raw.next()) {
            Registration r = p.resolve(raw.data());
            if (r != null && r.isRegistered()) {
                current = r;
                mask = raw.events();
                return true;
            }
        }
        current = null;
        return false;
    }

    /** The token of the current event's registration. */
    public long token() {
        return registration().token();
    }

    /** The registration of the current event. */
    public Registration registration() {
        Registration r = current;
        if (r == null) {
            throw new IllegalStateException("no current event: call next() first");
        }
        return r;
    }

    /** The raw {@link EpollFlags} mask the kernel reported for the current event. */
    public int readyMask() {
        registration();
        return mask;
    }

    /** {@code EPOLLIN}: data (or end of stream, or a connection) to read. */
    public boolean isReadable() {
        return (readyMask() & (EpollFlags.EPOLLIN | EpollFlags.EPOLLRDNORM)) != 0;
    }

    /** {@code EPOLLOUT}: room to write. */
    public boolean isWritable() {
        return (readyMask() & (EpollFlags.EPOLLOUT | EpollFlags.EPOLLWRNORM)) != 0;
    }

    /** {@code EPOLLPRI}: an exceptional condition. */
    public boolean isPriority() {
        return (readyMask() & EpollFlags.EPOLLPRI) != 0;
    }

    /** {@code EPOLLRDHUP} or {@code EPOLLHUP}: the peer will send no more; data may still be queued. */
    public boolean isReadClosed() {
        return (readyMask() & (EpollFlags.EPOLLRDHUP | EpollFlags.EPOLLHUP)) != 0;
    }

    /** {@code EPOLLHUP}, or {@code EPOLLERR} with {@code EPOLLOUT}: writing can no longer succeed. */
    public boolean isWriteClosed() {
        int m = readyMask();
        return (m & EpollFlags.EPOLLHUP) != 0 || (m & (EpollFlags.EPOLLOUT | EpollFlags.EPOLLERR))
                == (EpollFlags.EPOLLOUT | EpollFlags.EPOLLERR);
    }

    /** {@code EPOLLERR}: the fd has a pending error (for a socket, read it with SO_ERROR). */
    public boolean isError() {
        return (readyMask() & EpollFlags.EPOLLERR) != 0;
    }

    EpollEvents raw() {
        return raw;
    }

    void filled(Poller p) {
        poller = p;
        current = null;
    }

    /** Frees the native array. */
    @Override
    public void close() {
        raw.close();
    }
}
