package io.epoll4j.poll;

import io.epoll4j.fd.EpollFlags;
import io.epoll4j.fd.ErrnoException;
import io.epoll4j.fd.Pipe;
import io.epoll4j.testing.Fixtures;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Trigger modes through the poller, and the combinations the API refuses before the kernel. */
class TriggerTest {
    private static final long QUIET = 20_000_000L;

    @Test
    void levelKeepsReportingUnreadData() throws ErrnoException {
        try (Poller poller = Poller.open(); Pipe pipe = Pipe.open(); Events events = Events.withCapacity(4)) {
            poller.register(pipe.source(), 1L, Interest.READABLE, Trigger.LEVEL);
            Fixtures.write(pipe.sink(), "x");
            for (int i = 0; i < 3; i++) {
                assertEquals(1, poller.poll(events, 1_000_000_000L));
            }
            Fixtures.readOnce(pipe.source());
            assertEquals(0, poller.poll(events, QUIET));
        }
    }

    @Test
    void edgeReportsOnceUntilNewDataArrives() throws ErrnoException {
        try (Poller poller = Poller.open(); Pipe pipe = Pipe.open(); Events events = Events.withCapacity(4)) {
            poller.register(pipe.source(), 1L, Interest.READABLE, Trigger.EDGE);
            Fixtures.write(pipe.sink(), "x");
            assertEquals(1, poller.poll(events, 1_000_000_000L));
            assertEquals(0, poller.poll(events, QUIET));
            Fixtures.write(pipe.sink(), "y");
            assertEquals(1, poller.poll(events, 1_000_000_000L));
            assertEquals("xy", Fixtures.readOnce(pipe.source()));
        }
    }

    @Test
    void oneShotReportsOnceUntilRearmed() throws ErrnoException {
        try (Poller poller = Poller.open(); Pipe pipe = Pipe.open(); Events events = Events.withCapacity(4)) {
            Registration r = poller.register(pipe.source(), 1L, Interest.READABLE, Trigger.LEVEL.oneShot());
            Fixtures.write(pipe.sink(), "x");
            assertEquals(1, poller.poll(events, 1_000_000_000L));
            assertEquals(0, poller.poll(events, QUIET));
            Fixtures.write(pipe.sink(), "y");
            assertEquals(0, poller.poll(events, QUIET));
            assertTrue(r.isRegistered(), "disabled, not removed");
            r.rearm();
            assertEquals(1, poller.poll(events, 1_000_000_000L));
            assertTrue(events.next());
            assertEquals(1L, events.token());
            assertEquals(0, poller.poll(events, QUIET));
        }
    }

    @Test
    void exclusiveWithOneShotIsRefusedWithAClearMessage() {
        var e = assertThrows(IllegalArgumentException.class, () -> Trigger.LEVEL.exclusive().oneShot());
        assertTrue(e.getMessage().contains("EPOLLEXCLUSIVE") && e.getMessage().contains("EPOLLONESHOT"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Trigger.EDGE.oneShot().exclusive());
    }

    @Test
    void flagsAndSharing() {
        assertEquals(0, Trigger.LEVEL.flags());
        assertEquals(EpollFlags.EPOLLET, Trigger.EDGE.flags());
        assertEquals(EpollFlags.EPOLLET | EpollFlags.EPOLLONESHOT, Trigger.EDGE.oneShot().flags());
        assertEquals(EpollFlags.EPOLLEXCLUSIVE | EpollFlags.EPOLLWAKEUP, Trigger.LEVEL.exclusive().wakeup().flags());
        assertSame(Trigger.EDGE.oneShot(), Trigger.EDGE.oneShot());
        assertSame(Trigger.LEVEL.wakeup().exclusive(), Trigger.LEVEL.exclusive().wakeup());
        assertEquals("EDGE|ONESHOT", Trigger.EDGE.oneShot().toString());
        assertFalse(Trigger.LEVEL.isEdge());
    }

    @Test
    void interestsCombineIntoSharedInstances() {
        Interest both = Interest.READABLE.add(Interest.WRITABLE);
        assertSame(both, Interest.WRITABLE.add(Interest.READABLE));
        assertEquals(EpollFlags.EPOLLIN | EpollFlags.EPOLLOUT, both.flags());
        assertSame(Interest.READABLE, both.remove(Interest.WRITABLE));
        assertSame(Interest.NONE, Interest.of(EpollFlags.EPOLLET | EpollFlags.EPOLLHUP));
        assertEquals(EpollFlags.EPOLLRDHUP | EpollFlags.EPOLLPRI, Interest.READ_CLOSED.add(Interest.PRIORITY).flags());
        assertEquals("EPOLLIN|EPOLLOUT", both.toString());
    }
}
