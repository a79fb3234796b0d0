package io.epoll4j.sys;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * timerfd_create(2), timerfd_settime(2), timerfd_gettime(2) and clock_gettime(2). Each returns
 * its result or {@code -errno}.
 *
 * <p>The structs ({@code timespec}, {@code itimerspec}) are described in {@link Timespec}.
 *
 * <p>Times cross this class as nanoseconds in a {@code long} (about 292 years): the values are
 * split into a timespec here and joined again on the way back.
 */
public final class TimerCalls {
    public static final int CLOCK_REALTIME = 0;
    public static final int CLOCK_MONOTONIC = 1;
    public static final int CLOCK_BOOTTIME = 7;
    public static final int CLOCK_REALTIME_ALARM = 8;
    public static final int CLOCK_BOOTTIME_ALARM = 9;

    public static final int TFD_NONBLOCK = Unistd.O_NONBLOCK;
    public static final int TFD_CLOEXEC = Unistd.O_CLOEXEC;
    public static final int TFD_TIMER_ABSTIME = 1;
    public static final int TFD_TIMER_CANCEL_ON_SET = 2;
    /** read(2) of a TFD_TIMER_CANCEL_ON_SET timer after the realtime clock was set. */
    public static final int ECANCELED = 125;

    private static final long INTERVAL = Timespec.INTERVAL;
    private static final long VALUE = Timespec.VALUE;
    private static final long ITIMERSPEC_SIZE = Timespec.ITIMERSPEC_SIZE;

    private static final MethodHandle TIMERFD_CREATE = Native.errnoHandle("timerfd_create",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle TIMERFD_SETTIME = Native.errnoHandle("timerfd_settime",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle TIMERFD_GETTIME = Native.errnoHandle("timerfd_gettime",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle CLOCK_GETTIME = Native.errnoHandle("clock_gettime",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));

    private TimerCalls() {}

    public static int timerfdCreate(int clockid, int flags) {
        try {
            return (int) TIMERFD_CREATE.invokeExact(clockid, flags);
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    /**
     * timerfd_settime with the new value and interval in nanoseconds (value 0 disarms). When
     * {@code old} is not null, it receives the previous {@code {value, interval}}.
     */
    public static int timerfdSettime(int fd, int flags, long valueNanos, long intervalNanos, long[] old) {
        MemorySegment spec = Native.scratch();
        putTimespec(spec, INTERVAL, intervalNanos);
        putTimespec(spec, VALUE, valueNanos);
        MemorySegment previous = old == null ? MemorySegment.NULL : spec.asSlice(ITIMERSPEC_SIZE, ITIMERSPEC_SIZE);
        try {
            int r = (int) TIMERFD_SETTIME.invokeExact(fd, flags, spec, previous);
            if (r < 0) {
                return r;
            }
            if (old != null) {
                old[0] = getTimespec(previous, VALUE);
                old[1] = getTimespec(previous, INTERVAL);
            }
            return r;
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    /** timerfd_gettime: fills {@code current} with the time left and the interval, in nanoseconds. */
    public static int timerfdGettime(int fd, long[] current) {
        MemorySegment spec = Native.scratch();
        try {
            int r = (int) TIMERFD_GETTIME.invokeExact(fd, spec);
            if (r < 0) {
                return r;
            }
            current[0] = getTimespec(spec, VALUE);
            current[1] = getTimespec(spec, INTERVAL);
            return r;
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    /**
     * clock_gettime(clockid) in nanoseconds; a negative result is {@code -errno}, which no
     * supported clock can return as a time.
     */
    public static long clockGettime(int clockid) {
        MemorySegment ts = Native.scratch();
        try {
            int r = (int) CLOCK_GETTIME.invokeExact(clockid, ts);
            return r < 0 ? r : getTimespec(ts, 0);
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    private static void putTimespec(MemorySegment seg, long offset, long nanos) {
        Timespec.set(seg, offset, nanos);
    }

    private static long getTimespec(MemorySegment seg, long offset) {
        return Timespec.get(seg, offset);
    }
}
