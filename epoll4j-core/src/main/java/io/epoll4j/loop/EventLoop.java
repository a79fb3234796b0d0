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
import java.util.List;
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
    private final Poller poller;
    private final Waker waker;
    private final Thread thread;
    private final TaskQueue tasks = new TaskQueue();
    private final TimerHeap timers = new TimerHeap();
    private final LoopCounters counters = new LoopCounters();
    private final LoopLocals locals = new LoopLocals();
    private final Dispatcher dispatcher;
    private final LoopExceptionHandler exceptionHandler;
    private final CountDownLatch terminated = new CountDownLatch(1);
    // Held while registering and when shutdown takes the last list of registrations, so that
    // no registration slips in after that list and stays open.
    private final Object registering = new Object();
    private boolean registrationsEnded;
    private volatile int state;

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
            this.dispatcher = new Dispatcher(this, poller, ev, w, tasks, timers, counters, handler);
            Thread t = factory.newThread(this::run);
            if (t == null) {
                throw new IllegalStateException("the thread factory of event loop '" + name + "' returned null");
            }
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
        LoopStatisticsEvent.started(this);
    }

    /** The loop's name, also its thread's. */
    public String name() {
        return name;
    }

    /**
     * Where this loop reports what its tasks, timers and handlers threw (the builder's
     * {@link EventLoopBuilder#exceptionHandler}, by default {@link LoopExceptionHandler#PRINT});
     * layers above the loop report their callbacks' failures here too, so one handler sees all.
     */
    public LoopExceptionHandler exceptionHandler() {
        return exceptionHandler;
    }

    /**
     * The {@link System#nanoTime()} read when the current turn's poll returned: a clock for
     * the loop thread's handlers that costs a field read instead of a clock read. It lags the
     * true time by at most how long the turn has run so far (microseconds in a healthy loop),
     * and every event of the turn had happened by then: it is what the poll returned for.
     * Read it on the loop thread; elsewhere it is a stale guess.
     *
     * {@snippet :
     * // in a handler's read callback, noting activity for an idle timeout:
     * long lastActivity = loop.turnTime();
     * }
     */
    public long turnTime() {
        return dispatcher.polledAt();
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
        synchronized (registering) {
            if (registrationsEnded || isShutdown()) {
                throw rejected();
            }
            // The registration is built with its handler before EPOLL_CTL_ADD: the loop, polling
            // meanwhile on its own thread, never sees the fd without it.
            return poller.register(new LoopRegistration(this, poller, fd, interest, trigger, handler, owned));
        }
    }

    /** For the loop's shutdown: refuses later registrations and returns the live ones. */
    List<Registration> endRegistrations() {
        synchronized (registering) {
            registrationsEnded = true;
            return poller.registered();
        }
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
        if (dispatcher.maySleep()) {
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

    /** The loop's counters, read from any thread: see {@link EventLoopStats}. */
    public EventLoopStats stats() {
        // The waker is the one registration that is not the user's; a terminated loop has none.
        int registered = Math.max(0, poller.registrations() - 1);
        return new EventLoopStats(counters.turns(), counters.events(), counters.tasks(), counters.timers(),
                counters.wakeups(), counters.exceptions(), registered, timers.size(), tasks.depth(),
                counters.pollNanos(), counters.busyNanos(), System.nanoTime());
    }

    @Override
    public String toString() {
        return "EventLoop[" + name + (state == RUNNING ? "" : state == SHUTTING_DOWN ? ", shutting down" : ", terminated") + "]";
    }

    boolean isRunning() {
        return state == RUNNING;
    }

    /** The poll failed: the loop ends as if shut down (the dispatcher reports why). */
    void stopAfterFailure() {
        STATE.compareAndSet(this, RUNNING, SHUTTING_DOWN);
    }

    /** The loop thread: the dispatcher's turns, then the loop is terminated. */
    private void run() {
        try {
            dispatcher.run();
        } finally {
            state = TERMINATED;
            LoopStatisticsEvent.ended(this);
            terminated.countDown();
        }
    }
}
