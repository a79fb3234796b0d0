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
    /**
     * The most events one poll can ask for: epoll_wait(2) refuses a {@code maxevents} above
     * {@code INT_MAX / sizeof(struct epoll_event)} with EINVAL.
     */
    public static final int MAX_CAPACITY = EpollEvents.MAX_CAPACITY;

    private final EpollEvents raw;
    private boolean closed;
    private Poller poller;
    private Registration current;
    private int mask;

    private Events(int capacity) {
        this.raw = EpollEvents.allocate(capacity);
    }

    /**
     * Room for up to {@code capacity} events per poll.
     *
     * @throws IllegalArgumentException unless {@code 1 <= capacity <= }{@link #MAX_CAPACITY},
     *                                  before any memory is allocated
     */
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

    /** {@link Readiness#isReadable}: data (or end of stream, or a connection) to read. */
    public boolean isReadable() {
        return Readiness.isReadable(readyMask());
    }

    /** {@link Readiness#isWritable}: room to write. */
    public boolean isWritable() {
        return Readiness.isWritable(readyMask());
    }

    /** {@link Readiness#isPriority}: an exceptional condition. */
    public boolean isPriority() {
        return Readiness.isPriority(readyMask());
    }

    /** {@link Readiness#isReadClosed}: the peer will send no more; data may still be queued. */
    public boolean isReadClosed() {
        return Readiness.isReadClosed(readyMask());
    }

    /** {@link Readiness#isWriteClosed}: writing can no longer succeed. */
    public boolean isWriteClosed() {
        return Readiness.isWriteClosed(readyMask());
    }

    /** {@link Readiness#isError}: the fd has a pending error (for a socket, read it with SO_ERROR). */
    public boolean isError() {
        return Readiness.isError(readyMask());
    }

    EpollEvents raw() {
        return raw;
    }

    /** A poll needs an open array: a closed one is refused by name, before the kernel sees it. */
    void checkOpen() {
        if (closed) {
            throw new IllegalStateException(this + " is closed: a poll needs an open one");
        }
    }

    void filled(Poller p) {
        poller = p;
        current = null;
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    /** Frees the native array. Closing again does nothing. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            raw.close();
        }
    }

    @Override
    public String toString() {
        return "Events[capacity " + raw.capacity() + (closed ? ", closed]" : "]");
    }
}
