package io.epoll4j.http;

import io.epoll4j.loop.EventLoop;
import io.epoll4j.loop.LoopLocal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;

/**
 * What the HTTP connections of one event loop share: the segment responses are encoded into
 * (a whole batch of them, sent from there without a copy), the segment heap bodies are copied
 * through, the pool of parsing state, and the Date of the current turn. A connection holds an
 * {@link Exchange} while it answers a read, and past it only while a request is split across
 * reads or answers wait for the peer; an idle keep-alive connection holds none. Loop thread only.
 */
final class HttpLoop {
    static final long OUT_SIZE = 64 * 1024;
    /** Exchanges kept for reuse; more are left to the garbage collector. */
    private static final int MAX_POOLED = 256;

    static final LoopLocal<HttpLoop> SLOT = LoopLocal.withInitial(HttpLoop::new);

    final MemorySegment out;
    final MemorySegment copy;
    private final ArrayDeque<Exchange> pool = new ArrayDeque<>();
    /** The loop whose turns the Date is read once in; null for a session used on its own. */
    private final EventLoop loop;
    private byte[] date;
    private DateCache dateSource;
    private long dateTurn;

    /** For a session used on its own, as in tests: the Date is read for every batch. */
    HttpLoop() {
        this(null);
    }

    HttpLoop(EventLoop loop) {
        this.loop = loop;
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

    /**
     * The Date for responses written in this turn of the loop: {@code dates} is read once per
     * turn, not once per read callback. The wall clock is a vDSO call (some 25 ns, several times
     * what encoding a small response costs), and a turn handles every connection its poll
     * returned; a Date at most one turn old is the second the response was made in, or the one before.
     */
    byte[] date(DateCache dates) {
        if (loop == null) {
            return dates.bytes();
        }
        long turn = loop.turnTime();
        if (turn != dateTurn || dates != dateSource) {   // dateSource is null before the first read
            date = dates.bytes();
            dateTurn = turn;
            dateSource = dates;
        }
        return date;
    }

    void give(Exchange e) {
        if (pool.size() < MAX_POOLED) {
            pool.addLast(e);
        }
    }
}
