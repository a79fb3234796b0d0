package io.epoll4j.poll;

import io.epoll4j.fd.ErrnoException;
import io.epoll4j.fd.EventFd;
import io.epoll4j.fd.OwnedFd;
import io.epoll4j.fd.Pipe;
import io.epoll4j.testing.Fixtures;
import io.epoll4j.testing.ProcFds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The safe layer: registrations with tokens, polling, closing, and the errors it reports. */
class PollerTest {
    private static final long QUIET = 20_000_000L; // ns: long enough for a wrong event to show

    @Test
    void pollDeliversTheTokenAndReadinessOfEachRegistration() throws ErrnoException {
        try (Poller poller = Poller.open(); var pair = Fixtures.socketPair(); Events events = Events.withCapacity(8)) {
            Registration a = poller.register(pair.a(), 11L, Interest.READABLE, Trigger.LEVEL);
            Registration b = poller.register(pair.b(), 22L, Interest.WRITABLE, Trigger.LEVEL);
            assertEquals(2, poller.registrations());
            assertSame(pair.a(), a.fd());
            assertSame(poller, a.poller());
            assertSame(Interest.READABLE, a.interest());

            assertEquals(1, poller.poll(events, 0));
            assertTrue(events.next());
            assertEquals(22L, events.token());
            assertSame(b, events.registration());
            assertTrue(events.isWritable());
            assertFalse(events.isReadable());
            assertFalse(events.next());

            Fixtures.write(pair.b(), "ping");
            assertEquals(2, poller.poll(events, 1_000_000_000L));
            long tokens = 0;
            while (events.next()) {
                tokens += events.token();
                if (events.token() == 11L) {
                    assertTrue(events.isReadable());
                    assertFalse(events.isReadClosed());
                    assertFalse(events.isError());
                }
            }
            assertEquals(33L, tokens);
        }
    }

    @Test
    void accessorsWithoutACurrentEventThrow() throws ErrnoException {
        try (Events events = Events.withCapacity(1)) {
            assertFalse(events.next());
            assertThrows(IllegalStateException.class, events::token);
            assertThrows(IllegalStateException.class, events::isReadable);
        }
    }

    @Test
    void readClosedAndErrorHintsFollowTheKernelFlags() throws ErrnoException {
        try (Poller poller = Poller.open(); var pair = Fixtures.socketPair(); Pipe pipe = Pipe.open();
             Events events = Events.withCapacity(4)) {
            poller.register(pair.a(), 1L, Interest.READABLE.add(Interest.READ_CLOSED), Trigger.LEVEL);
            poller.register(pipe.sink(), 2L, Interest.WRITABLE, Trigger.LEVEL);
            pair.b().shutdownOutput();
            pipe.source().close();
            assertEquals(2, poller.poll(events, 1_000_000_000L));
            while (events.next()) {
                if (events.token() == 1L) {
                    assertTrue(events.isReadClosed());
                    assertFalse(events.isError());
                } else {
                    assertTrue(events.isError());
                    assertTrue(events.isWriteClosed());
                }
            }
        }
    }

    @Test
    void timeoutZeroReturnsAtOnceAndNanosecondTimeoutIsHonoured() throws ErrnoException {
        try (Poller poller = Poller.open(); EventFd idle = EventFd.create(); Events events = Events.withCapacity(4)) {
            poller.register(idle, 1L, Interest.READABLE, Trigger.LEVEL);
            long start = System.nanoTime();
            assertEquals(0, poller.poll(events, 0));
            assertTrue(System.nanoTime() - start < 500_000_000L);

            start = System.nanoTime();
            assertEquals(0, poller.poll(events, 2_000_000L));
            long took = System.nanoTime() - start;
            assertTrue(took >= 2_000_000L, "returned early: " + took);
            assertTrue(took < 1_000_000_000L, "absurdly late: " + took);

            start = System.nanoTime();
            assertEquals(0, poller.poll(events, Duration.ofMillis(3)));
            assertTrue(System.nanoTime() - start >= 3_000_000L);
            assertThrows(IllegalArgumentException.class, () -> poller.poll(events, Duration.ofMillis(-1)));
        }
    }

