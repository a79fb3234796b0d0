package io.epoll4j.sys;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Accessors over {@code struct timespec} and {@code struct itimerspec} (64-bit Linux), in
 * nanoseconds.
 *
 * <pre>
 * struct timespec {
 *     time_t tv_sec;    // seconds
 *     long   tv_nsec;   // nanoseconds, 0 .. 999,999,999
 * };
 * struct itimerspec {
 *     struct timespec it_interval;  // period of a periodic timer
 *     struct timespec it_value;     // first expiration
 * };
 * </pre>
 */
public final class Timespec {
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("tv_sec"), JAVA_LONG.withName("tv_nsec"));
    public static final StructLayout ITIMERSPEC = MemoryLayout.structLayout(
            LAYOUT.withName("it_interval"), LAYOUT.withName("it_value"));
    public static final long SIZE = LAYOUT.byteSize();
    public static final long ITIMERSPEC_SIZE = ITIMERSPEC.byteSize();
    /** Where {@code it_interval} and {@code it_value} start in an {@code itimerspec}. */
    public static final long INTERVAL = ITIMERSPEC.byteOffset(groupElement("it_interval"));
    public static final long VALUE = ITIMERSPEC.byteOffset(groupElement("it_value"));

    private static final long SEC = LAYOUT.byteOffset(groupElement("tv_sec"));
    private static final long NSEC = LAYOUT.byteOffset(groupElement("tv_nsec"));
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private Timespec() {}

    /** Writes {@code nanos} (not negative) as the timespec at {@code offset}. */
    public static void set(MemorySegment seg, long offset, long nanos) {
        seg.set(JAVA_LONG, offset + SEC, nanos / NANOS_PER_SECOND);
        seg.set(JAVA_LONG, offset + NSEC, nanos % NANOS_PER_SECOND);
    }

    /** The timespec at {@code offset} in nanoseconds, saturated at {@code Long.MAX_VALUE} past 2262. */
    public static long get(MemorySegment seg, long offset) {
        long seconds = seg.get(JAVA_LONG, offset + SEC);
        long nanos = seg.get(JAVA_LONG, offset + NSEC);
        if (seconds > (Long.MAX_VALUE - nanos) / NANOS_PER_SECOND) {
            return Long.MAX_VALUE;
        }
        return seconds * NANOS_PER_SECOND + nanos;
    }
}
