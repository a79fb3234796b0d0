package io.epoll4j.http;

import io.epoll4j.loop.EventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The Date of a loop's responses comes from one read of the wall clock per second
 * (HttpLoop.date), not one per read callback or per turn: until the loop's turn time has moved
 * past what was left of the second last read, every response shares that read.
 */
class LoopDateTest {
    private static final long SECOND = 784_111_777_000L;   // Sun, 06 Nov 1994 08:49:37 GMT

    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicLong clock = new AtomicLong(SECOND);
    private final DateCache dates = new DateCache(() -> {
        reads.incrementAndGet();
        return clock.get();
    });
    private EventLoop loop;
    private HttpLoop http;

    @BeforeEach
    void start() throws Exception {
        loop = EventLoop.start("turn-date");
        http = loop.submit(() -> loop.local(HttpLoop.SLOT)).get(5, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() {
        loop.close();
    }

    @Test
    void everyCallbackOfOneTurnSharesOneReadOfTheClock() throws Exception {
        String date = loop.submit(() -> {
            String first = text(http.date(dates));
            for (int i = 0; i < 100; i++) {
                assertEquals(first, text(http.date(dates)));
            }
            return first;
        }).get(5, TimeUnit.SECONDS);
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", date);
        assertEquals(1, reads.get());
    }

    @Test
    void laterTurnsOfTheSameSecondShareTheRead() throws Exception {
        // Read at the second's first millisecond: 999 ms of turns follow before it may change.
        long firstTurn = loop.submit(() -> {
            http.date(dates);
            return loop.turnTime();
        }).get(5, TimeUnit.SECONDS);
        clock.set(SECOND + 500);
        // Submitted after the first finished, so in later turns: a turn runs only the tasks
        // queued when its pass over them began, and each turn starts with a poll and a new turn time.
        record Seen(long turn, String date) {}
        for (int i = 0; i < 20; i++) {
            Seen seen = loop.submit(() -> new Seen(loop.turnTime(), text(http.date(dates))))
                    .get(5, TimeUnit.SECONDS);
            if (seen.turn() - firstTurn >= 999_000_000L) {
                return;   // a very slow machine: the second may have ended; nothing to judge
            }
            assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", seen.date());
            assertEquals(1, reads.get(), "the clock read again within its second, at turn " + i);
        }
    }

    @Test
    void aTurnPastTheEndOfTheSecondReadsTheClockAgainAndSeesTheNext() throws Exception {
        clock.set(SECOND + 999);   // the second's last millisecond: no whole one left
        loop.submit(() -> http.date(dates)).get(5, TimeUnit.SECONDS);
        clock.set(SECOND + 1_000);
        // A later turn, and later by at least a nanosecond: the loop's turn time is nanoTime().
        String later = loop.submit(() -> text(http.date(dates))).get(5, TimeUnit.SECONDS);
        assertEquals("Sun, 06 Nov 1994 08:49:38 GMT", later);
        assertEquals(2, reads.get());
    }

    @Test
    void anotherCacheInTheSameTurnIsReadItself() throws Exception {
        DateCache other = new DateCache(() -> SECOND + 60_000);
        String[] both = loop.submit(() -> new String[] {text(http.date(dates)), text(http.date(other))})
                .get(5, TimeUnit.SECONDS);
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", both[0]);
        assertEquals("Sun, 06 Nov 1994 08:50:37 GMT", both[1]);
    }

    @Test
    void aSessionOnItsOwnReadsTheClockForEveryBatch() {
        HttpLoop alone = new HttpLoop();
        alone.date(dates);
        alone.date(dates);
        assertEquals(2, reads.get());
    }

    private static String text(byte[] date) {
        return new String(date, StandardCharsets.US_ASCII);
    }
}
