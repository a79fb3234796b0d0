package io.epoll4j.net;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A cap on the bytes that connections may buffer together: output the socket has not taken
 * yet, and whatever an application charges here (an HTTP server: request bodies). One budget
 * is shared by every connection of a server, on every loop, so no number of peers can make the
 * process run out of memory; the connection that asks past the cap is the one shed.
 *
 * {@snippet :
 * MemoryBudget budget = MemoryBudget.of(64L << 20);            // 64 MiB for all connections
 * ConnectionOptions options = ConnectionOptions.DEFAULTS.withMemoryBudget(budget);
 * if (!budget.tryReserve(1 << 20)) {
 *     // refused: answer 503 and close rather than buffer it
 * }
 * budget.release(1 << 20);                                   // when the buffer is given back
 * }
 *
 * <p>Thread-safe: one compare-and-set per reservation. Reservations are coarse (a 16 KiB output
 * chunk, a body), never per byte, so the shared counter is touched rarely.
 */
public final class MemoryBudget {
    /** No cap and no counting (the default of {@link ConnectionOptions}). */
    public static final MemoryBudget UNLIMITED = new MemoryBudget(Long.MAX_VALUE);

    private final long limit;
    private final AtomicLong used = new AtomicLong();

    private MemoryBudget(long limit) {
        this.limit = limit;
    }

    /** A budget of {@code limit} bytes. */
    public static MemoryBudget of(long limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("negative memory budget: " + limit);
        }
        return new MemoryBudget(limit);
    }

    /** Reserves {@code bytes} if that keeps the total within the limit; false, reserving nothing, if not. */
    public boolean tryReserve(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative reservation: " + bytes);
        }
        if (this == UNLIMITED) {
            return true;
        }
        long u;
        do {
            u = used.get();
            if (bytes > limit - u) {
                return false;
            }
        } while (!used.compareAndSet(u, u + bytes));
        return true;
    }

    /** Gives back {@code bytes} reserved earlier. */
    public void release(long bytes) {
        if (this == UNLIMITED) {
            return;
        }
        long after = used.addAndGet(-bytes);
        if (after < 0) {
            throw new IllegalStateException("released " + bytes + " bytes more than were reserved");
        }
    }

    /** Bytes reserved now. */
    public long used() {
        return used.get();
    }

    /** The most bytes the budget grants at once. */
    public long limit() {
        return limit;
    }

    @Override
    public String toString() {
        return "MemoryBudget[" + used() + " of " + (limit == Long.MAX_VALUE ? "unlimited" : limit + " bytes") + "]";
    }
}
