package io.epoll4j.loop;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;
import jdk.jfr.Timespan;

/**
 * JFR event {@code io.epoll4j.SlowTurn}: a turn of a loop (its handlers, tasks and timers after
 * a poll) that took longer than the threshold, 10 ms unless a recording's settings say
 * otherwise, with the one handler, task or timer that took longest. Its duration is the turn's
 * work, without the wait in the poll. One instance per loop thread, reused (see
 * {@link Dispatcher}).
 */
@Name("io.epoll4j.SlowTurn")
@Label("Slow Loop Turn")
@Category({"epoll4j", "Event Loop"})
@Description("A turn of an event loop whose handlers, tasks and timers ran longer than the threshold, "
        + "naming the slowest of them")
@Threshold("10 ms")
@StackTrace(false)
final class SlowTurnEvent extends jdk.jfr.Event {
    @Label("Loop")
    String loop;

    @Label("Events")
    @Description("Handlers called in the turn")
    int events;

    @Label("Tasks")
    @Description("Tasks run in the turn")
    int tasks;

    @Label("Timers")
    @Description("Timers fired in the turn")
    int timers;

    @Label("Queued Tasks")
    @Description("Tasks waiting when the turn's task pass began")
    long queuedTasks;

    @Label("Slowest")
    @Description("The handler (with its fd and attachment), task or timer that took longest")
    String slowest;

    @Label("Slowest Time")
    @Timespan(Timespan.NANOSECONDS)
    long slowestTime;
}
