package io.epoll4j.loop;

import io.epoll4j.fd.EventFd;
import io.epoll4j.poll.Interest;
import io.epoll4j.poll.Trigger;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The operator's figures: registrations, events, tasks, queue depth, poll and busy time. */
class EventLoopStatsTest {
    private static final int EVENTS = 1_000;

    @Test
    void countsEventsTasksAndRegistrationsAndSplitsTimeBetweenPollAndHandlers() throws Exception {
        try (EventLoop loop = EventLoop.start("stats"); EventFd ready = EventFd.create(); EventFd idle = EventFd.create()) {
            EventLoopStats start = loop.stats();
            assertEquals(0, start.registrations());
            ready.write(1);
            CompletableFuture<Void> done = new CompletableFuture<>();
            loop.register(idle, Interest.READABLE, Trigger.LEVEL, (r, m) -> { });
            loop.register(ready, Interest.READABLE, Trigger.LEVEL, new FdHandler() {
                int calls;

                @Override
                public void ready(LoopRegistration registration, int readyMask) throws Exception {
                    if (++calls == EVENTS) {
                        registration.deregister();
                        done.complete(null);
                    }
                }
            });
            done.get(10, TimeUnit.SECONDS);
            loop.submit(() -> null).get(5, TimeUnit.SECONDS);
            EventLoopStats end = loop.stats();
            assertEquals(1, end.registrations(), "the idle one: the other was deregistered");
            assertTrue(end.eventsDispatched() - start.eventsDispatched() >= EVENTS, end.toString());
            assertTrue(end.tasksRun() >= 1, end.toString());
            assertTrue(end.turns() >= EVENTS, end.toString());
            assertTrue(end.busyNanos() > 0 && end.pollNanos() > 0, end.toString());
            assertTrue(end.sampledAtNanos() > start.sampledAtNanos());
            assertTrue(end.eventsPerSecond(start) > 0, end.toString());
            double busy = end.busyFraction(start);
            assertTrue(busy > 0 && busy <= 1, "busy fraction " + busy);
        }
    }

    @Test
    void queuedTasksIsTheDepthOfTheTaskQueueReadFromAnotherThread() throws Exception {
        try (EventLoop loop = EventLoop.start("stats-queue")) {
            CountDownLatch running = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            loop.execute(() -> {
                running.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertTrue(running.await(5, TimeUnit.SECONDS));
            for (int i = 0; i < 5; i++) {
                loop.execute(() -> { });
            }
            assertEquals(5, loop.stats().queuedTasks(), "the loop is held inside a task: nothing else was taken");
            release.countDown();
            loop.submit(() -> null).get(5, TimeUnit.SECONDS);
            assertEquals(0, loop.stats().queuedTasks());
        }
    }

    @Test
    void aTerminatedLoopReportsNoRegistrationsAndNoQueuedTasks() throws Exception {
        EventLoop loop = EventLoop.start("stats-end");
        EventFd fd = EventFd.create();
        loop.register(fd, Interest.READABLE, Trigger.LEVEL, (r, m) -> { });
        assertEquals(1, loop.stats().registrations());
        loop.close();
        EventLoopStats s = loop.stats();
        assertEquals(0, s.registrations());
        assertEquals(0, s.queuedTasks());
        assertTrue(!fd.isOpen(), "the loop owned it and closed it");
    }

    @Test
    void ratesBetweenTwoSnapshotsTakenAtTheSameInstantAreZero() {
        EventLoopStats s = new EventLoopStats(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        assertEquals(0, s.eventsPerSecond(s));
        assertEquals(0, s.busyFraction(s));
    }
}
