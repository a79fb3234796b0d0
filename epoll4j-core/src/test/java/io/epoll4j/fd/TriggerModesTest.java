package io.epoll4j.fd;

import io.epoll4j.testing.Fixtures;
import org.junit.jupiter.api.Test;

import static io.epoll4j.fd.EpollFlags.EPOLLET;
import static io.epoll4j.fd.EpollFlags.EPOLLIN;
import static io.epoll4j.fd.EpollFlags.EPOLLONESHOT;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Level, edge and one-shot on the raw instance, with a pipe: what epoll(7) says about each,
 * including the seed's edge-triggered caveat (it stays silent even though data is left unread).
 */
class TriggerModesTest {
    /** Long enough for a wrong event to show up; an expected one returns at once. */
    private static final int QUIET_MS = 20;

    @Test
    void levelTriggeredKeepsReportingUnreadData() throws ErrnoException {
        try (Epoll epoll = Epoll.create(); Pipe pipe = Pipe.open(); EpollEvents events = EpollEvents.allocate(4)) {
            epoll.add(pipe.source(), EPOLLIN, 1L);
            Fixtures.write(pipe.sink(), "abc");
            for (int i = 0; i < 3; i++) {
                assertEquals(1, epoll.wait(events, 1000), "wait " + i);
                assertEquals(EPOLLIN, events.events(0));
            }
            assertEquals("abc", Fixtures.readOnce(pipe.source()));
            assertEquals(0, epoll.wait(events, QUIET_MS));
        }
    }

    @Test
    void edgeTriggeredReportsOnceUntilNewDataArrives() throws ErrnoException {
        try (Epoll epoll = Epoll.create(); Pipe pipe = Pipe.open(); EpollEvents events = EpollEvents.allocate(4)) {
            epoll.add(pipe.source(), EPOLLIN | EPOLLET, 1L);
            Fixtures.write(pipe.sink(), "abc");
            assertEquals(1, epoll.wait(events, 1000));
            // Nothing read, data still there: an edge trigger says nothing more.
            assertEquals(0, epoll.wait(events, QUIET_MS));
            Fixtures.write(pipe.sink(), "d");
            assertEquals(1, epoll.wait(events, 1000));
            assertEquals(0, epoll.wait(events, QUIET_MS));
            assertEquals("abcd", Fixtures.readOnce(pipe.source()));
            assertEquals("", Fixtures.readOnce(pipe.source()), "drained until it would block");
            assertEquals(0, epoll.wait(events, QUIET_MS));
        }
    }

    @Test
    void oneShotReportsOnceUntilRearmedWithModify() throws ErrnoException {
        try (Epoll epoll = Epoll.create(); Pipe pipe = Pipe.open(); EpollEvents events = EpollEvents.allocate(4)) {
            epoll.add(pipe.source(), EPOLLIN | EPOLLONESHOT, 1L);
            Fixtures.write(pipe.sink(), "abc");
            assertEquals(1, epoll.wait(events, 1000));
            // Disabled: neither the data left nor new data is reported.
            assertEquals(0, epoll.wait(events, QUIET_MS));
            Fixtures.write(pipe.sink(), "d");
            assertEquals(0, epoll.wait(events, QUIET_MS));
            // EPOLL_CTL_MOD rearms, and may change the data word while at it.
            epoll.modify(pipe.source(), EPOLLIN | EPOLLONESHOT, 2L);
            assertEquals(1, epoll.wait(events, 1000));
            assertEquals(2L, events.data(0));
            assertEquals(0, epoll.wait(events, QUIET_MS));
        }
    }

    @Test
    void oneShotStaysInTheInterestListWhileDisabled() throws ErrnoException {
        try (Epoll epoll = Epoll.create(); EventFd efd = EventFd.create(); EpollEvents events = EpollEvents.allocate(4)) {
            epoll.add(efd, EPOLLIN | EPOLLONESHOT, 1L);
            efd.write(1);
            assertEquals(1, epoll.wait(events, 1000));
            var e = org.junit.jupiter.api.Assertions.assertThrows(ErrnoException.class,
                    () -> epoll.add(efd, EPOLLIN, 1L));
            assertEquals(ErrnoException.EEXIST, e.errno());
            epoll.delete(efd);
        }
    }

    @Test
    void edgeTriggeredWithOneShotStillNeedsARearm() throws ErrnoException {
        try (Epoll epoll = Epoll.create(); EventFd efd = EventFd.create(); EpollEvents events = EpollEvents.allocate(4)) {
            epoll.add(efd, EPOLLIN | EPOLLET | EPOLLONESHOT, 1L);
            efd.write(1);
            assertEquals(1, epoll.wait(events, 1000));
            efd.write(1); // a new edge, but the registration is disabled
            assertEquals(0, epoll.wait(events, QUIET_MS));
            epoll.modify(efd, EPOLLIN | EPOLLET | EPOLLONESHOT, 1L);
            assertEquals(1, epoll.wait(events, 1000));
        }
    }
}
