package io.epoll4j.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** IMF-fixdate formatting, and reformatting only when the second changes. */
class DateCacheTest {

    @Test
    void formatsTheRfc9110ExampleDate() {
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", HttpDates.format(784_111_777L));
    }

    @Test
    void formatMatchesJavaTimeForManyInstants() {
        DateTimeFormatter imf = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);
        for (long s = 0; s < 4_000_000_000L; s += 12_345_679L) {
            assertEquals(imf.format(ZonedDateTime.ofInstant(java.time.Instant.ofEpochSecond(s), ZoneOffset.UTC)),
                    HttpDates.format(s));
        }
    }

    @Test
    void parseIsTheInverseOfFormatAndRejectsOtherForms() {
        assertEquals(784_111_777L, HttpDates.parse("Sun, 06 Nov 1994 08:49:37 GMT"));
        assertEquals(-1, HttpDates.parse("Sunday, 06-Nov-94 08:49:37 GMT"));
        assertEquals(-1, HttpDates.parse("Sun Nov  6 08:49:37 1994"));
        assertEquals(-1, HttpDates.parse("Sun, 06 Nov 1994 08:49:37 UTC"));
        assertEquals(-1, HttpDates.parse("Sun, 31 Feb 1994 08:49:37 GMT"));
        assertEquals(-1, HttpDates.parse(null));
    }

    @Test
    void sameSecondReturnsTheSameCachedBytes() {
        AtomicLong clock = new AtomicLong(784_111_777_000L);
        DateCache cache = new DateCache(clock::get);
        byte[] first = cache.bytes();
        clock.addAndGet(999);
        assertSame(first, cache.bytes());
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", cache.text());
    }

    @Test
    void nextSecondIsFormattedAfresh() {
        AtomicLong clock = new AtomicLong(784_111_777_999L);
        DateCache cache = new DateCache(clock::get);
        byte[] first = cache.bytes();
        clock.incrementAndGet();
        assertNotSame(first, cache.bytes());
        assertEquals("Sun, 06 Nov 1994 08:49:38 GMT", cache.text());
    }

    @Test
    void concurrentReadersOnlyEverSeeWholeDates() throws InterruptedException {
        AtomicLong clock = new AtomicLong(784_111_777_000L);
        DateCache cache = new DateCache(() -> clock.addAndGet(7));
        java.util.Set<String> bad = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 20_000; i++) {
                    String s = new String(cache.bytes(), java.nio.charset.StandardCharsets.US_ASCII);
                    if (HttpDates.parse(s) < 784_111_777L) {
                        bad.add(s);
                    }
                }
            });
        }
        for (Thread t : threads) {
            t.join();
        }
        assertTrue(bad.isEmpty(), bad.toString());
    }
}
