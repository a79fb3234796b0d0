package io.epoll4j.fd;

import io.epoll4j.testing.Fixtures;
import io.epoll4j.testing.ProcFds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.epoll4j.fd.EpollFlags.EPOLLIN;
import static io.epoll4j.fd.EpollFlags.EPOLLOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The raw epoll instance against the kernel: epoll(7)'s questions and answers, waits and closing. */
class EpollTest {

    @Test
    void dupRegisteredWithAnotherMaskFiltersEvents() throws ErrnoException {
        // epoll(7): a dup can be added to the same instance; each entry reports only its own mask.
        try (Epoll epoll = Epoll.create(); EventFd efd = EventFd.create(); OwnedFd dup = efd.dup();
             EpollEvents events = EpollEvents.allocate(8)) {
            epoll.add(efd, EPOLLIN, 1L);
            epoll.add(dup, EPOLLOUT, 2L);

            // Counter 0: writable, not readable; only the dup's EPOLLOUT entry fires.
            assertEquals(1, epoll.wait(events, 1000));
            assertEquals(2L, events.data(0));
            assertEquals(EPOLLOUT, events.events(0));

            efd.write(1);
            assertEquals(2, epoll.wait(events, 1000));
            for (int i = 0; i < 2; i++) {
                assertEquals(events.data(i) == 1L ? EPOLLIN : EPOLLOUT, events.events(i),
                        "entry " + events.data(i) + " reported " + EpollFlags.toString(events.events(i)));
            }
        }
    }

    @Test
    void closingTheOriginalWhileADupLivesKeepsEventsComing() throws ErrnoException {
        // epoll(7): the interest list holds the open file description; close(2) of one fd
        // referring to it does not remove it while a dup keeps it open. The raw layer shows this.
        try (Epoll epoll = Epoll.create(); EpollEvents events = EpollEvents.allocate(4)) {
            EventFd original = EventFd.create();
            OwnedFd dup = original.dup();
            epoll.add(original, EPOLLIN, 7L);
            original.close();
            assertFalse(original.isOpen());

            Fixtures.addToCounter(dup, 1);
            assertEquals(1, epoll.wait(events, 1000));
            assertEquals(7L, events.data(0));
            assertEquals(EPOLLIN, events.events(0));

            // Closing the last fd of the file finally takes it out of the interest list.
            dup.close();
            assertEquals(0, epoll.wait(events, 20));
        }
    }

    @Test
    void severalEventsBetweenTwoWaitsAreCombined() throws ErrnoException {
        try (Epoll epoll = Epoll.create(); Pipe pipe = Pipe.open(); EpollEvents events = EpollEvents.allocate(8)) {
            epoll.add(pipe.source(), EPOLLIN, 3L);
            Fixtures.write(pipe.sink(), "one");
            Fixtures.write(pipe.sink(), "two");
            Fixtures.write(pipe.sink(), "three");
            assertEquals(1, epoll.wait(events, 1000));
            assertEquals(3L, events.data(0));
            assertEquals("onetwothree", Fixtures.readOnce(pipe.source()));
        }
    }

    @Test
    void readAndWriteReadinessOfOneFdComeAsOneEvent() throws ErrnoException {
        try (Epoll epoll = Epoll.create(); var pair = Fixtures.socketPair(); EpollEvents events = EpollEvents.allocate(8)) {
            epoll.add(pair.a(), EPOLLIN | EPOLLOUT, 4L);
            Fixtures.write(pair.b(), "x");
            assertEquals(1, epoll.wait(events, 1000));
            assertEquals(EPOLLIN | EPOLLOUT, events.events(0));
        }
    }

