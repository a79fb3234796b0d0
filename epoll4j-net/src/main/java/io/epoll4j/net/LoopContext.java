package io.epoll4j.net;

import io.epoll4j.fd.IoVecBatch;
import io.epoll4j.fd.OwnedMemory;
import io.epoll4j.loop.EventLoop;
import io.epoll4j.loop.FdHandler;
import io.epoll4j.loop.LoopLocal;
import io.epoll4j.loop.LoopRegistration;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.ArrayList;

/**
 * What the connections of one event loop share: the read buffer every read goes into, the pool
 * of output chunks, the gathering-write batch, and the one {@link FdHandler} that dispatches
 * to them. Used by the loop
 * thread only, so nothing here is synchronized. Each loop holds its own in a {@link LoopLocal}
 * slot.
 */
final class LoopContext {
    static final int READ_BUFFER_SIZE = 64 * 1024;
    static final int CHUNK_SIZE = 16 * 1024;
    /** Slices one flush hands to one sendmsg(2). */
    static final int WRITE_BATCH = 64;
    // Free chunks kept per loop (4 MiB of native memory); more are freed at once, not left to
    // the garbage collector, which may not run for a long time while the heap is quiet.
    static final int MAX_POOLED = 256;

    private static final LoopLocal<LoopContext> CONTEXT = LoopLocal.withInitial(LoopContext::new);

    final MemorySegment readBuffer = Arena.ofAuto().allocate(READ_BUFFER_SIZE, 64);
    // The attachment finds the connection: no lookup, no allocation per event.
    // Straight to the driver: each call level here is one less the JIT can inline below, and the
    // downcalls' errno slices are only scalar-replaced when inlined whole (C2's MaxInlineLevel).
    // A named class rather than a lambda, which would be two levels (its class and its body).
    final FdHandler io = new Dispatch();

    private static final class Dispatch implements FdHandler {
        @Override
        public void ready(LoopRegistration registration, int readyMask) throws Exception {
            ConnectionDriver.ready((Connection) registration.attachment(), readyMask);
        }

        // The loop's shutdown, or anyone, closed the socket: onClosed must still come. Null
        // when the close came between the registration and its attach(c).
        @Override
        public void closed(LoopRegistration registration) {
            if (registration.attachment() instanceof Connection c) {
                ConnectionDriver.closedUnderneath(c);
            }
        }
    }

    private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();
    private final ArrayDeque<OutputQueue.Ring> rings = new ArrayDeque<>();
    /** Rings kept for reuse: one per connection whose output waits, up to this many. */
    private static final int MAX_POOLED_RINGS = 1024;
    /** The slices the connection whose callback runs has staged. */
    final Staging staging = new Staging();
    /** The gathering-write batch every flush of this loop's connections fills and sends. */
    final IoVecBatch batch = IoVecBatch.allocate(WRITE_BATCH);
    /** Chunks allocated and not yet freed, pooled or in use: for tests that pin the freeing. */
    int liveChunks;
    /** The connection whose callback is running: its writes are flushed when the callback returns. */
    Connection active;
    // Connections written to from elsewhere (a task, another connection's callback), flushed
    // by one task at the loop's next pass; the task and the list are reused.
    private final ArrayList<Connection> toFlush = new ArrayList<>();
    private final Runnable flushAll = this::flushAll;
    private boolean flushScheduled;

    /** One list per distinct timeout length in use on this loop (usually one or two). */
    private TimeoutList[] idleLists = new TimeoutList[0];
    private TimeoutList[] readLists = new TimeoutList[0];
    private final EventLoop loop;

    private LoopContext(EventLoop loop) {
        this.loop = loop;
    }

    /** Starts the timeouts of {@code c}, which has some, from {@code now}. */
    void startTimeouts(Connection c, long now) {
        if (!c.options.idleTimeout().isZero()) {
            list(true, c.options.idleTimeout().toNanos()).add(c, now);
        }
        if (!c.options.readTimeout().isZero()) {
            list(false, c.options.readTimeout().toNanos()).add(c, now);
        }
    }

    void forgetTimeouts(Connection c) {
        if (c.idleLinked) {
            list(true, c.options.idleTimeout().toNanos()).remove(c);
        }
        if (c.readLinked) {
            list(false, c.options.readTimeout().toNanos()).remove(c);
        }
    }

    private TimeoutList list(boolean idle, long nanos) {
        TimeoutList[] lists = idle ? idleLists : readLists;
        for (TimeoutList l : lists) {
            if (l.nanos == nanos) {
                return l;
            }
        }
        TimeoutList l = new TimeoutList(loop, nanos, idle ? TimeoutList.IDLE : TimeoutList.READ);
        lists = java.util.Arrays.copyOf(lists, lists.length + 1);
        lists[lists.length - 1] = l;
        if (idle) {
            idleLists = lists;
        } else {
            readLists = lists;
        }
        return l;
    }

    /** Flushes {@code c} at the loop's next pass (called on the loop thread). */
    void flushSoon(EventLoop loop, Connection c) {
        toFlush.add(c);
        if (!flushScheduled) {
            flushScheduled = true;
            loop.execute(flushAll);
        }
    }

    private void flushAll() {
        flushScheduled = false;
        for (int i = 0; i < toFlush.size(); i++) {
            toFlush.get(i).flushIfDirty();
        }
        toFlush.clear();
    }

    /** Whether {@code segment} is (a slice of) the read buffer, whatever segment object holds it. */
    boolean inReadBuffer(MemorySegment segment) {
        long at = segment.address() - readBuffer.address();
        return at >= 0 && at < READ_BUFFER_SIZE;
    }

    static LoopContext of(EventLoop loop) {
        return loop.local(CONTEXT);
    }

    /**
     * A {@link #CHUNK_SIZE} block of native memory, freed when the pool is full as it comes
     * back, or by the collector if a queue is dropped without giving it back (or the loop ends
     * with it pooled): {@link OwnedMemory}, as a parser's buffer is. Loop thread only.
     */
    static final class Chunk {
        final OwnedMemory owned = OwnedMemory.allocate(CHUNK_SIZE);
        final MemorySegment memory = owned.segment();
    }

    /** A chunk charged to {@code budget}, from the pool when it has one; null if the budget refuses. */
    Chunk takeChunk(MemoryBudget budget) {
        if (!budget.tryReserve(CHUNK_SIZE)) {
            return null;
        }
        Chunk chunk = chunks.pollLast();
        if (chunk == null) {
            chunk = new Chunk();
            liveChunks++;
        }
        return chunk;
    }

    void giveChunk(Chunk chunk, MemoryBudget budget) {
        budget.release(CHUNK_SIZE);
        if (chunks.size() < MAX_POOLED) {
            chunks.addLast(chunk);
        } else {
            chunk.owned.close();
            liveChunks--;
        }
    }

    OutputQueue.Ring takeRing() {
        OutputQueue.Ring r = rings.pollLast();
        return r != null ? r : new OutputQueue.Ring();
    }

    void giveRing(OutputQueue.Ring r) {
        if (rings.size() < MAX_POOLED_RINGS) {
            rings.addLast(r);
        }
    }

    int pooledChunks() {
        return chunks.size();
    }
}
