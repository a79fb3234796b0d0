package io.epoll4j.loop;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventLoopTurnTimeTest {

    @Test
    void turnTimeIsTheClockReadWhenThePollReturnedNeverAhead() throws Exception {
        try (EventLoop loop = EventLoop.start("turn-time")) {
            long before = System.nanoTime();
            long[] seen = loop.submit(() -> new long[] {loop.turnTime(), System.nanoTime()}).get(5, TimeUnit.SECONDS);
            long after = System.nanoTime();
            // The task was submitted after `before`, so the poll that found it returned after it.
            assertTrue(seen[0] - before >= 0, "turn time " + seen[0] + " before the submission at " + before);
            assertTrue(seen[1] - seen[0] >= 0, "turn time ahead of the clock inside the turn");
            assertTrue(after - seen[0] >= 0);
        }
    }

    @Test
    void turnTimeStaysFixedWithinATurnAndAdvancesWithTheNext() throws Exception {
        try (EventLoop loop = EventLoop.start("turn-time")) {
            long[] sameTurn = loop.submit(() -> {
                long first = loop.turnTime();
                long spinUntil = System.nanoTime() + 1_000_000;   // a millisecond of work in one turn
                while (System.nanoTime() - spinUntil < 0) {
                    Thread.onSpinWait();
                }
                return new long[] {first, loop.turnTime()};
            }).get(5, TimeUnit.SECONDS);
            assertEquals(sameTurn[0], sameTurn[1], "a clock read per call, not one per turn");
            long next = loop.submit(loop::turnTime).get(5, TimeUnit.SECONDS);
            assertTrue(next - sameTurn[1] >= 1_000_000, "the next turn's time did not move past the work");
        }
    }
}
