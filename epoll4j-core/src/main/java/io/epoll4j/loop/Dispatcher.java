package io.epoll4j.loop;

import io.epoll4j.fd.ErrnoException;
import io.epoll4j.poll.Events;
import io.epoll4j.poll.Poller;
import io.epoll4j.poll.Registration;
import io.epoll4j.poll.Waker;

/**
 * The loop thread's side of an {@link EventLoop}: turn after turn, poll, dispatch the batch,
 * run the tasks, fire the timers; at the end, close what the loop holds. Everything here runs
 * on the loop thread only, except {@link #maySleep()}, which submitters read.
 *
 * <p>Why the observability lives here and costs nothing when off: the counters are opaque
 * stores of the loop thread (see {@link LoopCounters}); the two clock reads a turn makes also
 * give the poll its timeout and the timers their time. The Flight Recorder events are single
 * instances of this thread, reused turn after turn, asked {@code isEnabled()} before any work,
 * so a turn allocates nothing whether a recording runs or not; a slow turn's handlers are
 * timed one by one only while {@link SlowTurnEvent} is enabled.
 */
final class Dispatcher {
    private final EventLoop loop;
    private final Poller poller;
    private final Events events;
    private final Waker waker;
    private final TaskQueue tasks;
    private final TimerHeap timers;
    private final LoopCounters counters;
    private final LoopExceptionHandler exceptionHandler;
    private volatile boolean maySleep;
    /** When the current turn's poll returned; see {@link EventLoop#turnTime()}. Loop thread only. */
    private long polledAt;
    private final SlowTurnEvent slowTurn = new SlowTurnEvent();
    private final PollWaitEvent pollWait = new PollWaitEvent();
    // Set while a slow turn is timed: the slowest handler, task or timer of the turn so far.
    private boolean timing;
    private long lap;
    private Object slowest;
    private long slowestNanos;
    private long queuedTasks;

    Dispatcher(EventLoop loop, Poller poller, Events events, Waker waker, TaskQueue tasks, TimerHeap timers,
               LoopCounters counters, LoopExceptionHandler exceptionHandler) {
        this.loop = loop;
        this.poller = poller;
        this.events = events;
        this.waker = waker;
        this.tasks = tasks;
        this.timers = timers;
        this.counters = counters;
        this.exceptionHandler = exceptionHandler;
    }

    /** When the current turn's poll returned (the loop thread's clock for its handlers). */
    long polledAt() {
        return polledAt;
    }

    /** Whether the loop may be blocked in its poll: a submitter must then wake it. */
    boolean maySleep() {
        return maySleep;
    }

    /** The loop thread's whole life: turns while the loop runs, then {@link #finish()}. */
    void run() {
        try {
            long now = System.nanoTime();
            polledAt = now;
            while (loop.isRunning()) {
                now = turn(now);
            }
        } catch (Throwable e) {
            // Only the poll itself can get here (EBADF, EFAULT: a bug, not a condition to wait out).
            loop.stopAfterFailure();
            report(loop, e);
        } finally {
            finish();
        }
    }

    /** One turn, begun at {@code start}; returns when it ended, the next turn's start. */
    private long turn(long start) throws ErrnoException {
        int n = poll(start);
        long polled = System.nanoTime();
        polledAt = polled;
        counters.turn(polled - start);
        long end = work(polled);
        counters.busy(end - polled);
        return end;
    }

    /** Waits for events, no longer than the nearest timer and not at all when tasks wait. */
    private int poll(long now) throws ErrnoException {
        long timeout = pollTimeout(now);
        if (timeout != 0) {
            maySleep = true;
            // Look again after publishing the flag: a task enqueued before a submitter could see
            // it is found here; one enqueued after is followed by a wake.
            if (!tasks.isEmpty() || !loop.isRunning()) {
                timeout = 0;
            }
        }
        if (pollWait.isEnabled()) {
            return recordedPoll(timeout);
        }
        int n = poller.poll(events, timeout);
        maySleep = false;
        return n;
    }

    /**
     * The handlers of the batch, the tasks, the timers: the turn's work, timed while recorded.
     * Returns when it ended. The clock read that asks whether a timer is due is that end too,
     * unless one fired: a turn reads the clock twice, not three times (a vDSO read is some
     * 25 ns, and a busy loop turns for every few events).
     */
    private long work(long polled) {
        timing = slowTurn.isEnabled();
        if (timing) {
            slowTurn.begin();
            lap = polled;
        }
        int dispatched = dispatch();
        int ran = runTasks();
        long now = System.nanoTime();
        int fired = fireTimers(now);
        if (fired > 0) {
            now = System.nanoTime();
        }
        if (timing) {
            recordTurn(dispatched, ran, fired);
        }
        return now;
    }

    private long pollTimeout(long now) {
        if (!tasks.isEmpty()) {
            return 0;
        }
        ScheduledTask first = timers.peek();
        return first == null ? -1 : Math.max(0, first.deadlineNanos() - now);
    }

