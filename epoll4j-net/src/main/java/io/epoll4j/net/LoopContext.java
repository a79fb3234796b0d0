package io.epoll4j.net;

import io.epoll4j.fd.IoVecBatch;
import io.epoll4j.loop.EventLoop;
import io.epoll4j.loop.FdHandler;
import io.epoll4j.loop.LoopRegistration;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * What the connections of one event loop share: the read buffer every read goes into, the pool
 * of output chunks, the gathering-write batch, and the one {@link FdHandler} that dispatches to them. Used by the loop
 * thread only, so nothing here is synchronized.
 */
final class LoopContext {
    static final int READ_BUFFER_SIZE = 64 * 1024;
    static final int CHUNK_SIZE = 16 * 1024;
    /** Slices one flush hands to one sendmsg(2). */
    static final int WRITE_BATCH = 64;
    // Free chunks kept per loop; more are left to the garbage collector (4 MiB of native memory).
    private static final int MAX_POOLED = 256;

    private static final Map<EventLoop, LoopContext> CONTEXTS = new WeakHashMap<>();

    final MemorySegment readBuffer = Arena.ofAuto().allocate(READ_BUFFER_SIZE, 64);
    /** The gathering-write batch every flush of this loop's connections fills and sends. */
    final IoVecBatch batch = IoVecBatch.allocate(WRITE_BATCH);
    // The attachment finds the connection: no lookup, no allocation per event. A named class,
    // not a lambda: a lambda is two inlining levels (its class and its body), and the path from
    // the loop's turn down to a downcall must stay within C2's inlining depth for the downcall's
    // errno-capture slice to be scalar-replaced (ConnectionAllocationTest).
    final FdHandler io = new Dispatch();

    private static final class Dispatch implements FdHandler {
        @Override
        public void ready(LoopRegistration registration, int readyMask) throws Exception {
            ((Connection) registration.attachment()).ready(readyMask);
        }
    }
    private final ArrayDeque<MemorySegment> chunks = new ArrayDeque<>();
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
        synchronized (CONTEXTS) {
            return CONTEXTS.computeIfAbsent(loop, l -> new LoopContext());
        }
    }

    /** A {@link #CHUNK_SIZE} chunk of native memory, from the pool when it has one. */
    MemorySegment takeChunk() {
        MemorySegment chunk = chunks.pollLast();
        return chunk != null ? chunk : Arena.ofAuto().allocate(CHUNK_SIZE, 64);
    }

    void giveChunk(MemorySegment chunk) {
        if (chunks.size() < MAX_POOLED) {
            chunks.addLast(chunk);
        }
    }

    int pooledChunks() {
        return chunks.size();
    }
}
