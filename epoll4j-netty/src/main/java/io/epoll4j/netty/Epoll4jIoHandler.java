package io.epoll4j.netty;

import io.epoll4j.fd.ErrnoException;
import io.epoll4j.fd.IoVecBatch;
import io.epoll4j.poll.Events;
import io.epoll4j.poll.Interest;
import io.epoll4j.poll.Poller;
import io.epoll4j.poll.Registration;
import io.epoll4j.poll.Trigger;
import io.epoll4j.poll.Waker;
import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoRegistration;
import io.netty.util.concurrent.ThreadAwareExecutor;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;

/**
 * Netty's I/O for one event loop, on an epoll4j {@link Poller}: the transport's replacement for
 * Netty's JNI {@code EpollIoHandler}.
 *
 * {@snippet :
 * EventLoopGroup group = new MultiThreadIoEventLoopGroup(Epoll4jIoHandler.newFactory());
 * new ServerBootstrap()
 *         .group(group)
 *         .channel(Epoll4jServerSocketChannel.class)
 *         .childHandler(initializer)
 *         .bind(8080).sync();
 * }
 *
 * <h2>One turn</h2>
 * {@link #run} waits in {@code epoll_pwait2} until an fd is ready, another thread
 * {@linkplain #wakeup() wakes} the loop, or the loop's next scheduled task is due: the
 * context's deadline is passed on in nanoseconds, not rounded to milliseconds and with no
 * timerfd to re-arm. When the context says the loop may not block (tasks are waiting), it
 * polls without waiting. Each ready fd's {@link Epoll4jIoHandle} then gets one
 * {@link Epoll4jIoEvent}.
 *
 * <h2>Wake-ups</h2>
 * A {@link Waker} (an edge-triggered eventfd). A flag says whether the loop may be asleep:
 * {@link #wakeup()} writes the eventfd only if it is, and only the first caller of a round
 * does, so a burst of tasks from many threads costs at most one syscall, and none while the
 * loop is running. The loop sets the flag before the context re-checks for tasks, and a
 * submitter adds its task before it reads the flag, so a task is never left waiting for a
 * wake-up that nobody wrote.
 *
 * <h2>Allocation</h2>
 * None per event in steady state: events are read through the poller's cursor, the handle is
 * found through the registration's attachment, and the {@link Epoll4jIoEvent} handed over is
 * an interned value. The {@code iovec} array of gathering writes is the loop's, shared by its
 * channels (a write fills it, sends it and clears it), not one per channel: some 16 KiB of
 * native memory per connection that ever wrote two buffers at once, otherwise.
 */
public final class Epoll4jIoHandler implements IoHandler {
    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(Epoll4jIoHandler.class);
    private static final int DEFAULT_MAX_EVENTS = 1024;
    private static final int AWAKE = 0;
    private static final int ASLEEP = 1;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Epoll4jIoHandler.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ThreadAwareExecutor executor;
    private final Poller poller;
    private final Events events;
    private final IoVecBatch writeBatch = IoVecBatch.allocate(Math.min(StreamWriter.BATCH, IoVecBatch.MAX_CAPACITY));
    private final Waker waker;
    // Touched on the loop's thread only.
    private final Set<Epoll4jIoRegistration> live = new HashSet<>();
    @SuppressWarnings("unused") // through STATE
    private volatile int state = AWAKE;
    private boolean destroyed;

    private Epoll4jIoHandler(ThreadAwareExecutor executor, int maxEvents) throws ErrnoException {
        this.executor = executor;
        Poller p = Poller.open();
        Events e = null;
        try {
            e = Events.withCapacity(maxEvents);
            this.waker = new Waker(p, -1L);
        } catch (ErrnoException | RuntimeException | Error failure) {
            if (e != null) {
                e.close();
            }
            p.close();
            throw failure;
        }
        this.poller = p;
        this.events = e;
    }

    /** A factory of handlers that take up to 1,024 events per {@code epoll_pwait2}. */
    public static IoHandlerFactory newFactory() {
        return newFactory(DEFAULT_MAX_EVENTS);
    }

    /**
     * A factory of handlers that take up to {@code maxEvents} events per wait; more ready fds
     * are reported by the next turn.
     *
     * @throws IllegalArgumentException if {@code maxEvents} is not positive
     */
    public static IoHandlerFactory newFactory(int maxEvents) {
        if (maxEvents <= 0) {
            throw new IllegalArgumentException("maxEvents must be positive, not " + maxEvents);
        }
        return new IoHandlerFactory() {
            @Override
            public IoHandler newHandler(ThreadAwareExecutor executor) {
                if (executor == null) {
                    throw new NullPointerException("executor");
                }
                try {
                    return new Epoll4jIoHandler(executor, maxEvents);
                } catch (ErrnoException e) {
                    throw new IllegalStateException("cannot create the loop's epoll instance or eventfd", e);
                }
            }

            // A poller may be polled by any one thread at a time, and its registrations are
            // changed under its own lock: the loop may move from thread to thread.
            @Override
            public boolean isChangingThreadSupported() {
                return true;
            }
        };
    }