    @Test
    void timeoutZeroReturnsReadyEventsAtOnce() throws ErrnoException {
        try (Epoll epoll = Epoll.create(); EventFd a = EventFd.create(); EventFd b = EventFd.create();
             EpollEvents events = EpollEvents.allocate(8)) {
            epoll.add(a, EPOLLIN, 1L);
            epoll.add(b, EPOLLIN, 2L);
            assertEquals(0, epoll.wait(events, 0));
            a.write(1);
            b.write(1);
            assertEquals(2, epoll.wait(events, 0));
            assertEquals(3L, events.data(0) + events.data(1));
            assertEquals(2, epoll.waitNanos(events, 0));
        }
    }

    @Test
    void theCursorWalksTheBatchOnce() throws ErrnoException {
        try (Epoll epoll = Epoll.create(); EventFd a = EventFd.create(); EventFd b = EventFd.create();
             EpollEvents events = EpollEvents.allocate(8)) {
            epoll.add(a, EPOLLIN, 10L);
            epoll.add(b, EPOLLIN, 20L);
            a.write(1);
            b.write(1);
            assertEquals(2, epoll.wait(events, 1000));
            long sum = 0;
            int seen = 0;
            while (events.next()) {
                sum += events.data();
                assertEquals(EPOLLIN, events.events());
                seen++;
            }
            assertEquals(2, seen);
            assertEquals(30L, sum);
            assertFalse(events.next());
            assertThrows(IllegalStateException.class, events::data);
            assertThrows(IndexOutOfBoundsException.class, () -> events.data(2));
        }
    }

    @Test
    void maxEventsCapsOneWaitAndTheRestComeNext() throws ErrnoException {
        try (Epoll epoll = Epoll.create(); EventFd a = EventFd.create(); EventFd b = EventFd.create();
             EventFd c = EventFd.create(); EpollEvents events = EpollEvents.allocate(2)) {
            for (EventFd e : new EventFd[] {a, b, c}) {
                epoll.add(e, EPOLLIN | EpollFlags.EPOLLET, e.fd());
                e.write(1);
            }
            assertEquals(2, epoll.wait(events, 1000));
            assertEquals(1, epoll.wait(events, 1000));
            assertEquals(0, epoll.wait(events, 0));
        }
    }

    @Test
    void nanosecondTimeoutIsHonoured() throws ErrnoException {
        try (Epoll epoll = Epoll.create(); EventFd idle = EventFd.create(); EpollEvents events = EpollEvents.allocate(4)) {
            epoll.add(idle, EPOLLIN, 1L);
            for (long timeout : new long[] {2_000_000L, 1_500_000L, 250_000L}) {
                long start = System.nanoTime();
                assertEquals(0, epoll.waitNanos(events, timeout));
                long took = System.nanoTime() - start;
                assertTrue(took >= timeout, "returned early: " + took + " ns < " + timeout);
                assertTrue(took < 1_000_000_000L, "absurdly late: " + took + " ns for " + timeout);
            }
            long start = System.nanoTime();
            assertEquals(0, epoll.wait(events, 2));
            assertTrue(System.nanoTime() - start >= 2_000_000L);
        }
    }

    @Test
    void millisecondFallbackRoundsUpNeverDown() {
        assertEquals(-1, Epoll.millisRoundedUp(-1));
        assertEquals(0, Epoll.millisRoundedUp(0));
        assertEquals(1, Epoll.millisRoundedUp(1));
        assertEquals(1, Epoll.millisRoundedUp(1_000_000));
        assertEquals(2, Epoll.millisRoundedUp(1_000_001));
        assertEquals(Integer.MAX_VALUE, Epoll.millisRoundedUp(Long.MAX_VALUE / 2));
        // The sum with the rounding term must not overflow into a short, positive timeout.
        assertEquals(Integer.MAX_VALUE, Epoll.millisRoundedUp(Long.MAX_VALUE));
        assertEquals(Integer.MAX_VALUE, Epoll.millisRoundedUp(Long.MAX_VALUE - 1));
    }

