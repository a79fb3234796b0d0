package io.epoll4j.loop;

import io.epoll4j.fd.ErrnoException;
import io.epoll4j.fd.OwnedFd;
import io.epoll4j.poll.Events;
import io.epoll4j.poll.Interest;
import io.epoll4j.poll.Poller;
import io.epoll4j.poll.Registration;
import io.epoll4j.poll.Trigger;
import io.epoll4j.poll.Waker;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * One thread that waits on a {@link Poller} and runs, in turn, the handlers of ready file
 * descriptors, the tasks other threads submit and the timers that are due.
 *
 * {@snippet :
 * try (EventLoop loop = EventLoop.start("io"); Pipe pipe = Pipe.open()) {
 *     MemorySegment buf = Arena.ofAuto().allocate(64);
 *     loop.register(pipe.source(), Interest.READABLE, Trigger.LEVEL, (r, ready) -> {
 *         long n = r.fd().read(buf);             // on the loop thread
 *     });
 *     loop.execute(() -> System.out.println("on " + Thread.currentThread().getName()));
 *     loop.schedule(() -> System.out.println("200 µs later"), 200, TimeUnit.MICROSECONDS);
 * }                                              // close(): shut down gracefully and wait
 * }
 *
 * <h2>A turn</h2>
 * Poll (blocking until the nearest timer, or not at all when tasks are waiting), call the
 * handler of each ready registration, run the tasks that were queued when the pass began, then
 * the timers whose deadline has passed, in deadline order. Nothing in a turn allocates.
 *
 * <h2>Waking</h2>
 * Tasks go into a lock-free queue ({@code getAndAdd} per task, no node). Before it blocks, the
 * loop publishes a "may sleep" flag and then looks at the queue again; a submitter enqueues and
 * then reads the flag. One of the two always sees the other (both are volatile), so a task is
 * never stranded, and submitters write the eventfd {@link Waker} only while the loop may be
 * asleep, coalesced to one write per sleep.
 *
 * <h2>Timers</h2>
 * A binary heap keyed by {@link System#nanoTime()} deadline; the poll's timeout is the time to
 * the first one, in nanoseconds through epoll_pwait2. A timer never fires early. Timers fire in
 * deadline order among those the loop knows; one scheduled from another thread joins at the
 * loop's next turn. A cancel on the loop thread removes the timer from the heap at once.
 *
 * <h2>Shutdown</h2>
 * {@link #shutdownGracefully()} makes every later {@code execute}, {@code schedule} and
 * {@code register} throw {@link RejectedExecutionException}, from any thread, as
 * {@link java.util.concurrent.ExecutorService#shutdown()} does. The loop then runs the tasks
 * already submitted, drops the timers not yet due, closes the fds it owns (see
 * {@link LoopRegistration}), deregisters the shared ones, closes its epoll instance and waker,
 * and its thread ends. I/O events are no longer dispatched once shutdown has begun.
 *
 * <h2>Per-loop state</h2>
 * State that the handlers of one loop share (a read buffer, a pool) lives in a
 * {@link LoopLocal} slot of the loop, read with {@link #local}: owned by the loop, found
 * without a lock or a lookup.
 *
 * <h2>Exceptions</h2>
 * What a task, timer or handler throws goes to the {@link LoopExceptionHandler}; the loop goes on.
 */
public final class EventLoop implements Executor, AutoCloseable {
    private static final long WAKE_TOKEN = -1L;
    private static final int RUNNING = 0;
    private static final int SHUTTING_DOWN = 1;
    private static final int TERMINATED = 2;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(EventLoop.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String name;
    private final LoopExceptionHandler exceptionHandler;
    private final Poller poller;
    private final Events events;
    private final Waker waker;
    private final Thread thread;
    private final TaskQueue tasks = new TaskQueue();
    private final TimerHeap timers = new TimerHeap();
    private final Registrations registrations = new Registrations();
    private final LoopLocals locals = new LoopLocals();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile int state;
    private volatile boolean maySleep;
    // Counted by the loop thread with plain writes: see EventLoopStats.
    private long turns;
    private long eventsDispatched;
    private long tasksRun;
    private long timersFired;
    private long wakeups;
    private long exceptions;

    EventLoop(String name, int eventsCapacity, ThreadFactory factory, LoopExceptionHandler handler)
            throws ErrnoException {
        this.name = name;
        this.exceptionHandler = handler;
        this.poller = Poller.open();
        Events ev = null;
        Waker w = null;
        try {
            ev = Events.withCapacity(eventsCapacity);
            w = new Waker(poller, WAKE_TOKEN);
            Thread t = factory.newThread(this::run);
            if (t == null) {
                throw new IllegalStateException("the thread factory of event loop '" + name + "' returned null");
            }
            this.events = ev;
            this.waker = w;
            this.thread = t;
        } catch (ErrnoException | RuntimeException e) {
            if (w != null) {
                w.close();
            }
            if (ev != null) {
                ev.close();
            }
            poller.close();
            throw e;
        }
    }

    /** Starts a loop with the default options on a thread called {@code name}. */
    public static EventLoop start(String name) throws ErrnoException {
        return builder().name(name).start();
    }

    /** Options for a loop or a group of loops. */
    public static EventLoopBuilder builder() {
        return new EventLoopBuilder();
    }

    void startThread() {
        thread.start();
    }

    /** The loop's name, also its thread's. */
    public String name() {
        return name;
    }

    /** Whether the calling thread is this loop's. */
    public boolean inEventLoop() {
        return Thread.currentThread() == thread;
    }

    /**
     * Runs {@code task} on the loop thread, after the tasks submitted before it by the same thread.
     *
     * @throws RejectedExecutionException once {@link #shutdownGracefully()} was called
     */
    @Override
    public void execute(Runnable task) {
        enqueue(Objects.requireNonNull(task, "task"));
    }

    /** Runs {@code task} on the loop thread; the future completes with its result or exception. */
    public <T> CompletableFuture<T> submit(Callable<T> task) {
        Objects.requireNonNull(task, "task");
        CompletableFuture<T> result = new CompletableFuture<>();
        execute(() -> {
            try {
                result.complete(task.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** Runs {@code task} once on the loop thread, {@code delay} from now or later. */
    public ScheduledTask schedule(Runnable task, long delay, TimeUnit unit) {
        return scheduleAt(task, deadline(unit.toNanos(delay)));
    }

    /** Runs {@code task} once on the loop thread, {@code delay} from now or later. */
    public ScheduledTask schedule(Runnable task, Duration delay) {
        long nanos;
        try {
            nanos = delay.toNanos();
        } catch (ArithmeticException e) {
            nanos = delay.isNegative() ? 0 : Long.MAX_VALUE;
        }
        return scheduleAt(task, deadline(nanos));
    }

    /** Runs {@code task} once on the loop thread when {@link System#nanoTime()} reaches {@code deadline}. */
    public ScheduledTask scheduleAt(Runnable task, long deadlineNanos) {
        ScheduledTask t = new ScheduledTask(this, Objects.requireNonNull(task, "task"), deadlineNanos);
        if (inEventLoop() && state == RUNNING) {
            timers.add(t);
        } else {
            enqueue(t);
        }
        return t;
    }

    private static long deadline(long delayNanos) {
        // Far deadlines are clamped so that deadline - now never overflows.
        return System.nanoTime() + Math.clamp(delayNanos, 0, Long.MAX_VALUE >>> 2);
    }

    /**
     * Watches {@code fd} and calls {@code handler} on the loop thread when it is ready. The loop
     * owns the fd from now on: its shutdown closes it.
     *
     * @throws ErrnoException EEXIST if the fd is already registered with this loop, EPERM if it
     *                        cannot be polled (a regular file)
     * @throws RejectedExecutionException once {@link #shutdownGracefully()} was called
     */
    public LoopRegistration register(OwnedFd fd, Interest interest, Trigger trigger, FdHandler handler)
            throws ErrnoException {
        return register(fd, interest, trigger, handler, true);
    }

    /**
     * Like {@link #register}, for an fd watched by several loops, such as one listening socket
     * registered {@code Trigger.LEVEL.exclusive()} in each loop of a group: shutdown only
     * deregisters it, the fd stays the caller's to close.
     */
    public LoopRegistration registerShared(OwnedFd fd, Interest interest, Trigger trigger, FdHandler handler)
            throws ErrnoException {
        return register(fd, interest, trigger, handler, false);
    }

    private LoopRegistration register(OwnedFd fd, Interest interest, Trigger trigger, FdHandler handler,
                                      boolean owned) throws ErrnoException {
        Objects.requireNonNull(fd, "fd");
        Objects.requireNonNull(interest, "interest");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(handler, "handler");
        return registrations.register(this, poller, fd, interest, trigger, handler, owned);
    }

    /** A registration ended: the loop's shutdown no longer has to close it. */
    void forget(LoopRegistration r) {
        registrations.unlink(r);
        r.fd().removeCloseListener(r.onClose());
    }

    void timerCancelled(ScheduledTask t) {
        if (inEventLoop()) {
            timers.remove(t);
        } else if (state == RUNNING) {
            // The loop takes it out of the heap when it next drains its queue; no need to wake it.
            tasks.offer(t);
        }
    }

    private void enqueue(Object task) {
        if (state != RUNNING || !tasks.offer(task)) {
            throw rejected();
        }
        if (maySleep) {
            try {
                waker.wake();
            } catch (IllegalStateException e) {
                // The loop ended after our offer, which it therefore took in its last drain.
            }
        }
    }

    RejectedExecutionException rejected() {
        return new RejectedExecutionException("event loop '" + name + "' is "
                + (state == TERMINATED ? "terminated" : "shutting down") + ": no new tasks, timers or registrations");
    }

    /** Begins a graceful shutdown (see the class documentation); returns at once. Idempotent. */
    public void shutdownGracefully() {
        if (STATE.compareAndSet(this, RUNNING, SHUTTING_DOWN)) {
            try {
                waker.wake();
            } catch (IllegalStateException e) {
                // Already ending.
            }
        }
    }

    /** Whether {@link #shutdownGracefully()} was called. */
    public boolean isShutdown() {
        return state != RUNNING;
    }

    /** Whether the thread has ended and everything the loop held is closed. */
    public boolean isTerminated() {
        return state == TERMINATED;
    }

    /** Waits for the loop to terminate; true if it did within {@code timeout}. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return terminated.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Shuts down gracefully and waits for termination (but not when called on the loop thread,
     * which cannot wait for itself). An interrupt does not stop the wait; it is kept.
     */
    @Override
    public void close() {
        shutdownGracefully();
        if (inEventLoop()) {
            return;
        }
        boolean interrupted = false;
        while (true) {
            try {
                terminated.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * This loop's value of {@code slot}, made by the slot's initializer on first use. On the
     * loop thread, as from any other, an array read: no lock, no lookup, nothing allocated.
     */
    public <T> T local(LoopLocal<T> slot) {
        return locals.get(this, Objects.requireNonNull(slot, "slot"));
    }

    /** The loop's counters. */
    public EventLoopStats stats() {
        return new EventLoopStats(turns, eventsDispatched, tasksRun, timersFired, wakeups, exceptions,
                registrations.count(), timers.size());
    }

    @Override
    public String toString() {
        return "EventLoop[" + name + (state == RUNNING ? "" : state == SHUTTING_DOWN ? ", shutting down" : ", terminated") + "]";
    }

    // ---- the loop thread ----

    private void run() {
        try {
            while (state == RUNNING) {
                turn();
            }
        } catch (Throwable e) {
            // Only the poll itself can get here (EBADF, EFAULT: a bug, not a condition to wait out).
            STATE.compareAndSet(this, RUNNING, SHUTTING_DOWN);
            report(this, e);
        } finally {
            try {
                finish();
            } finally {
                state = TERMINATED;
                terminated.countDown();
            }
        }
    }

    private void turn() throws ErrnoException {
        long timeout = pollTimeout();
        if (timeout != 0) {
            maySleep = true;
            // Look again after publishing the flag: a task enqueued before a submitter could see
            // it is found here; one enqueued after is followed by a wake.
            if (!tasks.isEmpty() || state != RUNNING) {
                timeout = 0;
            }
        }
        poller.poll(events, timeout);
        maySleep = false;
        turns++;
        dispatch();
        runTasks();
        fireTimers();
    }

    private long pollTimeout() {
        if (!tasks.isEmpty()) {
            return 0;
        }
        ScheduledTask first = timers.peek();
        return first == null ? -1 : Math.max(0, first.deadlineNanos() - System.nanoTime());
    }

    private void dispatch() {
        Events ev = events;
        while (ev.next()) {
            Registration r = ev.registration();
            // The attachment, not a map from fd or token, finds the handler: nothing allocated.
            if (r.attachment() instanceof LoopRegistration lr) {
                eventsDispatched++;
                try {
                    lr.dispatch(ev.readyMask());
                } catch (Throwable e) {
                    report(lr, e);
                }
            } else if (r.token() == WAKE_TOKEN) {
                wakeups++;
            }
            // Else: registered from another thread, not attached yet; the interest change that
            // follows the attach reports the readiness again.
        }
    }

    private void runTasks() {
        // Only what was queued when the pass began: a task that resubmits itself cannot starve I/O.
        for (long n = tasks.backlog(); n > 0; n--) {
            Object task = tasks.poll();
            if (task == null) {
                return;
            }
            accept(task);
        }
    }

    private void accept(Object task) {
        if (task instanceof ScheduledTask t) {
            if (t.isCancelled()) {
                timers.remove(t);
            } else if (t.heapIndex < 0 && !t.isDone()) {
                timers.add(t);
            }
            return;
        }
        tasksRun++;
        try {
            ((Runnable) task).run();
        } catch (Throwable e) {
            report(task, e);
        }
    }

    private void fireTimers() {
        if (timers.size() == 0) {
            return;
        }
        long now = System.nanoTime();
        ScheduledTask t;
        while ((t = timers.peek()) != null && t.deadlineNanos() - now <= 0) {
            timers.poll();
            if (t.claim()) {
                timersFired++;
                try {
                    t.task().run();
                } catch (Throwable e) {
                    report(t, e);
                }
            }
        }
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
        for (LoopRegistration r : registrations.close()) {
            r.shutdown();
        }
        waker.close();
        poller.close();
        events.close();
    }

    private void report(Object source, Throwable error) {
        exceptions++;
        try {
            exceptionHandler.exceptionCaught(this, source, error);
        } catch (Throwable e) {
            System.err.println("event loop '" + name + "': the exception handler failed");
            e.printStackTrace();
        }
    }
}
