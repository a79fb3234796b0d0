package io.epoll4j.fd;

import io.epoll4j.sys.EpollEvent;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * An off-heap array of {@code struct epoll_event} that {@link Epoll#wait} fills; read by index
 * or with a cursor, with no allocation.
 *
 * {@snippet :
 * try (EpollEvents events = EpollEvents.allocate(64)) {
 *     int n = epoll.wait(events, -1);
 *     for (int i = 0; i < n; i++) {
 *         handle(events.data(i), events.events(i));
 *     }
 *     // or, with the cursor:
 *     while (events.next()) {
 *         handle(events.data(), events.events());
 *     }
 * }
 * }
 *
 * <p>The layout follows the architecture: packed 12-byte structs on x86-64, 16 bytes with the
 * data word at offset 8 elsewhere (see the {@code struct epoll_event} declaration in
 * epoll_ctl(2)). One array is used by one thread at a time.
 */
public final class EpollEvents implements AutoCloseable {
    /**
     * The largest {@code maxevents} the kernel takes: epoll_wait(2) fails with EINVAL above
     * {@code INT_MAX / sizeof(struct epoll_event)} (EP_MAX_EVENTS).
     */
    public static final int MAX_CAPACITY = (int) (Integer.MAX_VALUE / EpollEvent.SIZE);

    private final Arena arena;
    private final MemorySegment array;
    private final int capacity;
    private int count;
    private int cursor = -1;

    private EpollEvents(int capacity) {
        if (capacity <= 0 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("capacity must be between 1 and " + MAX_CAPACITY
                    + " (INT_MAX / sizeof(struct epoll_event): epoll_wait(2) refuses more): " + capacity);
        }
        this.arena = Arena.ofShared();
        this.array = arena.allocate((long) EpollEvent.SIZE * capacity, 8);
        this.capacity = capacity;
    }

    /**
     * An array for up to {@code capacity} events per wait ({@code maxevents}).
     *
     * @throws IllegalArgumentException unless {@code 1 <= capacity <= }{@link #MAX_CAPACITY},
     *                                  before any memory is allocated
     */
    public static EpollEvents allocate(int capacity) {
        return new EpollEvents(capacity);
    }

    /** The most events one wait can return. */
    public int capacity() {
        return capacity;
    }

    /** How many events the last wait returned. */
    public int count() {
        return count;
    }

    /** The {@code events} mask of event {@code index} of the last wait. */
    public int events(int index) {
        return EpollEvent.events(array, checkIndex(index));
    }

    /** The {@code data} word of event {@code index}, as given to add or modify. */
    public long data(int index) {
        return EpollEvent.data(array, checkIndex(index));
    }

    /** Advances the cursor to the next event of the last wait; false when none is left. */
    public boolean next() {
        if (cursor + 1 >= count) {
            cursor = count;
            return false;
        }
        cursor++;
        return true;
    }

    /** The {@code events} mask at the cursor. */
    public int events() {
        return EpollEvent.events(array, checkCursor());
    }

    /** The {@code data} word at the cursor. */
    public long data() {
        return EpollEvent.data(array, checkCursor());
    }

    /** The native array, for the wait call. */
    MemorySegment segment() {
        return array;
    }

    /** Records a wait's result and rewinds the cursor. */
    void filled(int n) {
        count = n;
        cursor = -1;
    }

    private int checkIndex(int index) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("event " + index + " of " + count);
        }
        return index;
    }

    private int checkCursor() {
        if (cursor < 0 || cursor >= count) {
            throw new IllegalStateException("the cursor is not on an event: call next() first");
        }
        return cursor;
    }

    /** Frees the native array; it must not be in use by a wait. */
    @Override
    public void close() {
        arena.close();
    }
}
