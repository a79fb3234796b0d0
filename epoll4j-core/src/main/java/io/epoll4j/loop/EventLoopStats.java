package io.epoll4j.loop;

/**
 * Counters of one {@link EventLoop}, read from any thread: what an operator asks of a loop.
 *
 * {@snippet :
 * EventLoopStats before = loop.stats();
 * // ... a while later:
 * EventLoopStats now = loop.stats();
 * System.out.printf("%s: %d fds, %.0f events/s, %d tasks queued, %.0f %% busy%n",
 *         loop.name(), now.registrations(), now.eventsPerSecond(before),
 *         now.queuedTasks(), 100 * now.busyFraction(before));
 * }
 *
 * <p>The loop thread counts with opaque stores (plain stores on x86-64 and aarch64, no fence),
 * so the counters cost nothing on the hot path; read from another thread they are a recent,
 * not an exact, picture. Every count is made before the work it counts runs. The totals grow
 * from the loop's start: rates come from two snapshots ({@link #eventsPerSecond}).
 *
 * <p>Time is split in two: {@link #pollNanos()} in the poll (waiting, or asking the kernel),
 * {@link #busyNanos()} in handlers, tasks and timers. A loop whose busy share nears 1 is
 * saturated; one with a long poll time is idle.
 *
 * @param turns            polls the loop has made
 * @param eventsDispatched calls of {@link FdHandler}s
 * @param tasksRun         tasks run from {@link EventLoop#execute}
 * @param timersFired      {@link ScheduledTask}s run at their deadline
 * @param wakeups          polls ended by another thread's submission (the eventfd waker)
 * @param exceptions       exceptions given to the {@link LoopExceptionHandler}
 * @param registrations    file descriptors registered through the loop now (for a server,
 *                         its connections and listeners)
 * @param pendingTimers    timers waiting for their deadline
 * @param queuedTasks      tasks submitted and not yet taken by the loop: the task queue depth
 * @param pollNanos        total time in the poll
 * @param busyNanos        total time in handlers, tasks and timers
 * @param sampledAtNanos   the {@link System#nanoTime()} at which the snapshot was taken
 */
public record EventLoopStats(long turns, long eventsDispatched, long tasksRun, long timersFired,
                             long wakeups, long exceptions, int registrations, int pendingTimers,
                             long queuedTasks, long pollNanos, long busyNanos, long sampledAtNanos) {
    /** Handler calls per second between {@code earlier} and this snapshot; 0 if no time passed. */
    public double eventsPerSecond(EventLoopStats earlier) {
        long nanos = sampledAtNanos - earlier.sampledAtNanos;
        return nanos <= 0 ? 0 : (eventsDispatched - earlier.eventsDispatched) * 1e9 / nanos;
    }

    /**
     * The share of the loop's time spent in handlers, tasks and timers between {@code earlier}
     * and this snapshot, from 0 (idle in the poll) to 1 (saturated); 0 if no turn ended.
     */
    public double busyFraction(EventLoopStats earlier) {
        long busy = busyNanos - earlier.busyNanos;
        long total = busy + pollNanos - earlier.pollNanos;
        return total <= 0 ? 0 : (double) busy / total;
    }
}
