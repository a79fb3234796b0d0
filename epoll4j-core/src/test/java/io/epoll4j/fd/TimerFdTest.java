package io.epoll4j.fd;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.epoll4j.fd.FdTestSupport.DEADLINE;
import static io.epoll4j.fd.FdTestSupport.awaitReadable;
import static io.epoll4j.fd.FdTestSupport.isReadableNow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimerFdTest {
    private static final long MS = 1_000_000L;

    @Test
    void oneShotFiresOnceAndNeverEarly() throws Exception {
        try (TimerFd timer = TimerFd.create()) {
            assertFalse(isReadableNow(timer));
            long start = System.nanoTime();
            timer.schedule(Duration.ofMillis(2));
            assertTrue(awaitReadable(timer, DEADLINE), "a 2 ms timer did not fire in " + DEADLINE);
            long elapsed = System.nanoTime() - start;
            assertTrue(elapsed >= 2 * MS, "fired after " + elapsed + " ns, before 2 ms");
            assertEquals(1, timer.read());
            assertEquals(0, timer.read(), "a one-shot timer expires once");
            assertFalse(isReadableNow(timer));
            assertFalse(timer.get().isArmed());
        }
    }

    @Test
    void periodicTimerAccumulatesExpirationsUntilRead() throws Exception {
        try (TimerFd periodic = TimerFd.create(); TimerFd guard = TimerFd.create()) {
            long start = System.nanoTime();
            periodic.schedule(Duration.ofMillis(1), Duration.ofMillis(1));
            guard.schedule(Duration.ofMillis(30));
            assertTrue(awaitReadable(guard, DEADLINE));
            long expirations = periodic.read();
            long elapsedMs = (System.nanoTime() - start) / MS;
            // The count comes from the clock, not from wake-ups: at least 30 periods have passed.
            assertTrue(expirations >= 29 && expirations <= elapsedMs + 1,
                    expirations + " expirations in " + elapsedMs + " ms");
            assertTrue(awaitReadable(periodic, DEADLINE), "a periodic timer fires again after a read");
            assertTrue(periodic.read() >= 1);
            TimerFd.Spec spec = periodic.get();
            // Still periodic; the remainder is at most one period, and 0 when the next expiry
            // is already due (a loaded machine can be late to count it: the kernel clamps).
            assertEquals(MS, spec.intervalNanos());
            assertTrue(spec.remainingNanos() >= 0 && spec.remainingNanos() <= MS, spec.toString());
        }
    }

    @Test
    void disarmStopsTheTimerAndDropsUnreadExpirations() throws Exception {
        try (TimerFd timer = TimerFd.create()) {
            timer.schedule(Duration.ofMillis(1), Duration.ofMillis(1));
            assertTrue(awaitReadable(timer, DEADLINE));
            timer.disarm();
            assertEquals(new TimerFd.Spec(0, 0), timer.get());
            assertEquals(0, timer.read());
            assertFalse(awaitReadable(timer, Duration.ofMillis(20)), "a disarmed timer fired");
        }
    }

    @Test
    void getReportsTheTimeLeftAndTheInterval() throws Exception {
        try (TimerFd timer = TimerFd.create()) {
            timer.schedule(Duration.ofSeconds(10), Duration.ofMillis(1500));
            TimerFd.Spec spec = timer.get();
            assertTrue(spec.remainingNanos() <= 10_000 * MS && spec.remainingNanos() > 9_000 * MS,
                    "remaining " + spec.remaining());
            assertEquals(Duration.ofMillis(1500), spec.interval());
        }
    }

    @Test
    void readBeforeExpiryReturnsZero() throws Exception {
        try (TimerFd timer = TimerFd.create()) {
            assertEquals(0, timer.read(), "disarmed");
            timer.schedule(Duration.ofSeconds(10));
            assertEquals(0, timer.read(), "armed, not expired");
        }
    }

    @Test
    void absoluteDeadlineOnTheTimersClock() throws Exception {
        for (int clock : new int[] {TimerFd.CLOCK_MONOTONIC, TimerFd.CLOCK_REALTIME, TimerFd.CLOCK_BOOTTIME}) {
            try (TimerFd timer = TimerFd.create(clock)) {
                assertEquals(clock, timer.clock());
                long deadline = timer.now() + 2 * MS;
                timer.scheduleAt(deadline, 0, false);
                assertTrue(awaitReadable(timer, DEADLINE), TimerFd.clockName(clock));
                assertTrue(timer.now() >= deadline, TimerFd.clockName(clock) + " fired early");
                assertEquals(1, timer.read());
            }
        }
    }

    @Test
    void cancelOnSetTimerStaysArmedWhileTheClockIsNotSet() throws Exception {
        try (TimerFd timer = TimerFd.create(TimerFd.CLOCK_REALTIME)) {
            timer.scheduleAt(timer.now() + 3 * MS, 0, true);
            assertTrue(awaitReadable(timer, DEADLINE));
            assertEquals(1, timer.read());
        }
    }

    @Test
    void zeroDelayFiresAtOnceAndRawZeroDisarms() throws Exception {
        try (TimerFd timer = TimerFd.create()) {
            timer.schedule(Duration.ZERO);
            assertTrue(awaitReadable(timer, DEADLINE));
            assertEquals(1, timer.read());
            timer.schedule(Duration.ofSeconds(10));
            timer.settime(0, 0, 0);
            assertFalse(timer.get().isArmed());
        }
    }

    @Test
    void negativeTimesAreRefused() throws Exception {
        try (TimerFd timer = TimerFd.create()) {
            assertThrows(IllegalArgumentException.class, () -> timer.schedule(Duration.ofMillis(-1)));
            assertThrows(IllegalArgumentException.class, () -> timer.schedule(1, -1));
        }
    }

    @Test
    void unknownClockIsEinval() {
        ErrnoException e = assertThrows(ErrnoException.class, () -> TimerFd.create(12345));
        FdTestSupport.assertErrno(ErrnoException.EINVAL, e);
    }

    @Test
    void useAfterCloseThrowsAndCloseTwiceIsNoOp() throws Exception {
        TimerFd timer = TimerFd.create();
        FdTestSupport.assertCloseRules(timer, timer::read);
        assertThrows(IllegalStateException.class, () -> timer.schedule(Duration.ofMillis(1)));
        assertThrows(IllegalStateException.class, timer::get);
        assertThrows(IllegalStateException.class, timer::disarm);
    }

    @Test
    void noFdLeakOver500Cycles() throws Exception {
        FdTestSupport.assertNoFdLeak(TimerFd::create);
    }
}
