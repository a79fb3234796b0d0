package io.epoll4j.loop;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The loop's unbounded multi-producer, single-consumer queue: a chain of fixed-size arrays,
 * a slot claimed with one atomic add.
 *
 * <p>Why this shape: an offer costs one {@code getAndAdd} and one release store, without a
 * lock a preempted producer could hold and without a node per element (one 1024-slot array is
 * allocated per 1024 offers, by the producers; the consumer never allocates). A producer that
 * claimed slot {@code i} finds its chunk by walking from a recent chunk: forward through
 * {@code next}, or back through {@code prev} when it was overtaken while descheduled. The
 * consumer cuts {@code prev} only on entering a chunk, which needs every slot of the one before
 * filled, so no producer can still be walking back into it; chunks behind the consumer become
 * garbage.
 *
 * <p>Closing, for shutdown: after {@link #close()}, a producer whose claim came later sees the
 * flag, fills its slot with a tombstone and is refused; every earlier claim is below the index
 * {@code close()} returns, and the consumer takes them all. So each offer is either consumed or
 * refused, never lost.
 */
final class TaskQueue {
    private static final int SHIFT = 10;
    private static final int SIZE = 1 << SHIFT;
    private static final int MASK = SIZE - 1;
    private static final Object TOMBSTONE = new Object();
    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final VarHandle PRODUCER_INDEX;
    private static final VarHandle PRODUCER_CHUNK;
    private static final VarHandle NEXT;
    private static final VarHandle CONSUMER_INDEX;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            PRODUCER_INDEX = l.findVarHandle(TaskQueue.class, "producerIndex", long.class);
            PRODUCER_CHUNK = l.findVarHandle(TaskQueue.class, "producerChunk", Chunk.class);
            NEXT = l.findVarHandle(Chunk.class, "next", Chunk.class);
            CONSUMER_INDEX = l.findVarHandle(TaskQueue.class, "consumerIndex", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final class Chunk {
        final long number;
        final Object[] slots = new Object[SIZE];
        volatile Chunk next;
        volatile Chunk prev;

        Chunk(long number, Chunk prev) {
            this.number = number;
            this.prev = prev;
        }
    }

    @SuppressWarnings("unused") // accessed through PRODUCER_INDEX
    private volatile long producerIndex;
    private volatile Chunk producerChunk;
    private volatile boolean closed;
    // Written by the consumer only (opaquely, so that depth() from another thread reads it whole).
    private long consumerIndex;
    private Chunk consumerChunk;

    TaskQueue() {
        Chunk first = new Chunk(0, null);
        producerChunk = first;
        consumerChunk = first;
    }

    /** Adds {@code e}; false if the queue is closed (then {@code e} will never be polled). */
    boolean offer(Object e) {
        long i = (long) PRODUCER_INDEX.getAndAdd(this, 1L);
        Chunk c = chunkFor(i >>> SHIFT);
        // Read after the claim: a close() that happened before it is seen here (see class doc).
        boolean open = !closed;
        SLOTS.setRelease(c.slots, (int) (i & MASK), open ? e : TOMBSTONE);
        return open;
    }

    private Chunk chunkFor(long number) {
        Chunk c = producerChunk;
        while (c.number > number) {
            c = c.prev;
        }
        while (c.number < number) {
            Chunk n = c.next;
            if (n == null) {
                Chunk fresh = new Chunk(c.number + 1, c);
                n = NEXT.compareAndSet(c, null, fresh) ? fresh : c.next;
            }
            c = n;
        }
        Chunk hint = producerChunk;
        while (hint.number < c.number && !PRODUCER_CHUNK.compareAndSet(this, hint, c)) {
            hint = producerChunk;
        }
        return c;
    }

    /**
     * The next element, or null if the queue is empty or the next claimed slot is still being
     * filled (its producer then checks {@link EventLoop}'s sleep flag after filling it).
     */
    Object poll() {
        while (true) {
            long i = consumerIndex;
            Chunk c = consumerChunk;
            if (c.number != i >>> SHIFT) {
                Chunk n = c.next;
                if (n == null) {
                    return null; // claimed, but its chunk is not linked yet
                }
                n.prev = null;   // every slot of c is consumed: nobody walks back into it
                consumerChunk = c = n;
            }
            int slot = (int) (i & MASK);
            Object e = SLOTS.getAcquire(c.slots, slot);
            if (e == null) {
                return null;
            }
            c.slots[slot] = null;
            CONSUMER_INDEX.setOpaque(this, i + 1);
            if (e != TOMBSTONE) {
                return e;
            }
        }
    }

    /** Whether no slot is claimed beyond what the consumer took. Consumer thread only. */
    boolean isEmpty() {
        return consumerIndex == (long) PRODUCER_INDEX.getVolatile(this);
    }

    /** Claimed slots the consumer has not taken yet (some may still be filling). Consumer thread only. */
    long backlog() {
        return (long) PRODUCER_INDEX.getVolatile(this) - consumerIndex;
    }

    /** Claimed slots not taken yet, read from any thread: a recent figure, for statistics. */
    long depth() {
        return Math.max(0, (long) PRODUCER_INDEX.getVolatile(this) - (long) CONSUMER_INDEX.getOpaque(this));
    }

    /**
     * Refuses later offers.
     *
     * @return the number of claims made before: poll until {@link #consumed()} reaches it
     */
    long close() {
        closed = true;
        return (long) PRODUCER_INDEX.getVolatile(this);
    }

    /** How many slots the consumer has taken, tombstones included. */
    long consumed() {
        return consumerIndex;
    }
}