    @Test
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void registrationFromAnotherThreadWakesABlockedPoll() throws Exception {
        try (Poller poller = Poller.open(); EventFd ready = EventFd.create(); Events events = Events.withCapacity(4)) {
            ready.write(1);
            var token = new CompletableFuture<Long>();
            Thread polling = Thread.ofPlatform().name("poller-reg-wait").start(() -> {
                try {
                    poller.poll(events, -1);
                    token.complete(events.next() ? events.token() : -1L);
                } catch (Throwable t) {
                    token.completeExceptionally(t);
                }
            });
            Fixtures.awaitBlockedIn("poller-reg-wait", Fixtures.SYS_EPOLL_WAIT, Duration.ofSeconds(5));
            poller.register(ready, 77L, Interest.READABLE, Trigger.LEVEL);
            assertEquals(77L, token.get(5, TimeUnit.SECONDS));
            polling.join();
        }
    }

    @Test
    void registeringTheSameFdTwiceIsAClearError() throws ErrnoException {
        try (Poller poller = Poller.open(); EventFd efd = EventFd.create()) {
            poller.register(efd, 1L, Interest.READABLE, Trigger.LEVEL);
            var e = assertThrows(ErrnoException.class, () -> poller.register(efd, 2L, Interest.READABLE, Trigger.LEVEL));
            assertEquals(ErrnoException.EEXIST, e.errno());
            assertTrue(e.getMessage().contains("already registered"), e.getMessage());
            assertEquals(1, poller.registrations());
        }
    }

    @Test
    void registeringARegularFileIsEperm(@TempDir Path dir) throws Exception {
        try (Poller poller = Poller.open(); OwnedFd file = OwnedFd.open(Files.writeString(dir.resolve("f"), "x"))) {
            var e = assertThrows(ErrnoException.class, () -> poller.register(file, 1L, Interest.READABLE, Trigger.LEVEL));
            assertEquals(ErrnoException.EPERM, e.errno());
            assertEquals(0, poller.registrations());
            // The failed registration left no close listener behind: closing the file is quiet.
            file.close();
        }
    }

    @Test
    void aDupCanBeRegisteredBesideItsOriginal() throws ErrnoException {
        try (Poller poller = Poller.open(); EventFd efd = EventFd.create(); OwnedFd dup = efd.dup();
             Events events = Events.withCapacity(4)) {
            poller.register(efd, 1L, Interest.READABLE, Trigger.LEVEL);
            poller.register(dup, 2L, Interest.WRITABLE, Trigger.LEVEL);
            assertEquals(1, poller.poll(events, 0));
            assertTrue(events.next());
            assertEquals(2L, events.token());
        }
    }

    @Test
    void closingTheRegisteredFdDeregistersItEvenWhileADupKeepsTheFileOpen() throws ErrnoException {
        try (Poller poller = Poller.open(); Events events = Events.withCapacity(4)) {
            EventFd efd = EventFd.create();
            OwnedFd dup = efd.dup();
            Registration r = poller.register(efd, 5L, Interest.READABLE, Trigger.LEVEL);
            efd.close();
            assertFalse(r.isRegistered());
            assertEquals(0, poller.registrations());

            Fixtures.addToCounter(dup, 1);
            // Unlike the raw Epoll, no event: the poller took the file out of its list first.
            assertEquals(0, poller.poll(events, QUIET));
            assertFalse(events.next());
            dup.close();
        }
    }

    @Test
    void deregisterStopsEventsAndTwiceDoesNothing() throws ErrnoException {
        try (Poller poller = Poller.open(); EventFd efd = EventFd.create(); Events events = Events.withCapacity(4)) {
            efd.write(1);
            Registration r = poller.register(efd, 1L, Interest.READABLE, Trigger.LEVEL);
            assertEquals(1, poller.poll(events, 0));
            r.deregister();
            r.deregister();
            assertFalse(r.isRegistered());
            assertEquals(0, poller.poll(events, QUIET));
            assertEquals(0, poller.registrations());
            // The fd stays open and can be registered again.
            Registration again = poller.register(efd, 2L, Interest.READABLE, Trigger.LEVEL);
            assertEquals(1, poller.poll(events, 0));
            assertTrue(events.next());
            assertSame(again, events.registration());
        }
    }

