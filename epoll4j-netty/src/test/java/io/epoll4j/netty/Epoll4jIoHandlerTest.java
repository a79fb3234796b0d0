package io.epoll4j.netty;

import io.epoll4j.poll.Interest;
import io.epoll4j.poll.Trigger;
import io.netty.channel.EventLoop;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.ManualIoEventLoop;
import io.netty.channel.nio.NioIoHandle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Epoll4jIoHandler under Netty's own event loops: tasks, timers, wake-ups, registrations. */
class Epoll4jIoHandlerTest {
    @RegisterExtension
    static final Epoll4jGroup loops = new Epoll4jGroup(1);

    @Test
    void aTaskFromAnotherThreadWakesALoopBlockedWithNothingScheduled() throws Exception {
        EventLoop loop = loops.group().next();
        // Nothing is scheduled: the loop waits with no timeout, so only a wake-up runs these.
        for (int i = 0; i < 100; i++) {
            CountDownLatch ran = new CountDownLatch(1);
            loop.execute(ran::countDown);
            assertTrue(ran.await(10, TimeUnit.SECONDS), "task " + i + " did not run");
        }
    }

    @Test
    void aScheduledTaskRunsNoEarlierThanItsDelay() throws Exception {
        EventLoop loop = loops.group().next();
        for (long delayNanos : new long[] {250_000, 1_500_000, 20_000_000}) {
            long start = System.nanoTime();
            AtomicLong ranAt = new AtomicLong();
            loop.schedule(() -> ranAt.set(System.nanoTime()), delayNanos, TimeUnit.NANOSECONDS)
                    .get(10, TimeUnit.SECONDS);
            assertTrue(ranAt.get() - start >= delayNanos, "ran after " + (ranAt.get() - start) + " ns");
        }
    }

    @Test
    void manyThreadsSubmittingAtOnceLoseNoTask() throws Exception {
        EventLoop loop = loops.group().next();
        int threads = 4;
        int perThread = 5_000;
        CountDownLatch done = new CountDownLatch(threads * perThread);
        Thread[] submitters = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            submitters[t] = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < perThread; i++) {
                    loop.execute(done::countDown);
                }
            });
        }
        for (Thread t : submitters) {
            t.join(10_000);
        }
        assertTrue(done.await(20, TimeUnit.SECONDS), done.getCount() + " tasks never ran");
    }

    @Test
    void aRegisteredHandleGetsReadinessUntilCancelledThenIsToldUnregistered() throws Exception {
        IoEventLoop loop = (IoEventLoop) loops.group().next();
        CountingHandle handle = new CountingHandle(true);
        try {
            IoRegistration registration = loop.register(handle).get(10, TimeUnit.SECONDS);
            assertEquals(1, handle.registered.get());
            assertSame(loop.submit(() -> registration.attachment()).get(), loop.submit(() -> registration.attachment()).get());
            long mask = loop.submit(() -> registration.submit(Epoll4jIoOps.of(Interest.READABLE, Trigger.LEVEL)))
                    .get(10, TimeUnit.SECONDS);
            assertEquals(Interest.READABLE.flags(), mask);
            for (int i = 1; i <= 3; i++) {
                handle.eventFd.write(1);
                awaitCount(handle, i);
            }
            assertTrue(handle.last.isReadable() && !handle.last.isWritable());
            assertTrue(registration.cancel(), "first cancel");
            assertFalse(registration.cancel(), "second cancel");
            assertFalse(registration.isValid());
            assertTrue(handle.unregistered.await(10, TimeUnit.SECONDS), "unregistered() not called");
            assertEquals(-1, registration.submit(Epoll4jIoOps.of(Interest.READABLE, Trigger.LEVEL)));
            handle.eventFd.write(1);
            // A round trip through the loop: had the fd still been watched, its event came first.
            loop.submit(() -> { }).get(10, TimeUnit.SECONDS);
            loop.submit(() -> { }).get(10, TimeUnit.SECONDS);
            assertEquals(3, handle.readable.get(), "no event after cancel");
            assertTrue(handle.eventFd.isOpen(), "cancel leaves the fd open");
        } finally {
            handle.close();
        }
    }

    @Test
    void anEdgeTriggeredHandleThatDoesNotDrainIsToldOncePerWrite() throws Exception {
        IoEventLoop loop = (IoEventLoop) loops.group().next();
        CountingHandle handle = new CountingHandle(false);
        try {
            IoRegistration registration = loop.register(handle).get(10, TimeUnit.SECONDS);
            loop.submit(() -> registration.submit(Epoll4jIoOps.of(Interest.READABLE, Trigger.EDGE)))
                    .get(10, TimeUnit.SECONDS);
            for (int i = 1; i <= 5; i++) {
                handle.eventFd.write(1);
                awaitCount(handle, i);
                loop.submit(() -> { }).get(10, TimeUnit.SECONDS);
                assertEquals(i, handle.readable.get(), "level would repeat; edge reports each write once");
            }
            registration.cancel();
        } finally {
            handle.close();
        }
    }

    @Test
    void otherHandleTypesAndOpsAreRefused() throws Exception {
        IoEventLoop loop = (IoEventLoop) loops.group().next();
        assertFalse(loop.isCompatible(NioIoHandle.class));
        assertTrue(loop.isCompatible(Epoll4jIoHandle.class));
        CountingHandle handle = new CountingHandle(true);
        try {
            IoRegistration registration = loop.register(handle).get(10, TimeUnit.SECONDS);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> registration.submit(new io.netty.channel.IoOps() { }));
            assertTrue(e.getMessage().contains("Epoll4jIoOps"), e.getMessage());
            registration.cancel();
        } finally {
            handle.close();
        }
    }

    @Test
    void aManualLoopBlocksForItsWholeTimeoutWhenWakeupsCameWhileItWasNotWaiting() throws Exception {
        Thread owner = Thread.currentThread();
        ManualIoEventLoop loop = new ManualIoEventLoop(owner, Epoll4jIoHandler.newFactory());
        try {
            loop.runNow();
            // Wake-ups while the loop is not waiting cost nothing and leave nothing behind...
            Thread other = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 1_000; i++) {
                    loop.wakeup();
                }
            });
            other.join(10_000);
            long start = System.nanoTime();
            loop.run(30_000_000L);
            // ...so the next wait is not cut short by a stale eventfd count.
            assertTrue(System.nanoTime() - start >= 30_000_000L, "the wait ended early");

            // A wake-up while it waits ends the wait.
            CountDownLatch waiting = new CountDownLatch(1);
            Thread waker = Thread.ofPlatform().start(() -> {
                try {
                    waiting.await();
                    loop.execute(() -> { });
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            waiting.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            int ran = 0;
            while (ran == 0 && System.nanoTime() < deadline) {
                ran = loop.run(TimeUnit.SECONDS.toNanos(10));
            }
            assertTrue(ran > 0, "the task from another thread never ran");
            waker.join(10_000);
        } finally {
            loop.shutdown();
            while (!loop.isTerminated()) {
                loop.runNow();
            }
        }
    }

    private static void awaitCount(CountingHandle handle, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (handle.readable.get() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("saw " + handle.readable.get() + " events, wanted " + n);
            }
            Thread.onSpinWait();
        }
    }
}
