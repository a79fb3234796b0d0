package io.epoll4j.fd;

import org.junit.jupiter.api.Test;

import static io.epoll4j.fd.EpollFlags.EPOLLIN;
import static io.epoll4j.fd.EpollFlags.EPOLLOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** eventfd(2)'s rules, as the kernel applies them. */
class EventFdTest {

    @Test
    void readReturnsTheSumOfWritesAndResetsTheCounter() throws ErrnoException {
        try (EventFd efd = EventFd.create()) {
            assertTrue(efd.write(3));
            assertTrue(efd.write(4));
            assertEquals(7, efd.read());
            assertEquals(0, efd.read(), "counter 0, non-blocking: EAGAIN reads as 0");
        }
    }

    @Test
    void initialValueIsReadBack() throws ErrnoException {
        try (EventFd efd = EventFd.create(5, EventFd.EFD_NONBLOCK | EventFd.EFD_CLOEXEC)) {
            assertEquals(5, efd.read());
            assertEquals(0, efd.read());
        }
    }

    @Test
    void semaphoreReadsOneAtATime() throws ErrnoException {
        try (EventFd sem = EventFd.create(0, EventFd.EFD_SEMAPHORE | EventFd.EFD_NONBLOCK | EventFd.EFD_CLOEXEC)) {
            sem.write(3);
            assertEquals(1, sem.read());
            assertEquals(1, sem.read());
            assertEquals(1, sem.read());
            assertEquals(0, sem.read());
        }
    }

    @Test
    void writePastTheMaximumWouldBlockAndReportsFalse() throws ErrnoException {
        try (EventFd efd = EventFd.create(); Epoll epoll = Epoll.create(); EpollEvents events = EpollEvents.allocate(2)) {
            assertTrue(efd.write(EventFd.MAX_COUNTER));
            assertFalse(efd.write(1), "0xfffffffffffffffe + 1 would overflow");
            epoll.add(efd, EPOLLIN | EPOLLOUT, 1L);
            assertEquals(1, epoll.wait(events, 0));
            assertEquals(EPOLLIN, events.events(0), "full counter: readable, not writable");
            assertEquals(EventFd.MAX_COUNTER, efd.read());
            assertEquals("18446744073709551614", Long.toUnsignedString(EventFd.MAX_COUNTER));
            assertTrue(efd.write(1));
        }
    }

    @Test
    void writingAllOnesIsRefusedBeforeTheKernel() throws ErrnoException {
        try (EventFd efd = EventFd.create()) {
            var e = assertThrows(IllegalArgumentException.class, () -> efd.write(-1L));
            assertTrue(e.getMessage().contains("0xffffffffffffffff"), e.getMessage());
            assertEquals(0, efd.read(), "nothing was written");
        }
    }

    @Test
    void readinessFollowsTheCounter() throws ErrnoException {
        try (EventFd efd = EventFd.create(); Epoll epoll = Epoll.create(); EpollEvents events = EpollEvents.allocate(2)) {
            epoll.add(efd, EPOLLIN | EPOLLOUT, 1L);
            assertEquals(1, epoll.wait(events, 0));
            assertEquals(EPOLLOUT, events.events(0));
            efd.write(1);
            assertEquals(1, epoll.wait(events, 0));
            assertEquals(EPOLLIN | EPOLLOUT, events.events(0));
            efd.read();
            assertEquals(1, epoll.wait(events, 0));
            assertEquals(EPOLLOUT, events.events(0));
        }
    }

    @Test
    void useAfterCloseThrowsAndCloseTwiceDoesNothing() throws ErrnoException {
        EventFd efd = EventFd.create();
        efd.close();
        efd.close();
        assertThrows(IllegalStateException.class, efd::read);
        assertThrows(IllegalStateException.class, () -> efd.write(1));
        assertThrows(IllegalStateException.class, efd::fd);
        assertFalse(efd.isOpen());
        assertTrue(efd.toString().contains("closed"), efd.toString());
    }
}
