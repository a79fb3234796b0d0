package io.epoll4j.examples;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ticker counts every expiry once, in order, and takes at least the time they need. */
class TimerTickerTest {
    @Test
    void countsEachExpiryOnceInOrder() throws Exception {
        List<Long> ticks = new ArrayList<>();
        long start = System.nanoTime();
        long n = TimerTicker.tick(Duration.ofMillis(10), 5, ticks::add);
        long elapsed = System.nanoTime() - start;
        assertEquals(5, n);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), ticks);
        // Five periods must have passed: a timer cannot expire early (a lower bound, not a timing test).
        assertTrue(elapsed >= Duration.ofMillis(50).toNanos(), "elapsed " + elapsed + " ns");
    }
}
