package io.epoll4j.loop;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventLoopTimerTest {
    @Test
    void tenThousandRandomTimersFireInDeadlineOrderAndNeverEarly() throws Exception {
        int n = 10_000;
        long[] firedDeadline = new long[n];
        long[] firedAt = new long[n];
        int[] count = {0};
        CountDownLatch done = new CountDownLatch(1);
        try (EventLoop loop = EventLoop.start("timers")) {
            // Scheduled on the loop thread, so every timer is in the heap before any fires.
            loop.execute(() -> {
                SplittableRandom random = new SplittableRandom(42);
                for (int i = 0; i < n; i++) {
                    ScheduledTask[] self = new ScheduledTask[1];
                    self[0] = loop.schedule(() -> {
                        int k = count[0]++;
                        firedAt[k] = System.nanoTime();
                        firedDeadline[k] = self[0].deadlineNanos();
                        if (k == n - 1) {
                            done.countDown();
                        }
                    }, random.nextLong(0, 50_000_000L), TimeUnit.NANOSECONDS);
                }
            });
            assertTrue(done.await(10, TimeUnit.SECONDS), "fired " + count[0]);
            for (int k = 0; k < n; k++) {
                assertTrue(firedAt[k] - firedDeadline[k] >= 0, "timer fired early by " + (firedDeadline[k] - firedAt[k]) + " ns");
                if (k > 0) {
                    assertTrue(firedDeadline[k] - firedDeadline[k - 1] >= 0, "out of deadline order at " + k);
                }
            }
            assertEquals(n, loop.stats().timersFired());
            assertEquals(0, loop.stats().pendingTimers());
        }
    }

    @Test
    void timersScheduledFromOtherThreadsNeverFireEarly() throws Exception {
        int perThread = 2_000;
        CountDownLatch done = new CountDownLatch(2 * perThread);
        AtomicInteger early = new AtomicInteger();
        try (EventLoop loop = EventLoop.start("remote-timers")) {
            Thread[] threads = new Thread[2];
            for (int t = 0; t < threads.length; t++) {
                threads[t] = Thread.ofPlatform().start(() -> {
                    SplittableRandom random = new SplittableRandom();
                    for (int i = 0; i < perThread; i++) {
                        long delay = random.nextLong(0, 20_000_000L);
                        long deadline = System.nanoTime() + delay;
                        loop.schedule(() -> {
                            if (System.nanoTime() - deadline < 0) {
                                early.incrementAndGet();
                            }
                            done.countDown();
                        }, delay, TimeUnit.NANOSECONDS);
                    }
                });
            }
            for (Thread t : threads) {
                t.join();
            }
            assertTrue(done.await(10, TimeUnit.SECONDS), "missing " + done.getCount());
            assertEquals(0, early.get());
        }
    }

    @Test
    void a200MicrosecondTimerFiresNotEarlyAndWellUnder50Milliseconds() throws Exception {
        try (EventLoop loop = EventLoop.start("nanos")) {
            long[] lateness = new long[21];
            for (int i = 0; i < lateness.length; i++) {
                CountDownLatch fired = new CountDownLatch(1);
                AtomicLong at = new AtomicLong();
                ScheduledTask t = loop.schedule(() -> {
                    at.set(System.nanoTime());
                    fired.countDown();
                }, 200, TimeUnit.MICROSECONDS);
                assertTrue(fired.await(5, TimeUnit.SECONDS));
                lateness[i] = at.get() - t.deadlineNanos();
                assertTrue(lateness[i] >= 0, "fired " + -lateness[i] + " ns early");
            }
            Arrays.sort(lateness);
            long median = lateness[lateness.length / 2];
            assertTrue(median < 50_000_000L, "median lateness " + median + " ns");
        }
    }

    @Test
    void cancelledTimersNeverRunFromAnyThread() throws Exception {
        int n = 1_000;
        AtomicInteger ran = new AtomicInteger();
        AtomicInteger ranCancelled = new AtomicInteger();
        try (EventLoop loop = EventLoop.start("cancel")) {
            List<ScheduledTask> tasks = new ArrayList<>();
            boolean[] cancel = new boolean[n];
            for (int i = 0; i < n; i++) {
                int k = i;
                cancel[i] = i % 2 == 0;
                tasks.add(loop.schedule(() -> {
                    ran.incrementAndGet();
                    if (cancel[k]) {
                        ranCancelled.incrementAndGet();
                    }
                }, Duration.ofMillis(200 + i % 30)));
            }
            // Half of the cancels from this thread, half on the loop thread (removed from the heap at once).
            for (int i = 0; i < n; i += 4) {
                assertTrue(tasks.get(i).cancel());
            }
            loop.submit(() -> {
                for (int i = 2; i < n; i += 4) {
                    assertTrue(tasks.get(i).cancel());
                }
                return null;
            }).get(5, TimeUnit.SECONDS);
            CountDownLatch last = new CountDownLatch(1);
            loop.schedule(last::countDown, Duration.ofMillis(300));
            assertTrue(last.await(5, TimeUnit.SECONDS));
            assertEquals(0, ranCancelled.get());
            assertEquals(n / 2, ran.get());
            for (int i = 0; i < n; i++) {
                ScheduledTask t = tasks.get(i);
                assertTrue(t.isDone());
                assertEquals(cancel[i], t.isCancelled());
                assertFalse(t.cancel(), "a second cancel, or a cancel after running, does nothing");
            }
            assertEquals(0, loop.stats().pendingTimers());
        }
    }

    @Test
    void aThrowingTimerIsReportedAndLaterTimersStillFire() throws Exception {
        AtomicInteger reported = new AtomicInteger();
        try (EventLoop loop = EventLoop.builder().name("timer-throws")
                .exceptionHandler((l, source, e) -> reported.incrementAndGet()).start()) {
            loop.schedule(() -> {
                throw new IllegalStateException("timer fails");
            }, Duration.ofMillis(1));
            CountDownLatch later = new CountDownLatch(1);
            loop.schedule(later::countDown, Duration.ofMillis(2));
            assertTrue(later.await(5, TimeUnit.SECONDS));
            assertEquals(1, reported.get());
        }
    }
}
