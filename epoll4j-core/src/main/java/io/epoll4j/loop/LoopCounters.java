package io.epoll4j.loop;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The counters behind {@link EventLoopStats}: written by the loop thread alone, read from any.
 *
 * <p>Why opaque access: the loop thread is the only writer, so a counter needs no atomic
 * read-modify-write and no fence (an opaque store is a plain store on x86-64 and aarch64), yet
 * a reader on another thread never sees a torn {@code long} and sees each store eventually.
 * Each count is stored before the work it counts runs, so a test that waits for a task sees
 * the task counted.
 */
final class LoopCounters {
    private static final VarHandle TURNS;
    private static final VarHandle EVENTS;
    private static final VarHandle TASKS;
    private static final VarHandle TIMERS;
    private static final VarHandle WAKEUPS;
    private static final VarHandle EXCEPTIONS;
    private static final VarHandle POLL_NANOS;
    private static final VarHandle BUSY_NANOS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            TURNS = l.findVarHandle(LoopCounters.class, "turns", long.class);
            EVENTS = l.findVarHandle(LoopCounters.class, "events", long.class);
            TASKS = l.findVarHandle(LoopCounters.class, "tasks", long.class);
            TIMERS = l.findVarHandle(LoopCounters.class, "timers", long.class);
            WAKEUPS = l.findVarHandle(LoopCounters.class, "wakeups", long.class);
            EXCEPTIONS = l.findVarHandle(LoopCounters.class, "exceptions", long.class);
            POLL_NANOS = l.findVarHandle(LoopCounters.class, "pollNanos", long.class);
            BUSY_NANOS = l.findVarHandle(LoopCounters.class, "busyNanos", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // Plain reads by the loop thread (the only writer) are exact; others read opaquely.
    private long turns;
    private long events;
    private long tasks;
    private long timers;
    private long wakeups;
    private long exceptions;
    private long pollNanos;
    private long busyNanos;

    /** A poll returned, {@code waitedNanos} after the turn began. */
    void turn(long waitedNanos) {
        TURNS.setOpaque(this, turns + 1);
        POLL_NANOS.setOpaque(this, pollNanos + waitedNanos);
    }

    /** The handlers, tasks and timers of a turn took {@code nanos}. */
    void busy(long nanos) {
        BUSY_NANOS.setOpaque(this, busyNanos + nanos);
    }

    void event() {
        EVENTS.setOpaque(this, events + 1);
    }

    void task() {
        TASKS.setOpaque(this, tasks + 1);
    }

    void timer() {
        TIMERS.setOpaque(this, timers + 1);
    }

    void wakeup() {
        WAKEUPS.setOpaque(this, wakeups + 1);
    }

    void exception() {
        EXCEPTIONS.setOpaque(this, exceptions + 1);
    }

    long turns() {
        return (long) TURNS.getOpaque(this);
    }

    long events() {
        return (long) EVENTS.getOpaque(this);
    }

    long tasks() {
        return (long) TASKS.getOpaque(this);
    }

    long timers() {
        return (long) TIMERS.getOpaque(this);
    }

    long wakeups() {
        return (long) WAKEUPS.getOpaque(this);
    }

    long exceptions() {
        return (long) EXCEPTIONS.getOpaque(this);
    }

    long pollNanos() {
        return (long) POLL_NANOS.getOpaque(this);
    }

    long busyNanos() {
        return (long) BUSY_NANOS.getOpaque(this);
    }
}