    @Test
    void reregisteringADeregisteredRegistrationIsAClearError() throws ErrnoException {
        try (Poller poller = Poller.open(); EventFd efd = EventFd.create()) {
            Registration r = poller.register(efd, 1L, Interest.READABLE, Trigger.LEVEL.oneShot());
            r.deregister();
            var e = assertThrows(IllegalStateException.class, () -> r.reregister(2L, Interest.WRITABLE, Trigger.LEVEL));
            assertTrue(e.getMessage().contains("deregistered"), e.getMessage());
            assertThrows(IllegalStateException.class, r::rearm);
            assertThrows(IllegalStateException.class, () -> r.reregister(Interest.WRITABLE));
        }
    }

    @Test
    void reregisterChangesTokenInterestAndTrigger() throws ErrnoException {
        try (Poller poller = Poller.open(); EventFd efd = EventFd.create(); Events events = Events.withCapacity(4)) {
            Registration r = poller.register(efd, 1L, Interest.READABLE, Trigger.LEVEL);
            assertEquals(0, poller.poll(events, 0));
            r.reregister(2L, Interest.WRITABLE, Trigger.EDGE);
            assertEquals(2L, r.token());
            assertSame(Trigger.EDGE, r.trigger());
            assertEquals(1, poller.poll(events, 0));
            assertTrue(events.next());
            assertEquals(2L, events.token());
            assertTrue(events.isWritable());
            assertEquals(0, poller.poll(events, 0), "edge: reported once");
            r.reregister(Interest.READABLE.add(Interest.WRITABLE));
            assertEquals(2L, r.token());
            assertTrue(r.interest().isReadable() && r.interest().isWritable());
        }
    }

    @Test
    void exclusiveRegistrationsCanBeReregistered() throws ErrnoException {
        try (Poller poller = Poller.open(); EventFd efd = EventFd.create(); Events events = Events.withCapacity(4)) {
            Registration r = poller.register(efd, 1L, Interest.READABLE, Trigger.LEVEL.exclusive());
            efd.write(1);
            assertEquals(1, poller.poll(events, 0));
            // The kernel refuses MOD here (EINVAL); the poller does DEL then ADD.
            r.reregister(2L, Interest.READABLE, Trigger.EDGE.exclusive());
            assertTrue(r.trigger().isExclusive() && r.trigger().isEdge());
            assertEquals(1, poller.poll(events, 0), "re-added: the counter is still non-zero");
            assertTrue(events.next());
            assertEquals(2L, events.token());
            assertEquals(0, poller.poll(events, 0));
            // And back to a plain registration.
            r.reregister(3L, Interest.READABLE, Trigger.LEVEL);
            assertEquals(1, poller.poll(events, 0));
            assertTrue(events.next());
            assertEquals(3L, events.token());
            r.reregister(4L, Interest.READABLE, Trigger.LEVEL.exclusive());
            r.rearm();
            assertEquals(1, poller.poll(events, 0));
        }
    }

    @Test
    void exclusiveWithPriorityOrReadClosedIsRefused() throws ErrnoException {
        try (Poller poller = Poller.open(); EventFd efd = EventFd.create()) {
            for (Interest refused : new Interest[] {Interest.PRIORITY, Interest.READ_CLOSED,
                    Interest.READABLE.add(Interest.READ_CLOSED)}) {
                var e = assertThrows(IllegalArgumentException.class,
                        () -> poller.register(efd, 1L, refused, Trigger.LEVEL.exclusive()));
                assertTrue(e.getMessage().contains("EPOLLEXCLUSIVE"), e.getMessage());
            }
            assertEquals(0, poller.registrations());
            Registration r = poller.register(efd, 1L, Interest.READABLE, Trigger.LEVEL);
            assertThrows(IllegalArgumentException.class,
                    () -> r.reregister(1L, Interest.READ_CLOSED, Trigger.LEVEL.exclusive()));
            assertSame(Trigger.LEVEL, r.trigger(), "a refused change leaves the registration as it was");
        }
    }

