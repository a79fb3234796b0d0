package io.epoll4j.poll;

import io.epoll4j.fd.ErrnoException;
import io.epoll4j.fd.EventFd;
import io.epoll4j.testing.Fixtures;
import io.epoll4j.testing.ProcFds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Wakers: a blocked poll returns, wakes from many threads are never lost and coalesce. */
class WakerTest {
    private static final long WAKE = 1000L;

    @Test
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void pollThatBlocksForeverReturnsWhenAnotherThreadWakes() throws Exception {
        try (Poller poller = Poller.open(); Waker waker = new Waker(poller, WAKE); Events events = Events.withCapacity(4)) {
            var woken = new CompletableFuture<Long>();
            var started = new CountDownLatch(1);
            Thread polling = Thread.ofPlatform().name("waker-blocked").start(() -> {
                try {
                    started.countDown();
                    poller.poll(events, -1);
                    woken.complete(events.next() ? events.token() : -1L);
                } catch (Throwable t) {
                    woken.completeExceptionally(t);
                }
            });
            assertTrue(started.await(5, TimeUnit.SECONDS));
            Fixtures.awaitBlockedIn("waker-blocked", Fixtures.SYS_EPOLL_WAIT, Duration.ofSeconds(5));
            assertFalse(woken.isDone(), "poll(-1) returned before any wake");
            waker.wake();
            assertEquals(WAKE, woken.get(5, TimeUnit.SECONDS));
            assertEquals(WAKE, waker.token());
            polling.join();
        }
    }

    @Test
    void wakeBeforePollMakesTheNextPollReturnAndOnlyOnce() throws ErrnoException {
        try (Poller poller = Poller.open(); Waker waker = new Waker(poller, WAKE); Events events = Events.withCapacity(4)) {
            waker.wake();
            assertEquals(1, poller.poll(events, 1_000_000_000L));
            assertTrue(events.next());
            assertEquals(WAKE, events.token());
            assertTrue(events.isReadable());
            assertEquals(0, poller.poll(events, 0), "an edge-triggered eventfd reports a wake once");
            waker.wake();
            assertEquals(1, poller.poll(events, 0), "the poll consumed the wake, so the next one writes again");
        }
    }

    @Test
    void aWakeWhoseEventMissesAFullBatchComesWithALaterPollAndLaterWakesStillWrite() throws ErrnoException {
        try (Poller poller = Poller.open(); Waker waker = new Waker(poller, WAKE); EventFd busy = EventFd.create();
             Events events = Events.withCapacity(1)) {
            busy.write(1);
            poller.register(busy, 9L, Interest.READABLE, Trigger.LEVEL); // ready at every poll
            for (int round = 0; round < 3; round++) {
                waker.wake();
                boolean woken = false;
                // A batch of one: the busy fd and the waker take turns at the head of the ready list.
                for (int poll = 0; poll < 10 && !woken; poll++) {
                    assertEquals(1, poller.poll(events, 0));
                    assertTrue(events.next());
                    woken = events.token() == WAKE;
                }
                assertTrue(woken, "round " + round + ": the wake was not lost");
            }
        }
    }

    @Test
    void wakesBetweenTwoPollsCoalesceIntoOneEvent() throws ErrnoException {
        try (Poller poller = Poller.open(); Waker waker = new Waker(poller, WAKE); Events events = Events.withCapacity(4)) {
            for (int i = 0; i < 1_000; i++) {
                waker.wake();
            }
            assertEquals(1, poller.poll(events, 0));
            assertEquals(0, poller.poll(events, 0));
        }
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void wakesFromEightThreadsAreNeverLostAndCoalesce() throws Exception {
        final int threads = 8;
        final int wakesEach = 10_000;
        final long total = (long) threads * wakesEach;
        AtomicLong published = new AtomicLong();
        try (Poller poller = Poller.open(); Waker waker = new Waker(poller, WAKE); Events events = Events.withCapacity(4)) {
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> wakers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                wakers.add(Thread.ofPlatform().name("waker-" + t).start(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < wakesEach; i++) {
                        published.incrementAndGet(); // the work item, then the wake
                        waker.wake();
                    }
                }));
            }
            go.countDown();

            long wakeEvents = 0;
            long polls = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            long seen = 0;
            while (seen < total) {
                // Every item is followed by a wake, so while items are unseen a wake is owed: a
                // poll that times out here means a wakeup was lost.
                int n = poller.poll(events, 5_000_000_000L);
                polls++;
                assertTrue(n > 0, "lost wakeup: poll timed out with " + seen + " of " + total + " items seen");
                while (events.next()) {
                    assertEquals(WAKE, events.token());
                    wakeEvents++;
                }
                seen = published.get();
                assertTrue(System.nanoTime() < deadline, "only " + seen + " of " + total + " items seen");
            }
            for (Thread t : wakers) {
                t.join();
            }
            assertEquals(total, published.get());
            assertTrue(wakeEvents < total, wakeEvents + " wake events for " + total + " wake() calls: no coalescing");
            assertTrue(wakeEvents <= polls);
        }
    }

    @Test
    void onePollerHasOneWakerAndAFailedSecondLeaksNothing() throws ErrnoException {
        try (Poller poller = Poller.open(); Waker waker = new Waker(poller, WAKE)) {
            int before = ProcFds.count();
            var e = assertThrows(IllegalStateException.class, () -> new Waker(poller, 2L));
            assertTrue(e.getMessage().contains("waker"), e.getMessage());
            assertEquals(before, ProcFds.count());
            assertEquals(1, poller.registrations());
        }
    }

    @Test
    void closingTheWakerDeregistersItAndWakeAfterCloseThrows() throws ErrnoException {
        try (Poller poller = Poller.open(); Events events = Events.withCapacity(2)) {
            Waker waker = new Waker(poller, WAKE);
            assertEquals(1, poller.registrations());
            waker.close();
            waker.close();
            assertEquals(0, poller.registrations());
            assertThrows(IllegalStateException.class, waker::wake);
            assertEquals(0, poller.poll(events, 0));
            // The poller may get a new waker now.
            try (Waker again = new Waker(poller, 5L)) {
                again.wake();
                assertEquals(1, poller.poll(events, 0));
            }
        }
    }
}
