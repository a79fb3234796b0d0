package io.epoll4j.net;

import io.epoll4j.loop.EventLoop;
import io.epoll4j.loop.FdHandler;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * What the connections of one event loop share: the read buffer every read goes into, the pool
 * of output chunks, and the one {@link FdHandler} that dispatches to them. Used by the loop
 * thread only, so nothing here is synchronized.
 */
final class LoopContext {
    static final int READ_BUFFER_SIZE = 64 * 1024;
    static final int CHUNK_SIZE = 16 * 1024;
    // Free chunks kept per loop; more are left to the garbage collector (4 MiB of native memory).
    private static final int MAX_POOLED = 256;

    private static final Map<EventLoop, LoopContext> CONTEXTS = new WeakHashMap<>();

    final MemorySegment readBuffer = Arena.ofAuto().allocate(READ_BUFFER_SIZE, 64);
    // The attachment finds the connection: no lookup, no allocation per event.
    final FdHandler io = (registration, ready) -> ((Connection) registration.attachment()).ready(ready);
    private final ArrayDeque<MemorySegment> chunks = new ArrayDeque<>();

    private LoopContext() {}

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
