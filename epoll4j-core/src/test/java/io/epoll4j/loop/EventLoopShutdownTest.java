package io.epoll4j.loop;

import io.epoll4j.fd.Pipe;
import io.epoll4j.poll.Interest;
import io.epoll4j.poll.Trigger;
import io.epoll4j.testing.ProcFds;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventLoopShutdownTest {
    @Test
    void pendingTasksRunThenTheThreadEndsAndNewWorkIsRejected() throws Exception {
        EventLoop loop = EventLoop.start("graceful");
        Thread thread = loop.submit(Thread::currentThread).get(5, TimeUnit.SECONDS);
        CountDownLatch gate = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        loop.execute(() -> {
            try {
                gate.await();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        for (int i = 0; i < 1_000; i++) {
            loop.execute(ran::incrementAndGet);
        }
        ScheduledTask notDue = loop.schedule(ran::incrementAndGet, Duration.ofHours(1));
        loop.shutdownGracefully();
        assertTrue(loop.isShutdown());
        RejectedExecutionException e = assertThrows(RejectedExecutionException.class, () -> loop.execute(() -> { }));
        assertTrue(e.getMessage().contains("'graceful'"), e.getMessage());
        assertThrows(RejectedExecutionException.class, () -> loop.schedule(() -> { }, Duration.ZERO));
        gate.countDown();
        assertTrue(loop.awaitTermination(Duration.ofSeconds(5)));
        thread.join(5_000);
        assertFalse(thread.isAlive());
        assertTrue(loop.isTerminated());
        assertEquals(1_000, ran.get(), "every task submitted before the shutdown ran");
        assertTrue(notDue.isCancelled(), "a timer not yet due is dropped");
        assertThrows(RejectedExecutionException.class, () -> loop.execute(() -> { }));
        loop.shutdownGracefully(); // again: nothing
        loop.close();
    }

    @Test
    void aTaskSubmittedDuringShutdownEitherRunsOrIsRejected() throws Exception {
        for (int round = 0; round < 20; round++) {
            EventLoop loop = EventLoop.start("race-" + round);
            AtomicInteger ran = new AtomicInteger();
            AtomicInteger rejected = new AtomicInteger();
            int perThread = 5_000;
            CountDownLatch start = new CountDownLatch(1);
            Thread[] submitters = new Thread[2];
            for (int t = 0; t < submitters.length; t++) {
                submitters[t] = Thread.ofPlatform().start(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < perThread; i++) {
                        try {
                            loop.execute(ran::incrementAndGet);
                        } catch (RejectedExecutionException e) {
                            rejected.incrementAndGet();
                        }
                    }
                });
            }
            start.countDown();
            loop.shutdownGracefully();
            for (Thread t : submitters) {
                t.join();
            }
            assertTrue(loop.awaitTermination(Duration.ofSeconds(5)));
            assertEquals(submitters.length * perThread, ran.get() + rejected.get(), "a task was lost");
        }
    }

    @Test
    void shutdownClosesOwnedFdsAndOnlyDeregistersSharedOnes() throws Exception {
        try (Pipe pipe = Pipe.open()) {
            EventLoop loop = EventLoop.start("owned");
            LoopRegistration owned = loop.register(pipe.source(), Interest.READABLE, Trigger.EDGE, (r, m) -> { });
            LoopRegistration shared = loop.registerShared(pipe.sink(), Interest.WRITABLE, Trigger.EDGE, (r, m) -> { });
            loop.close();
            assertFalse(owned.isRegistered());
            assertFalse(shared.isRegistered());
            assertFalse(pipe.source().isOpen(), "the loop owned it");
            assertTrue(pipe.sink().isOpen(), "shared: still the caller's");
            assertThrows(RejectedExecutionException.class,
                    () -> loop.register(pipe.sink(), Interest.WRITABLE, Trigger.EDGE, (r, m) -> { }));
        }
    }

    @Test
    void twoHundredStartStopCyclesLeaveNoFdBehind() throws Exception {
        cycle(); // load classes, open what the JVM opens once
        long before = ProcFds.count();
        for (int i = 0; i < 200; i++) {
            cycle();
        }
        assertEquals(before, ProcFds.count(), "fds leaked over 200 cycles");
    }

    private static void cycle() throws Exception {
        EventLoop loop = EventLoop.builder().name("cycle").daemon(true).start();
        Pipe pipe = Pipe.open();
        loop.register(pipe.source(), Interest.READABLE, Trigger.LEVEL, (r, m) -> { });
        loop.register(pipe.sink(), Interest.WRITABLE, Trigger.EDGE, (r, m) -> { });
        loop.shutdownGracefully();
        assertTrue(loop.awaitTermination(Duration.ofSeconds(5)));
    }

    @Test
    void closeOnTheLoopThreadBeginsShutdownWithoutWaitingForItself() throws Exception {
        EventLoop loop = EventLoop.start("self-close");
        loop.execute(loop::close);
        assertTrue(loop.awaitTermination(Duration.ofSeconds(5)));
    }
}
