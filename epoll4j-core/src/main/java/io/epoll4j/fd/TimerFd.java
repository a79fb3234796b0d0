package io.epoll4j.fd;

import io.epoll4j.sys.TimerCalls;

import java.time.Duration;


/**
 * A timer that delivers its expirations through a file descriptor (timerfd_create(2)):
 * readable once it has expired, so it waits in an epoll set beside sockets, with nanosecond
 * resolution.
 *
 * {@snippet :
 * try (TimerFd timer = TimerFd.create();            // CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC
 *      Poller poller = Poller.open();
 *      Events events = Events.withCapacity(8)) {
 *     poller.register(timer, 7L, Interest.READABLE, Trigger.LEVEL);
 *     timer.schedule(Duration.ofMillis(5), Duration.ofMillis(5));   // first after 5 ms, then every 5 ms
 *     poller.poll(events, -1);
 *     long expirations = timer.read();              // 1, or more if the reader fell behind
 * }
 * }
 *
 * <h2>The rules of timerfd_create(2)</h2>
 * <ul>
 * <li>An expired timer stays readable until read; read returns the number of expirations
 *     since the last read (or since the timer was set) and resets it to 0. With
 *     {@link #TFD_NONBLOCK}, {@link #read()} returns 0 when the timer has not expired.
 * <li>A value of 0 disarms the timer; an interval of 0 makes it one-shot. Setting the timer
 *     again replaces the old setting and resets the expiration count.
 * <li>A timer never expires early; it may be reported late by the scheduler's latency.
 * <li>{@link #CLOCK_MONOTONIC} does not count time in suspend; {@link #CLOCK_BOOTTIME} does;
 *     {@link #CLOCK_REALTIME} follows changes of the system clock. The {@code _ALARM} clocks
 *     also wake a suspended system and need CAP_WAKE_ALARM.
 * <li>With {@link #TFD_TIMER_ABSTIME} the value is a time on the timer's clock
 *     ({@link #now()}). With {@link #TFD_TIMER_CANCEL_ON_SET} as well, on a realtime clock,
 *     setting the system clock cancels the timer: {@link #read()} then returns
 *     {@link #CANCELED} (the kernel's ECANCELED).
 * </ul>
 */
public final class TimerFd extends OwnedFd {
    /** The settable system-wide wall clock. */
    public static final int CLOCK_REALTIME = TimerCalls.CLOCK_REALTIME;
    /** A clock that never goes back and stops while the system is suspended. */
    public static final int CLOCK_MONOTONIC = TimerCalls.CLOCK_MONOTONIC;
    /** Like CLOCK_MONOTONIC, but counting time in suspend (Linux 3.15 for timerfd). */
    public static final int CLOCK_BOOTTIME = TimerCalls.CLOCK_BOOTTIME;
    /** CLOCK_REALTIME that wakes the system from suspend; needs CAP_WAKE_ALARM. */
    public static final int CLOCK_REALTIME_ALARM = TimerCalls.CLOCK_REALTIME_ALARM;
    /** CLOCK_BOOTTIME that wakes the system from suspend; needs CAP_WAKE_ALARM. */
    public static final int CLOCK_BOOTTIME_ALARM = TimerCalls.CLOCK_BOOTTIME_ALARM;

    /** timerfd_create flag: non-blocking reads. */
    public static final int TFD_NONBLOCK = TimerCalls.TFD_NONBLOCK;
    /** timerfd_create flag: close on exec. */
    public static final int TFD_CLOEXEC = TimerCalls.TFD_CLOEXEC;
    /** timerfd_settime flag: the value is an absolute time on the timer's clock. */
    public static final int TFD_TIMER_ABSTIME = TimerCalls.TFD_TIMER_ABSTIME;
    /** timerfd_settime flag, with TFD_TIMER_ABSTIME on a realtime clock: cancel when the clock is set. */
    public static final int TFD_TIMER_CANCEL_ON_SET = TimerCalls.TFD_TIMER_CANCEL_ON_SET;

    /** What {@link #read()} returns when a TFD_TIMER_CANCEL_ON_SET timer was cancelled. */
    public static final long CANCELED = -1;

    /**
     * The setting of a timer (a {@code struct itimerspec}), in nanoseconds.
     *
     * {@snippet :
     * TimerFd.Spec spec = timer.get();
     * if (spec.isArmed()) {
     *     System.out.println("next in " + spec.remaining() + ", then every " + spec.interval());
     * }
     * }
     *
     * @param remainingNanos time until the next expiration, relative even for an absolute
     *                       timer; 0 when disarmed
     * @param intervalNanos  the period after the first expiration; 0 for a one-shot timer
     */
    public record Spec(long remainingNanos, long intervalNanos) {
        /**
         * Whether the timer will expire again, as timerfd_gettime(2) tells it: a value of 0 means
         * disarmed. One edge: the kernel clamps an overdue remainder to 0, so a periodic timer
         * whose next expiry is due but not yet counted (a 1 ms period on a loaded machine) reads
         * as disarmed for that instant; {@link #intervalNanos()} still shows its period.
         */
        public boolean isArmed() {
            return remainingNanos != 0;
        }

        /** The time left until the next expiry. */
        public Duration remaining() {
            return Duration.ofNanos(remainingNanos);
        }

        /** The period after it, zero for a one-shot timer. */
        public Duration interval() {
            return Duration.ofNanos(intervalNanos);
        }
    }

    private final int clock;

    private TimerFd(int fd, int clock) {
        super(fd);
        this.clock = clock;
    }

