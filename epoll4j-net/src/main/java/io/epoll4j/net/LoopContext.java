package io.epoll4j.net;

import io.epoll4j.loop.EventLoop;
import io.epoll4j.loop.FdHandler;
import io.epoll4j.loop.LoopLocal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.ArrayList;

/**
 * What the connections of one event loop share: the read buffer every read goes into, the pool
 * of output chunks, and the one {@link FdHandler} that dispatches to them. Used by the loop
 * thread only, so nothing here is synchronized. Each loop holds its own in a {@link LoopLocal}
 * slot.
 */
final class LoopContext {
    static final int READ_BUFFER_SIZE = 64 * 1024;
    static final int CHUNK_SIZE = 16 * 1024;
    // Free chunks kept per loop (4 MiB of native memory); more are freed at once, not left to
    // the garbage collector, which may not run for a long time while the heap is quiet.
    static final int MAX_POOLED = 256;

    private static final LoopLocal<LoopContext> CONTEXT = LoopLocal.withInitial(loop -> new LoopContext());

    final MemorySegment readBuffer = Arena.ofAuto().allocate(READ_BUFFER_SIZE, 64);
    // The attachment finds the connection: no lookup, no allocation per event.
    final FdHandler io = (registration, ready) -> ((Connection) registration.attachment()).ready(ready);
    private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();
    /** Chunks allocated and not yet freed, pooled or in use: for tests that pin the freeing. */
    int liveChunks;
    /** The connection whose callback is running: its writes are flushed when the callback returns. */
    Connection active;
    // Connections written to from elsewhere (a task, another connection's callback), flushed
    // by one task at the loop's next pass; the task and the list are reused.
    private final ArrayList<Connection> toFlush = new ArrayList<>();
    private final Runnable flushAll = this::flushAll;
    private boolean flushScheduled;

    private LoopContext() {}

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

    /** A {@link #CHUNK_SIZE} block of native memory with the arena that frees it; loop thread only. */
    static final class Chunk {
        final Arena arena = Arena.ofConfined();
        final MemorySegment memory = arena.allocate(CHUNK_SIZE, 64);
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
            chunk.arena.close();
            liveChunks--;
        }
    }

    int pooledChunks() {
        return chunks.size();
    }
}
