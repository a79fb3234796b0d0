package io.epoll4j.http;

import io.epoll4j.loop.LoopLocal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;

/**
 * What the HTTP connections of one event loop share: the segment responses are encoded into
 * (a whole batch of them, sent from there without a copy), the segment heap bodies are copied
 * through, and the pool of parsing state. A connection holds an {@link Exchange} while it
 * answers a read, and past it only while a request is split across reads or answers wait for
 * the peer; an idle keep-alive connection holds none. Loop thread only.
 */
final class HttpLoop {
    static final long OUT_SIZE = 64 * 1024;
    /** Exchanges kept for reuse; more are left to the garbage collector. */
    private static final int MAX_POOLED = 256;

    static final LoopLocal<HttpLoop> SLOT = LoopLocal.withInitial(loop -> new HttpLoop());

    final MemorySegment out;
    final MemorySegment copy;
    private final ArrayDeque<Exchange> pool = new ArrayDeque<>();

    HttpLoop() {
        Arena arena = Arena.ofAuto();
        out = arena.allocate(OUT_SIZE, 64);
        copy = arena.allocate(OUT_SIZE, 64);
    }

    /** A parser, writer and response for {@code session}'s limits and budget. */
    Exchange take(HttpSession session) {
        Exchange e = pool.pollLast();
        if (e == null || !e.fits(session)) {
            return new Exchange(session);
        }
        return e;
    }

    void give(Exchange e) {
        if (pool.size() < MAX_POOLED) {
            pool.addLast(e);
        }
    }
}
