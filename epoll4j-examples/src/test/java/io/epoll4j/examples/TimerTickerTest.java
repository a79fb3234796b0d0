package io.epoll4j.examples;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ticker counts every expiry, late wake-ups included, and takes at least the time they need. */
class TimerTickerTest {
    @Test
    void countsEveryExpiryInOrder() throws Exception {
        List<Long> ticks = new ArrayList<>();
        long start = System.nanoTime();
        long n = TimerTicker.tick(Duration.ofMillis(10), 5, ticks::add);
        long elapsed = System.nanoTime() - start;
        assertTrue(n >= 5, "counted " + n);
        assertEquals(n, ticks.getLast(), "the last report is the total");
        for (int i = 1; i < ticks.size(); i++) {
            assertTrue(ticks.get(i) > ticks.get(i - 1), "counts only grow: " + ticks);
        }
        assertTrue(ticks.getFirst() >= 1, ticks.toString());
        // Five periods must have passed: a timer cannot expire early (a lower bound, not a timing test).
        assertTrue(elapsed >= Duration.ofMillis(50).toNanos(), "elapsed " + elapsed + " ns");
    }
}
