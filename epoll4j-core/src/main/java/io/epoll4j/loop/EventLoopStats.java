package io.epoll4j.loop;

/**
 * Counters of one {@link EventLoop}, for metrics and tests.
 *
 * {@snippet :
 * EventLoopStats s = loop.stats();
 * System.out.printf("%s: %d turns, %d events, %d tasks, %d wakeups%n",
 *         loop.name(), s.turns(), s.eventsDispatched(), s.tasksRun(), s.wakeups());
 * }
 *
 * <p>The loop thread counts with plain writes, so the counters cost nothing on the hot path;
 * read from another thread they are a recent, not an exact, picture.
 *
 * @param turns            polls the loop has made
 * @param eventsDispatched calls of {@link FdHandler}s
 * @param tasksRun         tasks run from {@link EventLoop#execute}
 * @param timersFired      {@link ScheduledTask}s run at their deadline
 * @param wakeups          polls ended by another thread's submission (the eventfd waker)
 * @param exceptions       exceptions given to the {@link LoopExceptionHandler}
 * @param registrations    file descriptors registered through the loop now
 * @param pendingTimers    timers waiting for their deadline
 */
public record EventLoopStats(long turns, long eventsDispatched, long tasksRun, long timersFired,
                             long wakeups, long exceptions, int registrations, int pendingTimers) {
}
