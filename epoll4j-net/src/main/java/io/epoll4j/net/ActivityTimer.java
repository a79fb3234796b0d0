package io.epoll4j.net;

import io.epoll4j.loop.EventLoop;
import io.epoll4j.loop.ScheduledTask;

import java.util.concurrent.TimeUnit;

/**
 * The idle and read timeouts of one {@link Connection}: the times of the last read and write,
 * and one loop timer aimed at the nearest deadline. Reads and writes only store
 * {@link System#nanoTime()}; the timer, when it fires, compares and re-aims itself. So a busy
 * connection costs one timer per timeout period, never one per read. Loop thread only.
 */
final class ActivityTimer {
    /** What the timer calls back. */
    interface Expiry {
        /** A timeout passed with no activity; false if the connection is gone and the timer should stop. */
        boolean expired(ConnectionHandler.Timeout timeout) throws Exception;

        /** The timer fired with no timeout passed; false if the connection is gone. */
        boolean alive();
    }

    private final EventLoop loop;
    private final long idleNanos;
    private final long readNanos;
    private final Expiry expiry;
    private final Runnable check = this::check;
    private long lastRead;
    private long lastWrite;
    private ScheduledTask timer;

    ActivityTimer(EventLoop loop, ConnectionOptions options, Expiry expiry) {
        this.loop = loop;
        this.idleNanos = options.idleTimeout().toNanos();
        this.readNanos = options.readTimeout().toNanos();
        this.expiry = expiry;
    }

    /** Whether any timeout is set; when none is, nothing here ever runs. */
    static boolean wanted(ConnectionOptions options) {
        return !options.idleTimeout().isZero() || !options.readTimeout().isZero();
    }

    void start() {
        lastRead = lastWrite = System.nanoTime();
        arm(lastRead);
    }

    void read() {
        lastRead = System.nanoTime();
    }

    void wrote() {
        lastWrite = System.nanoTime();
    }

    void cancel() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    private void arm(long now) {
        long next = Long.MAX_VALUE;
        if (idleNanos > 0) {
            next = Math.max(lastRead, lastWrite) + idleNanos - now;
        }
        if (readNanos > 0) {
            next = Math.min(next, lastRead + readNanos - now);
        }
        timer = loop.schedule(check, Math.max(next, 0), TimeUnit.NANOSECONDS);
    }

    private void check() throws RuntimeException {
        timer = null;
        long now = System.nanoTime();
        boolean alive;
        try {
            if (readNanos > 0 && now - lastRead >= readNanos) {
                lastRead = now;   // once per silent period, not at every turn after it
                alive = expiry.expired(ConnectionHandler.Timeout.READ);
            } else if (idleNanos > 0 && now - Math.max(lastRead, lastWrite) >= idleNanos) {
                lastRead = lastWrite = now;
                alive = expiry.expired(ConnectionHandler.Timeout.IDLE);
            } else {
                alive = expiry.alive();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);   // Expiry handles its own failures; this is a bug
        }
        if (alive) {
            arm(now);
        }
    }
}
