package io.epoll4j.fd;

import io.epoll4j.poll.Events;
import io.epoll4j.poll.Interest;
import io.epoll4j.poll.Poller;
import io.epoll4j.poll.Trigger;
import io.epoll4j.sys.Errno;
import io.epoll4j.testing.ProcFds;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Helpers shared by the tests of the fd types: waiting with a poller, counting fds, lifecycle checks. */
final class FdTestSupport {
    /** Long enough for a loaded 2-core machine; an event that should come comes well before. */
    static final Duration DEADLINE = Duration.ofSeconds(10);

    private FdTestSupport() {}

    @FunctionalInterface
    interface FdFactory {
        OwnedFd open() throws Exception;
    }

    /**
     * Waits with a poller until {@code fd} is readable or {@code timeout} passes; whether it
     * became readable. The poll runs on the calling thread (which matters for signalfd).
     */
    static boolean awaitReadable(OwnedFd fd, Duration timeout) throws ErrnoException {
        try (Poller poller = Poller.open(); Events events = Events.withCapacity(4)) {
            poller.register(fd, 42L, Interest.READABLE, Trigger.LEVEL);
            long deadline = System.nanoTime() + timeout.toNanos();
            long left = timeout.toNanos();
            do {  // at least one poll, also for a timeout of 0
                poller.poll(events, Math.max(left, 0));
                while (events.next()) {
                    if (events.token() == 42L && events.isReadable()) {
                        return true;
                    }
                }
                left = deadline - System.nanoTime();
            } while (left > 0);
            return false;
        }
    }

    /** Whether {@code fd} is readable right now: a poll with a timeout of 0. */
    static boolean isReadableNow(OwnedFd fd) throws ErrnoException {
        return awaitReadable(fd, Duration.ZERO);
    }

    /** Use after close throws IllegalStateException; a second close does nothing. */
    static void assertCloseRules(OwnedFd fd, ThrowingCall use) {
        fd.close();
        assertFalse(fd.isOpen());
        assertThrows(IllegalStateException.class, use::call);
        assertThrows(IllegalStateException.class, fd::fd);
        assertDoesNotThrow(fd::close);
    }

    @FunctionalInterface
    interface ThrowingCall {
        void call() throws Exception;
    }

    /** 500 create/close cycles leave the process's fd count where it was (give or take the JVM's own). */
    static void assertNoFdLeak(FdFactory factory) throws Exception {
        for (int i = 0; i < 20; i++) {           // warm up: class loading opens files once
            factory.open().close();
        }
        long before = ProcFds.count();
        for (int i = 0; i < 500; i++) {
            OwnedFd fd = factory.open();
            assertTrue(fd.fd() >= 0);
            fd.close();
        }
        long after = ProcFds.count();
        assertTrue(after - before < 10, "fds before " + before + ", after 500 cycles " + after);
    }

    /** Compares by symbolic name, so a failure reads "expected ESRCH but was EINVAL". */
    static void assertErrno(int errno, ErrnoException e) {
        assertEquals(Errno.name(errno), Errno.name(e.errno()), e.getMessage());
    }
}