    private int dispatch() {
        Events ev = events;
        int dispatched = 0;
        while (ev.next()) {
            // The registration itself, not a map from fd or token, carries the handler: nothing
            // allocated, nothing looked up. It was built before the fd entered the interest list.
            if (ev.registration() instanceof LoopRegistration lr) {
                counters.event();
                dispatched++;
                try {
                    lr.dispatch(ev.readyMask());
                } catch (Throwable e) {
                    report(lr, e);
                }
                if (timing) {
                    lap(lr);
                }
            } else {
                counters.wakeup(); // the waker, seen in this same pass (Events.next consumed it)
            }
        }
        return dispatched;
    }

    private int runTasks() {
        // Only what was queued when the pass began: a task that resubmits itself cannot starve I/O.
        long backlog = tasks.backlog();
        queuedTasks = backlog;
        int ran = 0;
        for (long n = backlog; n > 0; n--) {
            Object task = tasks.poll();
            if (task == null) {
                break;
            }
            if (accept(task)) {
                ran++;
            }
        }
        return ran;
    }

    /** Runs a task, or files a timer scheduled from another thread; true if a task ran. */
    private boolean accept(Object task) {
        if (task instanceof ScheduledTask t) {
            if (t.isCancelled()) {
                timers.remove(t);
            } else if (t.heapIndex < 0 && !t.isDone()) {
                timers.add(t);
            }
            return false;
        }
        counters.task();
        try {
            ((Runnable) task).run();
        } catch (Throwable e) {
            report(task, e);
        }
        if (timing) {
            lap(task);
        }
        return true;
    }

    /** Runs the timers due at {@code now}; how many ran. */
    private int fireTimers(long now) {
        if (timers.size() == 0) {
            return 0;
        }
        int fired = 0;
        ScheduledTask t;
        while ((t = timers.peek()) != null && t.deadlineNanos() - now <= 0) {
            timers.poll();
            if (t.claim()) {
                counters.timer();
                fired++;
                try {
                    t.task().run();
                } catch (Throwable e) {
                    report(t, e);
                }
                if (timing) {
                    lap(t);
                }
            }
        }
        return fired;
    }

    /** While a slow turn is timed: {@code source} just finished; keep it if it is the slowest. */
    private void lap(Object source) {
        long now = System.nanoTime();
        long took = now - lap;
        lap = now;
        if (took > slowestNanos) {
            slowestNanos = took;
            slowest = source;
        }
    }

    private void recordTurn(int dispatched, int ran, int fired) {
        SlowTurnEvent e = slowTurn;
        e.end();
        if (e.shouldCommit()) {
            e.loop = loop.name();
            e.events = dispatched;
            e.tasks = ran;
            e.timers = fired;
            e.queuedTasks = queuedTasks;
            e.slowest = slowest == null ? null : describe(slowest);
            e.slowestTime = slowestNanos;
            e.commit();
        }
        timing = false;
        slowest = null;
        slowestNanos = 0;
    }

    private int recordedPoll(long timeout) throws ErrnoException {
        PollWaitEvent e = pollWait;
        e.begin();
        int n = poller.poll(events, timeout);
        maySleep = false;
        e.end();
        if (e.shouldCommit()) {
            e.loop = loop.name();
            e.events = n;
            e.timeout = timeout;
            e.commit();
        }
        return n;
    }

    /** What a slow turn's event names: the handler and its fd, or the task or timer. */
    static String describe(Object source) {
        if (source instanceof LoopRegistration r) {
            Object attachment = r.attachment();
            return "handler " + className(r.handler()) + " of " + r.fd()
                    + (attachment == null ? "" : " for " + className(attachment));
        }
        if (source instanceof ScheduledTask t) {
            return "timer " + className(t.task());
        }
        return "task " + className(source);
    }

    private static String className(Object o) {
        String name = o.getClass().getName();
        int lambda = name.indexOf("$$Lambda");
        return lambda < 0 ? name : name.substring(0, lambda + "$$Lambda".length());
    }

    private void finish() {
        // Every task whose offer succeeded runs; later offers are refused (see TaskQueue).
        long end = tasks.close();
        while (tasks.consumed() < end) {
            Object task = tasks.poll();
            if (task == null) {
                Thread.onSpinWait(); // a submitter is between claiming its slot and filling it
            } else {
                accept(task);
            }
        }
        timers.clear(ScheduledTask::drop);
        for (Registration r : loop.endRegistrations()) {
            if (r instanceof LoopRegistration lr) {
                lr.shutdown();
            }
        }
        waker.close();
        poller.close();
        events.close();
    }

    void report(Object source, Throwable error) {
        counters.exception();
        try {
            exceptionHandler.exceptionCaught(loop, source, error);
        } catch (Throwable e) {
            System.err.println("event loop '" + loop.name() + "': the exception handler failed");
            e.printStackTrace();
        }
    }
}
