package io.epoll4j.loop;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * JFR event {@code io.epoll4j.LoopStatistics}: every second (the recording's period), one
 * event per running loop with its {@link EventLoopStats}: registrations, task queue depth,
 * and the totals from which a tool computes events per second and the busy share.
 *
 * <p>Why the hook is installed through a listener: registering a periodic event initialises
 * the Flight Recorder, which a program that never records must not pay for. The listener
 * only installs the hook once a recorder exists.
 */
@Name("io.epoll4j.LoopStatistics")
@Label("Loop Statistics")
@Category({"epoll4j", "Event Loop"})
@Description("The counters of a running event loop, taken periodically")
@Period("1 s")
@StackTrace(false)
final class LoopStatisticsEvent extends jdk.jfr.Event {
    private static final Set<EventLoop> RUNNING = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean LISTENING = new AtomicBoolean();

    @Label("Loop")
    String loop;

    @Label("Registrations")
    @Description("File descriptors registered with the loop (for a server: connections and listeners)")
    int registrations;

    @Label("Queued Tasks")
    @Description("Tasks submitted and not yet taken by the loop")
    long queuedTasks;

    @Label("Pending Timers")
    int pendingTimers;

    @Label("Turns")
    long turns;

    @Label("Events")
    @Description("Handler calls since the loop started")
    long events;

    @Label("Tasks Run")
    long tasksRun;

    @Label("Timers Fired")
    long timersFired;

    @Label("Wakeups")
    long wakeups;

    @Label("Exceptions")
    long exceptions;

    @Label("Poll Time")
    @Description("Time spent in the poll since the loop started")
    @Timespan(Timespan.NANOSECONDS)
    long pollTime;

    @Label("Busy Time")
    @Description("Time spent in handlers, tasks and timers since the loop started")
    @Timespan(Timespan.NANOSECONDS)
    long busyTime;

    static void started(EventLoop loop) {
        RUNNING.add(loop);
        if (LISTENING.compareAndSet(false, true)) {
            FlightRecorder.addListener(new FlightRecorderListener() {
                @Override
                public void recorderInitialized(FlightRecorder recorder) {
                    FlightRecorder.addPeriodicEvent(LoopStatisticsEvent.class, LoopStatisticsEvent::emitAll);
                }
            });
        }
    }

    static void ended(EventLoop loop) {
        RUNNING.remove(loop);
    }

    private static void emitAll() {
        for (EventLoop l : RUNNING) {
            EventLoopStats s = l.stats();
            LoopStatisticsEvent e = new LoopStatisticsEvent();
            e.loop = l.name();
            e.registrations = s.registrations();
            e.queuedTasks = s.queuedTasks();
            e.pendingTimers = s.pendingTimers();
            e.turns = s.turns();
            e.events = s.eventsDispatched();
            e.tasksRun = s.tasksRun();
            e.timersFired = s.timersFired();
            e.wakeups = s.wakeups();
            e.exceptions = s.exceptions();
            e.pollTime = s.pollNanos();
            e.busyTime = s.busyNanos();
            e.commit();
        }
    }
}