    @Override
    public int run(IoHandlerContext context) {
        int ready;
        try {
            ready = poll(context);
        } catch (ErrnoException e) {
            LOG.warn("epoll wait failed; the loop goes on", e);
            return 0;
        }
        boolean report = context.shouldReportActiveIoTime();
        long start = report ? System.nanoTime() : 0;
        int handled = 0;
        if (ready > 0) {
            Events ev = events;
            while (ev.next()) {
                // The waker's registration carries no attachment: its event only ends the wait.
                if (ev.registration().attachment() instanceof Epoll4jIoRegistration r) {
                    try {
                        r.deliver(Epoll4jIoEvent.of(ev.readyMask()));
                    } catch (RuntimeException e) {
                        LOG.warn("the handle of " + r + " threw; the other events go on", e);
                    }
                    handled++;
                }
            }
        }
        if (report) {
            context.reportActiveIoTime(System.nanoTime() - start);
        }
        return handled;
    }

    private int poll(IoHandlerContext context) throws ErrnoException {
        if (!context.canBlock()) {
            return poller.poll(events, 0);
        }
        STATE.setVolatile(this, ASLEEP);
        try {
            // Asked again now that the flag is up: a task added before it sees no wake-up.
            if (!context.canBlock()) {
                return poller.poll(events, 0);
            }
            return poller.poll(events, timeoutNanos(context));
        } finally {
            STATE.setVolatile(this, AWAKE);
        }
    }

    /** Nanoseconds until the loop's next scheduled task, -1 when none is scheduled. */
    private static long timeoutNanos(IoHandlerContext context) {
        if (context.deadlineNanos() == -1) {
            return -1;
        }
        return Math.max(0, context.delayNanos(System.nanoTime()));
    }

    @Override
    public IoRegistration register(IoHandle handle) throws Exception {
        if (!(handle instanceof Epoll4jIoHandle h)) {
            throw new IllegalArgumentException("Epoll4jIoHandler registers Epoll4jIoHandles, not "
                    + (handle == null ? "null" : handle.getClass().getName()));
        }
        if (destroyed) {
            throw new IllegalStateException("this Epoll4jIoHandler is destroyed");
        }
        Registration r = poller.register(h.fd(), 0L, Interest.NONE, Trigger.LEVEL);
        Epoll4jIoRegistration registration = new Epoll4jIoRegistration(this, h, r);
        r.attach(registration);
        live.add(registration);
        h.registered();
        return registration;
    }

    /** Ends the wait of the loop's thread, if it is waiting; free when it is not. */
    @Override
    public void wakeup() {
        if (!executor.isExecutorThread(Thread.currentThread())
                && (int) STATE.getAndSet(this, AWAKE) == ASLEEP) {
            waker.wake();
        }
    }

    @Override
    public boolean isCompatible(Class<? extends IoHandle> handleType) {
        return Epoll4jIoHandle.class.isAssignableFrom(handleType);
    }

    /** Cancels every registration and closes its handle: the loop is shutting down. */
    @Override
    public void prepareToDestroy() {
        for (Epoll4jIoRegistration r : new ArrayList<>(live)) {
            r.cancel();
            try {
                r.handle().close();
            } catch (Exception e) {
                debug("closing " + r.handle() + " on shutdown failed", e);
            }
        }
    }

    /** Closes the waker's eventfd and the epoll instance; registered fds stay open. */
    @Override
    public void destroy() {
        if (destroyed) {
            return;
        }
        destroyed = true;
        try {
            waker.close();
        } finally {
            poller.close();
            events.close();
        }
    }

    /** How many handles are registered. */
    public int registrations() {
        return live.size();
    }

    /** The loop's {@code iovec} array for one gathering write; empty between writes. Loop thread only. */
    IoVecBatch writeBatch() {
        return writeBatch;
    }

    boolean inLoop() {
        return executor.isExecutorThread(Thread.currentThread());
    }

    void execute(Runnable task) {
        executor.execute(task);
    }

    void forget(Epoll4jIoRegistration r) {
        live.remove(r);
    }

    void debug(String what, Throwable cause) {
        LOG.debug(what, cause);
    }

    @Override
    public String toString() {
        return "Epoll4jIoHandler[epoll fd " + poller.fd() + ", " + live.size() + " registrations]";
    }
}