    @Test
    void aNegativeTimeoutOtherThanMinusOneIsRefusedAsTheDurationOverloadRefusesIt() throws ErrnoException {
        try (Poller poller = Poller.open(); Events events = Events.withCapacity(1)) {
            for (long timeout : new long[] {-2, -1_000_000, Long.MIN_VALUE}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> poller.poll(events, timeout), "timeout " + timeout);
                assertTrue(e.getMessage().contains(Long.toString(timeout)), e.getMessage());
            }
            assertThrows(IllegalArgumentException.class, () -> poller.poll(events, Duration.ofNanos(-2)));
            assertThrows(IllegalArgumentException.class, () -> poller.poll(events, Duration.ofNanos(-1)),
                    "a negative Duration is refused, -1 ns included: only the long -1 (or null) blocks");
            assertEquals(0, poller.poll(events, 0));
        }
    }

    @Test
    void theAttachmentIsMadeBeforeTheFdEntersTheInterestList() throws Exception {
        try (Poller poller = Poller.open(); EventFd efd = EventFd.create(); Events events = Events.withCapacity(1)) {
            efd.write(1);
            int[] watchedWhenMade = {-1};
            Registration r = poller.register(efd, 5L, Interest.READABLE, Trigger.LEVEL, registration -> {
                try {
                    watchedWhenMade[0] = io.epoll4j.fd.EpollInfo.of(ProcessHandle.current().pid(), poller.fd())
                            .watches().size();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return List.of(registration);
            });
            assertEquals(0, watchedWhenMade[0], "the kernel's interest list was still empty");
            assertEquals(List.of(r), r.attachment());
            assertEquals(1, poller.poll(events, 0));
            assertTrue(events.next());
            assertEquals(List.of(r), events.registration().attachment());
        }
    }

    @Test
    void anAttachmentThatFailsLeavesNothingRegistered() throws ErrnoException {
        try (Poller poller = Poller.open(); EventFd efd = EventFd.create()) {
            assertThrows(IllegalStateException.class, () -> poller.register(efd, 5L, Interest.READABLE, Trigger.LEVEL,
                    registration -> {
                        throw new IllegalStateException("no");
                    }));
            assertEquals(0, poller.registrations());
            Registration again = poller.register(efd, 5L, Interest.READABLE, Trigger.LEVEL);
            assertTrue(again.isRegistered(), "no EEXIST: the failed attempt never reached the kernel");
        }
    }

    @Test
    void registeredIsASnapshotOfTheLiveRegistrations() throws ErrnoException {
        try (Poller poller = Poller.open(); EventFd a = EventFd.create(); EventFd b = EventFd.create()) {
            Registration ra = poller.register(a, 1L, Interest.READABLE, Trigger.LEVEL);
            Registration rb = poller.register(b, 2L, Interest.READABLE, Trigger.LEVEL);
            List<Registration> both = poller.registered();
            assertEquals(java.util.Set.of(ra, rb), java.util.Set.copyOf(both));
            ra.deregister();
            assertEquals(List.of(rb), poller.registered());
            assertEquals(2, both.size(), "a snapshot: later changes do not reach it");
        }
    }

    @Test
    void attachmentIsKeptWithTheRegistration() throws ErrnoException {
        try (Poller poller = Poller.open(); EventFd efd = EventFd.create(); Events events = Events.withCapacity(1)) {
            Registration r = poller.register(efd, 1L, Interest.READABLE, Trigger.LEVEL);
            assertNull(r.attach("connection"));
            assertEquals("connection", r.attach("other"));
            efd.write(1);
            poller.poll(events, 0);
            assertTrue(events.next());
            assertEquals("other", events.registration().attachment());
        }
    }

    @Test
    void useAfterCloseThrowsAndCloseTwiceDoesNothing() throws ErrnoException {
        EventFd efd = EventFd.create();
        Poller poller = Poller.open();
        Registration r = poller.register(efd, 1L, Interest.READABLE, Trigger.LEVEL);
        poller.close();
        poller.close();
        assertFalse(poller.isOpen());
        assertFalse(r.isRegistered());
        assertEquals(0, poller.registrations());
        try (Events events = Events.withCapacity(1)) {
            assertThrows(IllegalStateException.class, () -> poller.poll(events, 0));
        }
        var e = assertThrows(IllegalStateException.class, () -> poller.register(efd, 2L, Interest.READABLE, Trigger.LEVEL));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        var re = assertThrows(IllegalStateException.class, r::rearm);
        assertTrue(re.getMessage().contains("poller is closed"), re.getMessage());
        r.deregister(); // nothing to do, not an error
        assertThrows(IllegalStateException.class, poller::fd);
        // The fd outlives the poller and has no listener left pointing at it.
        assertTrue(efd.isOpen());
        efd.close();
    }

    @Test
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void closeWhileAnotherThreadPollsReturnsZero() throws Exception {
        int before = ProcFds.count();
        Poller poller = Poller.open();
        Events events = Events.withCapacity(4);
        var result = new CompletableFuture<Integer>();
        Thread polling = Thread.ofPlatform().name("poller-close-wait").start(() -> {
            try {
                result.complete(poller.poll(events, -1));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        Fixtures.awaitBlockedIn("poller-close-wait", Fixtures.SYS_EPOLL_WAIT, Duration.ofSeconds(5));
        poller.close();
        assertEquals(0, result.get(5, TimeUnit.SECONDS));
        polling.join();
        assertFalse(events.next());
        events.close();
        assertEquals(before, ProcFds.count());
    }

    @Test
    void openingAndClosingTwoThousandPollersLeaksNoFd() throws ErrnoException {
        int before = ProcFds.count();
        for (int i = 0; i < 2_000; i++) {
            Poller poller = Poller.open();
            Waker waker = new Waker(poller, 0L);
            EventFd efd = EventFd.create();
            poller.register(efd, 1L, Interest.READABLE, Trigger.EDGE);
            if (i % 2 == 0) {
                efd.close(); // deregisters through the close listener
                poller.close();
            } else {
                poller.close(); // ends the registration; the fd is still the caller's
                efd.close();
            }
            waker.close();
        }
        assertEquals(before, ProcFds.count());
    }

    @Test
    void manyRegistrationsGrowTheSlotTableAndAllDeliverTheirTokens() throws ErrnoException {
        final int count = 300;
        EventFd[] fds = new EventFd[count];
        try (Poller poller = Poller.open(); Events events = Events.withCapacity(count)) {
            for (int i = 0; i < count; i++) {
                fds[i] = EventFd.create();
                poller.register(fds[i], 1_000L + i, Interest.READABLE, Trigger.EDGE);
                fds[i].write(1);
            }
            assertEquals(count, poller.registrations());
            assertEquals(count, poller.poll(events, 1_000_000_000L));
            boolean[] seen = new boolean[count];
            while (events.next()) {
                int i = (int) (events.token() - 1_000L);
                assertFalse(seen[i], "token " + events.token() + " twice");
                seen[i] = true;
                assertSame(fds[i], events.registration().fd());
            }
            for (int i = 0; i < count; i++) {
                assertTrue(seen[i], "token " + (1_000L + i) + " missing");
            }
        } finally {
            for (EventFd f : fds) {
                if (f != null) {
                    f.close();
                }
            }
        }
    }

    @Test
    void oneFdInTwoPollersIsDeregisteredFromBothWhenItCloses() throws ErrnoException {
        try (Poller first = Poller.open(); Poller second = Poller.open(); Events events = Events.withCapacity(2)) {
            EventFd efd = EventFd.create();
            OwnedFd dup = efd.dup();
            Registration r1 = first.register(efd, 1L, Interest.READABLE, Trigger.LEVEL);
            Registration r2 = second.register(efd, 2L, Interest.READABLE, Trigger.LEVEL);
            efd.close();
            assertFalse(r1.isRegistered());
            assertFalse(r2.isRegistered());
            Fixtures.addToCounter(dup, 1);
            assertEquals(0, first.poll(events, 0));
            assertEquals(0, second.poll(events, 0));
            dup.close();
        }
    }
}
