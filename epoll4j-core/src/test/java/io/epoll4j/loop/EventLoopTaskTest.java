package io.epoll4j.loop;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventLoopTaskTest {
    private static final int THREADS = 8;
    private static final int PER_THREAD = 100_000;

    @Test
    void everyTaskFromEightThreadsRunsExactlyOnceOnTheLoopThread() throws Exception {
        try (EventLoop loop = EventLoop.start("tasks")) {
            Thread loopThread = loop.submit(Thread::currentThread).get(5, TimeUnit.SECONDS);
            AtomicIntegerArray runs = new AtomicIntegerArray(THREADS * PER_THREAD);
            AtomicInteger offLoop = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(THREADS * PER_THREAD);
            Thread[] submitters = new Thread[THREADS];
            for (int t = 0; t < THREADS; t++) {
                int base = t * PER_THREAD;
                submitters[t] = Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < PER_THREAD; i++) {
                        int id = base + i;
                        loop.execute(() -> {
                            runs.incrementAndGet(id);
                            if (Thread.currentThread() != loopThread) {
                                offLoop.incrementAndGet();
                            }
                            done.countDown();
                        });
                    }
                });
            }
            for (Thread s : submitters) {
                s.join();
            }
            assertTrue(done.await(30, TimeUnit.SECONDS), "tasks still missing: " + done.getCount());
            // Let anything run twice show itself: a marker task runs after every task above.
            loop.submit(() -> null).get(5, TimeUnit.SECONDS);
            for (int i = 0; i < runs.length(); i++) {
                if (runs.get(i) != 1) {
                    throw new AssertionError("task " + i + " ran " + runs.get(i) + " times");
                }
            }
            assertEquals(0, offLoop.get());
            assertTrue(loop.stats().tasksRun() >= THREADS * PER_THREAD);
        }
    }

    @Test
    void tasksFromOneThreadRunInSubmissionOrder() throws Exception {
        try (EventLoop loop = EventLoop.start("order")) {
            int[] last = {-1};
            AtomicInteger outOfOrder = new AtomicInteger();
            for (int i = 0; i < 10_000; i++) {
                int n = i;
                loop.execute(() -> {
                    if (n != last[0] + 1) {
                        outOfOrder.incrementAndGet();
                    }
                    last[0] = n;
                });
            }
            loop.submit(() -> null).get(5, TimeUnit.SECONDS);
            assertEquals(0, outOfOrder.get());
            assertEquals(9_999, last[0]);
        }
    }

    @Test
    void aThrowingTaskIsReportedAndTheLoopGoesOn() throws Exception {
        AtomicReference<Object> source = new AtomicReference<>();
        AtomicReference<Throwable> error = new AtomicReference<>();
        try (EventLoop loop = EventLoop.builder().name("throws")
                .exceptionHandler((l, s, e) -> {
                    source.set(s);
                    error.set(e);
                    throw new IllegalStateException("the exception handler fails too");
                }).start()) {
            Runnable bad = () -> {
                throw new IllegalArgumentException("boom");
            };
            loop.execute(bad);
            assertEquals("still here", loop.submit(() -> "still here").get(5, TimeUnit.SECONDS));
            assertSame(bad, source.get());
            assertEquals("boom", error.get().getMessage());
            assertEquals(1, loop.stats().exceptions());
        }
    }

    @Test
    void submitCompletesWithTheResultOrTheException() throws Exception {
        try (EventLoop loop = EventLoop.start("submit")) {
            assertTrue(loop.submit(loop::inEventLoop).get(5, TimeUnit.SECONDS));
            assertFalse(loop.inEventLoop());
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> loop.submit(() -> { throw new java.io.IOException("no"); }).get(5, TimeUnit.SECONDS));
            assertEquals("no", e.getCause().getMessage());
        }
    }

    @Test
    void anIdleLoopSleepsAndIsWokenBySubmissions() throws Exception {
        try (EventLoop loop = EventLoop.start("wake")) {
            loop.submit(() -> null).get(5, TimeUnit.SECONDS);
            for (int i = 0; i < 100; i++) {
                // Wait until the loop is asleep in epoll_wait (its turn count stops moving).
                long turns = waitForSleep(loop);
                loop.submit(() -> null).get(5, TimeUnit.SECONDS);
                assertTrue(loop.stats().turns() > turns);
            }
            // Idle between rounds, so a round costs a wake: at most a few turns each, not a busy loop.
            assertTrue(loop.stats().wakeups() >= 50, "wakeups " + loop.stats().wakeups());
            assertTrue(loop.stats().turns() < 2_000, "turns " + loop.stats().turns());
        }
    }

    /** Spins until the loop's turn count has stood still for 1 ms: it is blocked in epoll_wait. */
    private static long waitForSleep(EventLoop loop) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        long turns = loop.stats().turns();
        long since = System.nanoTime();
        while (System.nanoTime() < deadline) {
            Thread.onSpinWait();
            long now = loop.stats().turns();
            if (now != turns) {
                turns = now;
                since = System.nanoTime();
            } else if (System.nanoTime() - since > 1_000_000) {
                return now;
            }
        }
        throw new AssertionError("loop never went idle");
    }
}
