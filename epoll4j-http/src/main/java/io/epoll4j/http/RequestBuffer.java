package io.epoll4j.http;

import io.epoll4j.fd.OwnedMemory;
import io.epoll4j.net.MemoryBudget;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * The bytes a {@link RequestParser} holds of its own: the part that has arrived of a request
 * split across reads, or requests kept unparsed while the session is paused. Everything else
 * is parsed where it was read.
 *
 * {@snippet :
 * boolean hold(RequestBuffer own, long requestBytes, int kept) {
 *     if (!own.ensure(requestBytes, kept)) {   // grown (the growth charged), the old memory freed
 *         return false;                        // the budget refused: the request is answered 503
 *     }
 *     MemorySegment bytes = own.memory();      // a new segment whenever it grew
 *     own.trim();                              // once nothing is held: a large buffer is freed
 *     return true;
 * }
 * }
 *
 * <h2>Memory</h2>
 * Native memory, so that the parser reads it with the very segment accesses it uses on the
 * loop's read buffer (one receiver type at those call sites, which C2 compiles best). None is
 * allocated until a request is first split; it starts at {@value RequestParser#INITIAL_CAPACITY}
 * bytes and grows to exactly what a request of known length needs (its head and its
 * Content-Length body), rounded up to a multiple of {@value RequestParser#GROWTH}; where the
 * length is not known yet (a head, a chunked body), each growth adds half of the size, and at
 * least {@value RequestParser#GROWTH}, so that the growth of a body of n bytes copies O(n)
 * bytes in all, not O(n²/GROWTH). Every byte past the first
 * {@value RequestParser#INITIAL_CAPACITY} is charged to a {@link MemoryBudget} shared with the
 * other connections; a growth the budget refuses fails. An idle buffer larger than
 * {@value RequestParser#IDLE_CAPACITY} (a full 64 KiB read and a partial request) is freed,
 * and its charge given back.
 *
 * <p>Memory dropped (grown out of, trimmed, released) is freed at once, and memory of a
 * parser nobody released is freed by the collector: it is {@link OwnedMemory}. Left to the
 * collector alone (as it once was, through {@code Arena.ofAuto()}), it outlived its charge to
 * the budget by as long as the heap took to fill, and a server that allocates nothing per
 * request may not collect for hours: 2,000 bodies of 1 MB grew {@code epoll4j serve} from
 * 105 MB to 2 GB, 200 chunked ones of 900 KiB to 6 GB ({@code bench/bodies.py}). Nothing else
 * holds the memory when it is dropped: a response body lying in it is flushed (sent or copied
 * by the connection) before the parser goes on ({@link HttpSession}), and a segment kept
 * against the rules fails on its next access ({@link IllegalStateException}) instead of
 * reading memory that has been reused. The memory belongs to the thread that grew it, the
 * parser's; released from another thread, it is left to the collector.
 */
final class RequestBuffer {
    private static final int INITIAL_CAPACITY = RequestParser.INITIAL_CAPACITY;
    private static final int IDLE_CAPACITY = RequestParser.IDLE_CAPACITY;
    private static final int GROWTH = RequestParser.GROWTH;

    private final MemoryBudget budget;
    /** Bytes charged to the budget: the size past {@link RequestParser#INITIAL_CAPACITY}. */
    private long charged;
    /** What {@link #memory} is the segment of; null while there is none. */
    private OwnedMemory owned;
    private MemorySegment memory = MemorySegment.NULL;

    RequestBuffer(MemoryBudget budget) {
        this.budget = Objects.requireNonNull(budget, "budget");
    }

    /** The memory now; {@link MemorySegment#NULL} (no bytes) before the first {@link #ensure}. */
    MemorySegment memory() {
        return memory;
    }

    /** The size the next growth step reaches: what a full buffer of a length not yet known grows to. */
    long nextCapacity() {
        long size = memory.byteSize();
        return size < INITIAL_CAPACITY ? INITIAL_CAPACITY : size < GROWTH ? GROWTH : size + Math.max(GROWTH, size / 2);
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
        OwnedMemory grown;
        try {
            grown = OwnedMemory.allocate(size);
        } catch (OutOfMemoryError e) {
            if (more > 0) {
                budget.release(more);   // no memory to be had: as a refusal of the budget (503)
            }
            return false;
        }
        charged += Math.max(more, 0);
        MemorySegment.copy(memory, 0, grown.segment(), 0, kept);
        free();
        owned = grown;
        memory = grown.segment();
        return true;
    }

    /** Frees the memory if it is larger than {@link RequestParser#IDLE_CAPACITY}; call it only when nothing is held. */
    void trim() {
        if (memory.byteSize() > IDLE_CAPACITY) {
            release();
        }
    }

    /** Frees the memory and gives its charge back. */
    void release() {
        budget.release(charged);
        charged = 0;
        free();
    }

    private void free() {
        if (owned != null) {
            if (owned.segment().isAccessibleBy(Thread.currentThread())) {
                owned.close();
            }   // else released by a thread it does not belong to: the collector frees it
            owned = null;
        }
        memory = MemorySegment.NULL;
    }
}
