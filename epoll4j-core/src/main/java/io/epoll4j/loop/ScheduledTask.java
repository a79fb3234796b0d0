package io.epoll4j.loop;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A task an {@link EventLoop} runs once, on its thread, at or after a deadline; cancellable
 * from any thread until it runs.
 *
 * {@snippet :
 * ScheduledTask idle = loop.schedule(connection::close, Duration.ofSeconds(30));
 * // ... the peer sent something: push the deadline back
 * if (idle.cancel()) {
 *     idle = loop.schedule(connection::close, Duration.ofSeconds(30));
 * }
 * }
 *
 * <p>Deadlines are {@link System#nanoTime()} values. A task never runs before its deadline;
 * how late it runs depends on what else the loop is doing, and on the poll's resolution:
 * nanoseconds with epoll_pwait2 (Linux 5.11), whole milliseconds rounded up before it.
 */
public final class ScheduledTask {
    private static final int PENDING = 0;
    private static final int RUN = 1;
    private static final int CANCELLED = 2;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(ScheduledTask.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final EventLoop loop;
    private final Runnable task;
    private final long deadline;
    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;
    // Owned by the loop thread: the place in the timer heap (-1 when not in it) and the
    // insertion order, which keeps equal deadlines first in, first out.
    int heapIndex = -1;
    long sequence;

    ScheduledTask(EventLoop loop, Runnable task, long deadline) {
        this.loop = loop;
        this.task = task;
        this.deadline = deadline;
    }

    /**
     * Cancels the task if it has not run yet.
     *
     * @return true if this call cancelled it; false if it already ran, is running, or was
     *         cancelled before
     */
    public boolean cancel() {
        if (!STATE.compareAndSet(this, PENDING, CANCELLED)) {
            return false;
        }
        loop.timerCancelled(this);
        return true;
    }

    /** Whether {@link #cancel()} took it out before it ran. */
    public boolean isCancelled() {
        return state == CANCELLED;
    }

    /** Whether it ran (or is running) or was cancelled. */
    public boolean isDone() {
        return state != PENDING;
    }

    /** The {@link System#nanoTime()} at or after which the task runs. */
    public long deadlineNanos() {
        return deadline;
    }

    /** The loop that runs it. */
    public EventLoop loop() {
        return loop;
    }

    Runnable task() {
        return task;
    }

    /** Claims the task for running: false if it was cancelled first. */
    boolean claim() {
        return STATE.compareAndSet(this, PENDING, RUN);
    }

    /** The loop is shutting down: timers not yet due will never run. */
    void drop() {
        STATE.compareAndSet(this, PENDING, CANCELLED);
    }

    /** Earlier deadline first; equal deadlines in the order they reached the heap. */
    boolean before(ScheduledTask other) {
        long d = deadline - other.deadline; // nanoTime values compare by difference, never directly
        return d < 0 || d == 0 && sequence < other.sequence;
    }

    @Override
    public String toString() {
        String s = switch (state) {
            case PENDING -> "pending";
            case RUN -> "run";
            default -> "cancelled";
        };
        return "ScheduledTask[" + task + ", " + s + ", deadline " + deadline + "]";
    }
}
