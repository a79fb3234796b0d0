package io.epoll4j.http;

import io.epoll4j.loop.EventLoop;
import io.epoll4j.loop.LoopLocal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;

/**
 * What the HTTP connections of one event loop share: the segment responses are encoded into
 * (a whole batch of them, sent from there without a copy), the segment heap bodies are copied
 * through, the pool of parsing state, and the Date of the current second. A connection holds an
 * {@link Exchange} while it answers a read, and past it only while a request is split across
 * reads or answers wait for the peer; an idle keep-alive connection holds none. Loop thread only.
 */
final class HttpLoop {
    static final long OUT_SIZE = 64 * 1024;
    /** Exchanges kept for reuse; the memory of more is freed as they are given back. */
    private static final int MAX_POOLED = 256;

    static final LoopLocal<HttpLoop> SLOT = LoopLocal.withInitial(HttpLoop::new);

    final MemorySegment out;
    final MemorySegment copy;
    private final ArrayDeque<Exchange> pool = new ArrayDeque<>();
    /** The loop whose turn time tells when to read the Date again; null for a session used on its own. */
    private final EventLoop loop;
    private byte[] date;
    private DateCache dateSource;
    /** The turn time from which {@link #date} is read again: where its second may end. */
    private long dateUntil;

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
        if (e == null) {
            return new Exchange(session);
        }
        if (!e.fits(session)) {
            e.parser.release();   // its buffer's memory and charge go back now, not at a collection
            return new Exchange(session);
        }
        return e;
    }

    /**
     * The Date for responses written in this turn of the loop. The wall clock (a vDSO call,
     * some 25 ns, several times what encoding a small response costs) is read once per second,
     * not once per read callback or per turn: when it is read, the second it shows has
     * {@code 999 - ms} whole milliseconds left, and until the loop's turn time (the monotonic
     * clock, a field read) has moved on by that much, the Date cannot have changed. A turn
     * time is when the poll returned, before any callback of the turn, so a response's Date is
     * the second it was made in or the one before, as with a read per turn. Were the wall
     * clock set to another time, responses would carry the old one for the rest of that
     * second at most.
     */
    byte[] date(DateCache dates) {
        if (loop == null) {
            return dates.bytes();
        }
        long turn = loop.turnTime();
        if (dates != dateSource || turn - dateUntil >= 0) {   // dateSource is null before the first read
            long millis = dates.millis();
            date = dates.bytesAt(millis);
            dateUntil = turn + (999 - Math.floorMod(millis, 1000L)) * 1_000_000L;
            dateSource = dates;
        }
        return date;
    }

    void give(Exchange e) {
        if (pool.size() < MAX_POOLED) {
            pool.addLast(e);
        } else {
            e.parser.release();
        }
    }
}