    @Test
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void addFromAnotherThreadWakesABlockedWait() throws Exception {
        try (Epoll epoll = Epoll.create(); EventFd ready = EventFd.create(); EpollEvents events = EpollEvents.allocate(4)) {
            ready.write(1);
            var result = new CompletableFuture<Long>();
            Thread waiter = Thread.ofPlatform().name("epoll-add-wait").start(() -> {
                try {
                    int n = epoll.wait(events, -1);
                    result.complete(n == 1 ? events.data(0) : -n);
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                }
            });
            Fixtures.awaitBlockedIn("epoll-add-wait", Fixtures.SYS_EPOLL_WAIT, Duration.ofSeconds(5));
            epoll.add(ready, EPOLLIN, 42L);
            assertEquals(42L, result.get(5, TimeUnit.SECONDS));
            waiter.join();
        }
    }

    @Test
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void closeWhileAnotherThreadWaitsReturnsZeroAndLeaksNothing() throws Exception {
        int before = ProcFds.count();
        Epoll epoll = Epoll.create();
        int number = epoll.fd();
        EpollEvents events = EpollEvents.allocate(4);
        var result = new CompletableFuture<Integer>();
        Thread waiter = Thread.ofPlatform().name("epoll-close-wait").start(() -> {
            try {
                result.complete(epoll.wait(events, -1));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        Fixtures.awaitBlockedIn("epoll-close-wait", Fixtures.SYS_EPOLL_WAIT, Duration.ofSeconds(5));
        long start = System.nanoTime();
        epoll.close();
        assertEquals(0, result.get(5, TimeUnit.SECONDS));
        assertTrue(System.nanoTime() - start < 1_000_000_000L, "the waiter was not woken promptly");
        waiter.join();
        events.close();
        assertFalse(epoll.isOpen());
        assertFalse(ProcFds.isOpen(number), "fd " + number + " still open after the waiter left");
        assertEquals(before, ProcFds.count());
    }

    @Test
    void useAfterCloseThrowsAndCloseTwiceDoesNothing() throws ErrnoException {
        EventFd efd = EventFd.create();
        Epoll epoll = Epoll.create();
        epoll.close();
        epoll.close();
        try (EpollEvents events = EpollEvents.allocate(1)) {
            assertThrows(IllegalStateException.class, () -> epoll.wait(events, 0));
            assertThrows(IllegalStateException.class, () -> epoll.waitNanos(events, 0));
        }
        assertThrows(IllegalStateException.class, () -> epoll.add(efd, EPOLLIN, 0L));
        assertThrows(IllegalStateException.class, () -> epoll.modify(efd, EPOLLIN, 0L));
        assertThrows(IllegalStateException.class, () -> epoll.delete(efd));
        assertThrows(IllegalStateException.class, epoll::fd);
        var e = assertThrows(IllegalStateException.class, () -> epoll.add(1, EPOLLIN, 0L));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        efd.close();
    }

    @Test
    void busyPollParametersRoundTripWhereTheKernelHasThem() throws ErrnoException {
        try (Epoll epoll = Epoll.create()) {
            if (!Kernel.hasBusyPollParams()) {
                assertThrows(UnsupportedOperationException.class, () -> epoll.setBusyPoll(new BusyPoll(10, 8, false)));
                return;
            }
            assertEquals(new BusyPoll(0, 0, false), epoll.busyPoll());
            epoll.setBusyPoll(new BusyPoll(50, 8, true));
            assertEquals(new BusyPoll(50, 8, true), epoll.busyPoll());
        }
        assertThrows(IllegalArgumentException.class, () -> new BusyPoll(-1, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new BusyPoll(0, 0x10000, false));
    }

    @Test
    void anEventArrayNeedsRoomForOneEvent() {
        assertThrows(IllegalArgumentException.class, () -> EpollEvents.allocate(0));
        try (EpollEvents events = EpollEvents.allocate(3)) {
            assertEquals(3, events.capacity());
            assertEquals(0, events.count());
            assertFalse(events.next());
        }
    }
}
