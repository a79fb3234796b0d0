package io.epoll4j.loop;

import io.epoll4j.fd.EventFd;
import io.epoll4j.poll.Interest;
import io.epoll4j.poll.Trigger;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The loop's Flight Recorder events, read back with a RecordingStream in this JVM. */
class LoopFlightRecorderTest {
    private static final Duration SLOW = Duration.ofMillis(30);
    private static final long DEADLINE_SECONDS = 20;

    /** A deliberately slow task: it computes (spins on the clock) for {@code d}; nothing waits. */
    private static final class SpinTask implements Runnable {
        @Override
        public void run() {
            long end = System.nanoTime() + SLOW.toNanos();
            while (System.nanoTime() - end < 0) {
                Thread.onSpinWait();
            }
        }
    }

    @Test
    void aTurnLongerThanTheThresholdIsRecordedNamingTheSlowestTask() throws Exception {
        try (RecordingStream rs = new RecordingStream(); EventLoop loop = EventLoop.start("jfr-slow")) {
            rs.enable("io.epoll4j.SlowTurn").withThreshold(SLOW.dividedBy(2));
            BlockingQueue<RecordedEvent> seen = collect(rs, "io.epoll4j.SlowTurn");
            rs.startAsync();
            loop.execute(new SpinTask());
            RecordedEvent e = await(seen, ev -> "jfr-slow".equals(ev.getString("loop")));
            assertTrue(e.getString("slowest").contains(SpinTask.class.getName()), e.getString("slowest"));
            assertTrue(e.getDuration().compareTo(SLOW) >= 0, e.getDuration().toString());
            assertTrue(e.getLong("slowestTime") >= SLOW.toNanos(), e.toString());
            assertEquals(1, e.getInt("tasks"));
        }
    }

    @Test
    void aSlowHandlerIsNamedWithItsFd() throws Exception {
        try (RecordingStream rs = new RecordingStream(); EventLoop loop = EventLoop.start("jfr-handler");
             EventFd fd = EventFd.create()) {
            rs.enable("io.epoll4j.SlowTurn").withThreshold(SLOW.dividedBy(2));
            BlockingQueue<RecordedEvent> seen = collect(rs, "io.epoll4j.SlowTurn");
            rs.startAsync();
            SpinTask spin = new SpinTask();
            LoopRegistration r = loop.register(fd, Interest.READABLE, Trigger.EDGE, (reg, ready) -> spin.run());
            fd.write(1);
            RecordedEvent e = await(seen, ev -> "jfr-handler".equals(ev.getString("loop")));
            String slowest = e.getString("slowest");
            assertTrue(slowest.startsWith("handler ") && slowest.contains(r.fd().toString()), slowest);
            assertEquals(1, e.getInt("events"));
        }
    }

    @Test
    void eachPollIsRecordedWithTheEventsItReturned() throws Exception {
        try (RecordingStream rs = new RecordingStream(); EventLoop loop = EventLoop.start("jfr-poll");
             EventFd a = EventFd.create(); EventFd b = EventFd.create()) {
            rs.enable("io.epoll4j.PollWait");
            BlockingQueue<RecordedEvent> seen = collect(rs, "io.epoll4j.PollWait");
            rs.startAsync();
            a.write(1);
            b.write(1);
            loop.execute(() -> {
                try {
                    // Both registered in one task, so that one poll returns both.
                    loop.register(a, Interest.READABLE, Trigger.EDGE, (r, m) -> { });
                    loop.register(b, Interest.READABLE, Trigger.EDGE, (r, m) -> { });
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            RecordedEvent e = await(seen, ev -> "jfr-poll".equals(ev.getString("loop")) && ev.getInt("events") == 2);
            assertTrue(e.getLong("timeout") >= -1, e.toString());
        }
    }

    @Test
    void statisticsAreRecordedPeriodicallyForEachRunningLoop() throws Exception {
        try (RecordingStream rs = new RecordingStream(); EventLoop loop = EventLoop.start("jfr-stats");
             EventFd fd = EventFd.create()) {
            loop.register(fd, Interest.READABLE, Trigger.LEVEL, (r, m) -> { });
            loop.submit(() -> null).get(5, TimeUnit.SECONDS); // one wake, one turn, one task
            rs.enable("io.epoll4j.LoopStatistics").withPeriod(Duration.ofMillis(100));
            BlockingQueue<RecordedEvent> seen = collect(rs, "io.epoll4j.LoopStatistics");
            rs.startAsync();
            RecordedEvent e = await(seen, ev -> "jfr-stats".equals(ev.getString("loop")));
            assertEquals(1, e.getInt("registrations"));
            assertTrue(e.getLong("turns") >= 1 && e.getLong("tasksRun") >= 1, e.toString());
            assertNotNull(e.getDuration("pollTime"));
        }
    }

    private static BlockingQueue<RecordedEvent> collect(RecordingStream rs, String name) {
        BlockingQueue<RecordedEvent> seen = new LinkedBlockingQueue<>();
        rs.onEvent(name, seen::add);
        return seen;
    }

    private static RecordedEvent await(BlockingQueue<RecordedEvent> seen, Predicate<RecordedEvent> wanted)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        while (true) {
            RecordedEvent e = seen.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new AssertionError("no such event within " + DEADLINE_SECONDS + " s");
            }
            if (wanted.test(e)) {
                return e;
            }
        }
    }
}