    /** A disarmed CLOCK_MONOTONIC timer, {@code TFD_NONBLOCK | TFD_CLOEXEC}. */
    public static TimerFd create() throws ErrnoException {
        return create(CLOCK_MONOTONIC);
    }

    /** A disarmed timer on {@code clockid}, {@code TFD_NONBLOCK | TFD_CLOEXEC}. */
    public static TimerFd create(int clockid) throws ErrnoException {
        return create(clockid, TFD_NONBLOCK | TFD_CLOEXEC);
    }

    /** timerfd_create(clockid, flags). */
    public static TimerFd create(int clockid, int flags) throws ErrnoException {
        int fd = ErrnoException.check(TimerCalls.timerfdCreate(clockid, flags),
                "timerfd_create(" + clockName(clockid) + ")");
        return new TimerFd(fd, clockid);
    }

    /** The clock this timer counts on. */
    public int clock() {
        return clock;
    }

    /**
     * Arms a one-shot timer {@code delay} from now. A zero delay expires at once (the kernel
     * reads a value of 0 as "disarm", so 1 ns is set instead).
     */
    public void schedule(Duration delay) throws ErrnoException {
        schedule(delay, Duration.ZERO);
    }

    /** Arms a timer that expires {@code delay} from now and then every {@code interval} (zero: once). */
    public void schedule(Duration delay, Duration interval) throws ErrnoException {
        schedule(nanos(delay, "delay"), nanos(interval, "interval"));
    }

    /** {@link #schedule(Duration, Duration)} in nanoseconds. */
    public void schedule(long delayNanos, long intervalNanos) throws ErrnoException {
        checkNotNegative(delayNanos, "delay");
        settime(0, Math.max(delayNanos, 1), intervalNanos);
    }

    /**
     * Arms the timer to expire at {@code deadlineNanos} on its clock (see {@link #now()}), then
     * every {@code intervalNanos}; a deadline already past expires at once.
     *
     * @param cancelOnSet on a realtime clock, cancel when the system clock is set
     *                    ({@link #TFD_TIMER_CANCEL_ON_SET}); {@link #read()} then returns {@link #CANCELED}
     */
    public void scheduleAt(long deadlineNanos, long intervalNanos, boolean cancelOnSet) throws ErrnoException {
        checkNotNegative(deadlineNanos, "deadline");
        int flags = TFD_TIMER_ABSTIME | (cancelOnSet ? TFD_TIMER_CANCEL_ON_SET : 0);
        settime(flags, Math.max(deadlineNanos, 1), intervalNanos);
    }

    /** Disarms the timer: a value of 0. Expirations not yet read are dropped. */
    public void disarm() throws ErrnoException {
        settime(0, 0, 0);
    }

    /**
     * timerfd_settime(fd, flags, {value, interval}, NULL), 1:1: a value of 0 disarms.
     *
     * @param flags 0, {@link #TFD_TIMER_ABSTIME}, or that with {@link #TFD_TIMER_CANCEL_ON_SET}
     */
    public void settime(int flags, long valueNanos, long intervalNanos) throws ErrnoException {
        checkNotNegative(valueNanos, "value");
        checkNotNegative(intervalNanos, "interval");
        int n = acquire();
        try {
            ErrnoException.check(TimerCalls.timerfdSettime(n, flags, valueNanos, intervalNanos, null),
                    "timerfd_settime(fd " + n + ")");
        } finally {
            release();
        }
    }

    /** timerfd_gettime: the time to the next expiration (0 if disarmed) and the interval. */
    public Spec get() throws ErrnoException {
        long[] current = new long[2];
        int n = acquire();
        try {
            ErrnoException.check(TimerCalls.timerfdGettime(n, current), "timerfd_gettime(fd " + n + ")");
        } finally {
            release();
        }
        return new Spec(current[0], current[1]);
    }

    /** The current time on this timer's clock, in nanoseconds: the base for {@link #scheduleAt}. */
    public long now() throws ErrnoException {
        return ErrnoException.check(TimerCalls.clockGettime(clock), "clock_gettime(" + clockName(clock) + ")");
    }

    /**
     * Reads and resets the expiration count.
     *
     * @return the expirations since the last read; 0 if none and the fd is non-blocking;
     *         {@link #CANCELED} if a TFD_TIMER_CANCEL_ON_SET timer was cancelled by a clock change
     */
    public long read() throws ErrnoException {
        return readCounter(TimerCalls.ECANCELED, CANCELED);
    }

    /** The name of a clock ID, such as {@code "CLOCK_MONOTONIC"}. */
    public static String clockName(int clockid) {
        return switch (clockid) {
            case CLOCK_REALTIME -> "CLOCK_REALTIME";
            case CLOCK_MONOTONIC -> "CLOCK_MONOTONIC";
            case CLOCK_BOOTTIME -> "CLOCK_BOOTTIME";
            case CLOCK_REALTIME_ALARM -> "CLOCK_REALTIME_ALARM";
            case CLOCK_BOOTTIME_ALARM -> "CLOCK_BOOTTIME_ALARM";
            default -> "clock " + clockid;
        };
    }

    private static long nanos(Duration d, String what) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("negative " + what + ": " + d);
        }
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE; // about 292 years: as good as never
        }
    }

    private static void checkNotNegative(long nanos, String what) {
        if (nanos < 0) {
            throw new IllegalArgumentException("negative " + what + ": " + nanos + " ns");
        }
    }

    @Override
    String describe(int n) {
        return "timerfd " + n;
    }
}
