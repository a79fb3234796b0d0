package io.epoll4j.loop;

import io.epoll4j.fd.EventFd;
import io.epoll4j.fd.Pipe;
import io.epoll4j.poll.Interest;
import io.epoll4j.poll.Readiness;
import io.epoll4j.poll.Trigger;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoopRegistrationTest {
    private static final String MESSAGE = "hello from another thread";

    @Test
    void theLoopsRegistrationIsThePollersOwnOneObjectPerFd() throws Exception {
        try (EventLoop loop = EventLoop.start("one-object")) {
            EventFd efd = EventFd.create();
            Object connection = new Object();
            CompletableFuture<Object> seen = new CompletableFuture<>();
            LoopRegistration r = loop.register(efd, Interest.READABLE, Trigger.EDGE,
                    (reg, ready) -> seen.complete(reg.attachment()));
            r.attach(connection);
            assertTrue(r.poller().registered().contains(r), "the poller holds the loop's registration itself");
            efd.write(1);
            assertSame(connection, seen.get(5, TimeUnit.SECONDS), "the handler sees the application's attachment");
            int before = r.poller().registrations();
            r.close();
            assertFalse(r.isRegistered());
            assertEquals(before - 1, r.poller().registrations());
        }
    }

    @Test
    void aLoopRegistrationCannotBeAddedAgainNorToAnotherPoller() throws Exception {
        try (EventLoop loop = EventLoop.start("add-again"); io.epoll4j.poll.Poller other = io.epoll4j.poll.Poller.open()) {
            EventFd efd = EventFd.create();
            LoopRegistration r = loop.register(efd, Interest.READABLE, Trigger.LEVEL, (reg, ready) -> { });
            IllegalArgumentException foreign = assertThrows(IllegalArgumentException.class, () -> other.register(r));
            assertTrue(foreign.getMessage().contains("another poller"), foreign.getMessage());
            IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> r.poller().register(r));
            assertTrue(twice.getMessage().contains("registered before"), twice.getMessage());
            assertEquals(0, other.registrations());
            assertTrue(r.isRegistered(), "the refused adds left the registration as it was");
            r.close();
        }
    }

    /** A handler that records each {@code closed} call: the registration and the thread. */
    private static final class ClosingHandler implements FdHandler {
        final AtomicInteger closed = new AtomicInteger();
        final AtomicReference<Thread> thread = new AtomicReference<>();
        final AtomicReference<Boolean> registeredDuringCall = new AtomicReference<>();
        final CompletableFuture<LoopRegistration> seen = new CompletableFuture<>();

        @Override
        public void ready(LoopRegistration registration, int readyMask) {
        }

        @Override
        public void closed(LoopRegistration registration) {
            closed.incrementAndGet();
            thread.set(Thread.currentThread());
            registeredDuringCall.set(registration.isRegistered());
            seen.complete(registration);
        }
    }

    @Test
    void closingARegisteredFdTellsItsHandlerOnceOnTheClosingThread() throws Exception {
        try (EventLoop loop = EventLoop.start("closed-hook")) {
            EventFd efd = EventFd.create();
            ClosingHandler h = new ClosingHandler();
            LoopRegistration r = loop.register(efd, Interest.READABLE, Trigger.EDGE, h);
            efd.close();
            efd.close();
            assertSame(r, h.seen.getNow(null), "told during the close itself");
            assertEquals(1, h.closed.get());
            assertSame(Thread.currentThread(), h.thread.get(), "on the closing thread, not the loop's");
            assertFalse(h.registeredDuringCall.get(), "already out of the interest list during the call");
            assertFalse(r.isRegistered());
        }
    }

    @Test
    void aDeregisteredFdClosesWithoutTellingItsHandler() throws Exception {
        try (EventLoop loop = EventLoop.start("closed-after-deregister")) {
            EventFd efd = EventFd.create();
            ClosingHandler h = new ClosingHandler();
            LoopRegistration r = loop.register(efd, Interest.READABLE, Trigger.LEVEL, h);
            r.deregister();
            efd.close();
            assertEquals(0, h.closed.get());
        }
    }

    @Test
    void theLoopsShutdownTellsTheHandlerOfEachFdItCloses() throws Exception {
        ClosingHandler owned = new ClosingHandler();
        ClosingHandler shared = new ClosingHandler();
        EventFd sharedFd = EventFd.create();
        Thread loopThread;
        try (EventLoop loop = EventLoop.start("closed-at-shutdown")) {
            loop.register(EventFd.create(), Interest.READABLE, Trigger.LEVEL, owned);
            loop.registerShared(sharedFd, Interest.READABLE, Trigger.LEVEL, shared);
            loopThread = loop.submit(Thread::currentThread).get(5, TimeUnit.SECONDS);
        }
        LoopRegistration r = owned.seen.get(5, TimeUnit.SECONDS);
        assertFalse(r.fd().isOpen());
        assertEquals(1, owned.closed.get());
        assertSame(loopThread, owned.thread.get(), "the shutdown closes on the loop thread");
        assertEquals(0, shared.closed.get(), "a shared fd is only deregistered, not closed");
        assertTrue(sharedFd.isOpen());
        sharedFd.close();
        assertEquals(0, shared.closed.get(), "deregistered by the shutdown before");
    }

    @Test
    void levelTriggeredPipeIsReadOnTheLoopThread() throws Exception {
        assertPipeDelivers(Trigger.LEVEL);
    }

    @Test
    void edgeTriggeredPipeIsReadOnTheLoopThread() throws Exception {
        assertPipeDelivers(Trigger.EDGE);
    }

    private static void assertPipeDelivers(Trigger trigger) throws Exception {
        try (EventLoop loop = EventLoop.start("pipe-" + trigger); Pipe pipe = Pipe.open()) {
            StringBuilder received = new StringBuilder();
            CompletableFuture<String> all = new CompletableFuture<>();
            MemorySegment buf = Arena.ofAuto().allocate(7); // small: several reads per message
            LoopRegistration r = loop.register(pipe.source(), Interest.READABLE, trigger, (reg, ready) -> {
                assertTrue(reg.loop().inEventLoop());
                assertTrue(Readiness.isReadable(ready));
                long n;
                do {
                    n = reg.fd().read(buf);
                    if (n > 0) {
                        received.append(new String(buf.asSlice(0, n).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE),
                                StandardCharsets.UTF_8));
                    }
                } while (n > 0 && reg.trigger().isEdge()); // level: one read per event is enough
                if (received.length() == MESSAGE.length()) {
                    all.complete(received.toString());
                }
            });
            Thread writer = Thread.ofPlatform().start(() -> {
                try (Arena arena = Arena.ofConfined()) {
                    byte[] bytes = MESSAGE.getBytes(StandardCharsets.UTF_8);
                    pipe.sink().write(arena.allocateFrom(java.lang.foreign.ValueLayout.JAVA_BYTE, bytes));
                } catch (Exception e) {
                    all.completeExceptionally(e);
                }
            });
            writer.join();
            assertEquals(MESSAGE, all.get(5, TimeUnit.SECONDS));
            assertTrue(r.isRegistered());
            assertEquals(trigger, r.trigger());
        }
    }

    @Test
    void anEdgeRegistrationFromAnotherThreadSeesDataThatWasAlreadyThere() throws Exception {
        // Registered off the loop, the fd starts with no interest and gets it after the attach:
        // this pins that the readiness present before the registration is not lost on the way.
        try (EventLoop loop = EventLoop.start("early-data")) {
            for (int i = 0; i < 200; i++) {
                EventFd counter = EventFd.create();
                counter.write(1);
                CountDownLatch seen = new CountDownLatch(1);
                loop.register(counter, Interest.READABLE, Trigger.EDGE, (reg, ready) -> {
                    ((EventFd) reg.fd()).read();
                    seen.countDown();
                });
                assertTrue(seen.await(5, TimeUnit.SECONDS), "round " + i);
                counter.close();
            }
            assertEquals(0, loop.stats().registrations());
        }
    }

    @Test
    void interestChangesReachTheKernel() throws Exception {
        try (EventLoop loop = EventLoop.start("interest"); Pipe pipe = Pipe.open()) {
            AtomicInteger writable = new AtomicInteger();
            CountDownLatch first = new CountDownLatch(1);
            LoopRegistration r = loop.registerShared(pipe.sink(), Interest.NONE, Trigger.LEVEL, (reg, ready) -> {
                if (Readiness.isWritable(ready)) {
                    writable.incrementAndGet();
                    reg.interest(Interest.NONE); // level-triggered: stop it firing every turn
                    first.countDown();
                }
            });
            loop.submit(() -> null).get(5, TimeUnit.SECONDS);
            assertEquals(0, writable.get(), "no interest, no event");
            r.interest(Interest.WRITABLE);
            assertTrue(first.await(5, TimeUnit.SECONDS));
            assertEquals(Interest.NONE, loop.submit(r::interest).get(5, TimeUnit.SECONDS));
            assertEquals(1, writable.get());
        }
    }

    @Test
    void deregisterStopsTheHandlerAndHandsTheFdBack() throws Exception {
        try (EventLoop loop = EventLoop.start("deregister"); Pipe pipe = Pipe.open()) {
            AtomicInteger calls = new AtomicInteger();
            LoopRegistration r = loop.register(pipe.source(), Interest.READABLE, Trigger.LEVEL,
                    (reg, ready) -> calls.incrementAndGet());
            loop.submit(() -> {
                r.deregister();
                r.deregister(); // twice: nothing
                return null;
            }).get(5, TimeUnit.SECONDS);
            try (Arena arena = Arena.ofConfined()) {
                pipe.sink().write(arena.allocateFrom("x"));
            }
            loop.submit(() -> null).get(5, TimeUnit.SECONDS);
            loop.submit(() -> null).get(5, TimeUnit.SECONDS);
            assertEquals(0, calls.get());
            assertFalse(r.isRegistered());
            assertEquals(0, loop.stats().registrations());
            loop.close();
            assertTrue(pipe.source().isOpen(), "a deregistered fd is the caller's again");
        }
    }

    @Test
    void aThrowingHandlerIsReportedWithItsRegistrationAndTheLoopGoesOn() throws Exception {
        AtomicReference<Object> source = new AtomicReference<>();
        CountDownLatch reported = new CountDownLatch(1);
        try (EventLoop loop = EventLoop.builder().name("handler-throws").exceptionHandler((l, s, e) -> {
            source.set(s);
            if (s instanceof LoopRegistration r) {
                r.close(); // level-triggered and never read: it would fail at every turn
            }
            reported.countDown();
        }).start(); Pipe pipe = Pipe.open()) {
            LoopRegistration r = loop.register(pipe.source(), Interest.READABLE, Trigger.LEVEL, (reg, ready) -> {
                throw new IllegalStateException("handler fails");
            });
            try (Arena arena = Arena.ofConfined()) {
                pipe.sink().write(arena.allocateFrom("x"));
            }
            assertTrue(reported.await(5, TimeUnit.SECONDS));
            assertEquals(r, source.get());
            assertEquals("alive", loop.submit(() -> "alive").get(5, TimeUnit.SECONDS));
            assertFalse(pipe.source().isOpen());
            assertEquals(1, loop.stats().exceptions());
            assertEquals(0, loop.stats().registrations());
        }
    }

    @Test
    void closingTheFdAnywhereEndsItsRegistration() throws Exception {
        try (EventLoop loop = EventLoop.start("fd-close"); Pipe pipe = Pipe.open()) {
            LoopRegistration r = loop.register(pipe.source(), Interest.READABLE, Trigger.EDGE, (reg, ready) -> { });
            assertEquals(1, loop.stats().registrations());
            pipe.source().close();
            assertFalse(r.isRegistered());
            assertEquals(0, loop.stats().registrations());
        }
    }
}
