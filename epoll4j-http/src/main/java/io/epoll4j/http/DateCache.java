package io.epoll4j.http;

import java.util.function.LongSupplier;

/**
 * The current date as IMF-fixdate bytes for the {@code Date} header, formatted at most once
 * per second and shared by all threads.
 *
 * {@snippet :
 * DateCache dates = new DateCache();
 * byte[] now = dates.bytes();   // 29 bytes, e.g. "Sun, 06 Nov 1994 08:49:37 GMT"; do not modify
 * }
 *
 * <h2>Implementation notes</h2>
 * Each read compares the clock's second with the cached one; the clock is
 * {@link System#currentTimeMillis()} (a vDSO call, no syscall). The cached second and its
 * bytes are published together as one immutable holder through a volatile field, so a reader
 * never sees a torn date; two threads crossing a second boundary at once may both format,
 * which is harmless.
 */
public final class DateCache {

    private record Stamp(long second, byte[] bytes) {
    }

    private final LongSupplier millis;
    private volatile Stamp stamp = new Stamp(Long.MIN_VALUE, null);

    /** A cache over the system clock. */
    public DateCache() {
        this(System::currentTimeMillis);
    }

    /** A cache over {@code millis}, a clock in epoch milliseconds (tests use a fake one). */
    public DateCache(LongSupplier millis) {
        this.millis = millis;
    }

    /** The current date's 29 bytes; the array is shared: never modify it. */
    public byte[] bytes() {
        return bytesAt(millis());
    }

    /** One read of this cache's clock, in epoch milliseconds. */
    long millis() {
        return millis.getAsLong();
    }

    /** The 29 bytes of the date at {@code epochMillis}, a time {@link #millis()} returned. */
    byte[] bytesAt(long epochMillis) {
        long second = Math.floorDiv(epochMillis, 1000L);
        Stamp s = stamp;
        if (s.second != second) {
            byte[] b = new byte[HttpDates.LENGTH];
            HttpDates.format(second, b, 0);
            s = new Stamp(second, b);
            stamp = s;
        }
        return s.bytes;
    }

    /** The current date as a String (allocates). */
    public String text() {
        return new String(bytes(), java.nio.charset.StandardCharsets.US_ASCII);
    }
}
