package io.epoll4j.http;

import io.epoll4j.net.MemoryBudget;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * The bytes a {@link RequestParser} holds of its own: the part that has arrived of a request
 * split across reads, or requests kept unparsed while the session is paused. Everything else
 * is parsed where it was read.
 *
 * {@snippet :
 * boolean hold(RequestBuffer own, long requestBytes, int kept) {
 *     if (!own.ensure(requestBytes, kept)) {   // grown in GROWTH steps, the growth charged
 *         return false;                        // the budget refused: the request is answered 503
 *     }
 *     MemorySegment bytes = own.memory();      // a new segment whenever it grew
 *     own.trim();                              // once nothing is held: a large buffer is dropped
 *     return true;
 * }
 * }
 *
 * <h2>Memory</h2>
 * Native memory, so that the parser reads it with the very segment accesses it uses on the
 * loop's read buffer (one receiver type at those call sites, which C2 compiles best). None is
 * allocated until a request is first split; it starts at {@value RequestParser#INITIAL_CAPACITY} bytes and
 * grows in steps of {@value RequestParser#GROWTH}, not by doubling, to exactly what the request in progress
 * needs. Every byte past the first {@value RequestParser#INITIAL_CAPACITY} is charged to a
 * {@link MemoryBudget} shared with the other connections; a growth the budget refuses fails.
 * An idle buffer larger than {@value RequestParser#IDLE_CAPACITY} (a full 64 KiB read and a partial request)
 * is dropped, and its charge given back. Dropped memory is freed by the garbage collector
 * ({@link Arena#ofAuto()}): a staged write may still be reading it.
 */
final class RequestBuffer {
    private static final int INITIAL_CAPACITY = RequestParser.INITIAL_CAPACITY;
    private static final int IDLE_CAPACITY = RequestParser.IDLE_CAPACITY;
    private static final int GROWTH = RequestParser.GROWTH;

    private final MemoryBudget budget;
    /** Bytes charged to the budget: the size past {@link RequestParser#INITIAL_CAPACITY}. */
    private long charged;
    private MemorySegment memory = MemorySegment.NULL;

    RequestBuffer(MemoryBudget budget) {
        this.budget = Objects.requireNonNull(budget, "budget");
    }

    /** The memory now; {@link MemorySegment#NULL} (no bytes) before the first {@link #ensure}. */
    MemorySegment memory() {
        return memory;
    }

    /** The size the next growth step reaches: what a full buffer grows to. */
    long nextCapacity() {
        long size = memory.byteSize();
        return size < INITIAL_CAPACITY ? INITIAL_CAPACITY : size < GROWTH ? GROWTH : size + GROWTH;
    }

    /**
     * Makes the memory hold at least {@code bytes}, keeping its first {@code kept} bytes; false
     * when the budget refuses or the size is past what a segment the parser indexes with an
     * {@code int} can hold. The memory is a new segment when it grew.
     */
    boolean ensure(long bytes, int kept) {
        if (bytes <= memory.byteSize()) {
            return true;
        }
        long size = bytes <= INITIAL_CAPACITY ? INITIAL_CAPACITY : (bytes + GROWTH - 1) / GROWTH * GROWTH;
        if (size > Integer.MAX_VALUE - 8) {
            return false;
        }
        long more = Math.max(size - INITIAL_CAPACITY, 0) - charged;
        if (more > 0 && !budget.tryReserve(more)) {
            return false;
        }
        charged += Math.max(more, 0);
        MemorySegment grown = Arena.ofAuto().allocate(size, Long.BYTES);
        MemorySegment.copy(memory, 0, grown, 0, kept);
        memory = grown;
        return true;
    }

    /** Drops the memory if it is larger than {@link RequestParser#IDLE_CAPACITY}; call it only when nothing is held. */
    void trim() {
        if (memory.byteSize() > IDLE_CAPACITY) {
            release();
        }
    }

    /** Drops the memory and gives its charge back. */
    void release() {
        budget.release(charged);
        charged = 0;
        memory = MemorySegment.NULL;
    }
}
