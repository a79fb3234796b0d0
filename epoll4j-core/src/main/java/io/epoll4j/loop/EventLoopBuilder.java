package io.epoll4j.loop;

import io.epoll4j.fd.ErrnoException;
import io.epoll4j.sys.NativeThread;

import java.util.Objects;
import java.util.concurrent.ThreadFactory;

/**
 * Options of an {@link EventLoop} or an {@link EventLoopGroup}, then {@link #start()} or
 * {@link #startGroup(int)}.
 *
 * {@snippet :
 * EventLoopGroup workers = EventLoop.builder()
 *         .name("worker")                 // threads worker-0, worker-1, ...
 *         .eventsCapacity(4096)           // events taken from the kernel per poll
 *         .daemon(true)
 *         .exceptionHandler((loop, source, error) -> System.err.println(source + " failed: " + error))
 *         .startGroup(Runtime.getRuntime().availableProcessors());
 * }
 *
 * <p>A loop blocks in epoll_wait, which pins a virtual thread to its carrier: give it a
 * platform thread (the default, non-daemon like Netty's, so a server's loops keep the JVM
 * alive until they are shut down).
 */
public final class EventLoopBuilder {
    String name = "epoll4j-loop";
    int eventsCapacity = 1024;
    boolean daemon;
    ThreadFactory threadFactory;
    LoopExceptionHandler exceptionHandler = LoopExceptionHandler.PRINT;

    EventLoopBuilder() {}

    /** The loop's name, and its thread's unless a thread factory is given; a group's prefix. */
    public EventLoopBuilder name(String name) {
        this.name = Objects.requireNonNull(name, "name");
        return this;
    }

    /** How many events one poll can return (default 1024); more wait for the next poll. */
    public EventLoopBuilder eventsCapacity(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("events capacity must be at least 1: " + capacity);
        }
        this.eventsCapacity = capacity;
        return this;
    }

    /** Whether the default thread is a daemon (default false). Ignored with a thread factory. */
    public EventLoopBuilder daemon(boolean daemon) {
        this.daemon = daemon;
        return this;
    }

    /** Makes the loop's thread; it must return an unstarted platform thread. */
    public EventLoopBuilder threadFactory(ThreadFactory factory) {
        this.threadFactory = Objects.requireNonNull(factory, "factory");
        return this;
    }

    /** Told of what tasks, timers and handlers throw (default {@link LoopExceptionHandler#PRINT}). */
    public EventLoopBuilder exceptionHandler(LoopExceptionHandler handler) {
        this.exceptionHandler = Objects.requireNonNull(handler, "handler");
        return this;
    }

    /** Opens the loop's epoll instance and waker and starts its thread. */
    public EventLoop start() throws ErrnoException {
        return start(name);
    }

    /** Starts {@code n} loops named {@code name-0} to {@code name-(n-1)}. */
    public EventLoopGroup startGroup(int n) throws ErrnoException {
        if (n < 1) {
            throw new IllegalArgumentException("a group needs at least one loop: " + n);
        }
        EventLoop[] loops = new EventLoop[n];
        try {
            for (int i = 0; i < n; i++) {
                loops[i] = start(name + "-" + i);
            }
        } catch (ErrnoException | RuntimeException e) {
            for (EventLoop loop : loops) {
                if (loop != null) {
                    loop.close();
                }
            }
            throw e;
        }
        return new EventLoopGroup(loops);
    }

    private EventLoop start(String loopName) throws ErrnoException {
        // The default thread carries its own native call state: no ThreadLocal lookup per call.
        ThreadFactory factory = threadFactory != null ? threadFactory
                : task -> NativeThread.of(loopName, daemon, task);
        EventLoop loop = new EventLoop(loopName, eventsCapacity, factory, exceptionHandler);
        loop.startThread();
        return loop;
    }
}
