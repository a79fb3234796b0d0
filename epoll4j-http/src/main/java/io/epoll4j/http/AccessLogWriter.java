package io.epoll4j.http;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Writes access log lines on a thread of its own, so that a slow reader of the log (a pipe to
 * a stalled process, a full disk, a terminal scrolled back) never stops an event loop: the
 * loops only offer lines to a bounded queue, and when it is full the line is dropped and
 * counted ({@link #dropped()}).
 *
 * {@snippet :
 * AccessLogWriter log = AccessLogWriter.start(System.out, 8192);
 * log.offer("127.0.0.1 - - [01/Dec/2026:20:07:14 +0000] \"GET / HTTP/1.1\" 200 512");   // never blocks
 * log.close(Duration.ofSeconds(1));   // writes what is queued, within a second
 * }
 *
 * <p>The writer flushes when the queue runs empty, so lines reach the reader promptly in
 * quiet times and in batches when busy.
 */
public final class AccessLogWriter {
    /** Lines queued at most; past it, lines are dropped. About 1 MiB of typical lines. */
    public static final int DEFAULT_CAPACITY = 8192;

    private static final String STOP = new String("stop");   // compared by identity

    private final PrintStream out;
    private final BlockingQueue<String> queue;
    private final LongAdder dropped = new LongAdder();
    private final LongAdder written = new LongAdder();
    private final Thread thread;

    private AccessLogWriter(PrintStream out, int capacity) {
        this.out = out;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = Thread.ofPlatform().name("epoll4j-access-log").daemon().unstarted(this::run);
    }

    /**
     * Starts a writer thread for {@code out}.
     *
     * @param out      where lines go; this writer never closes it
     * @param capacity lines queued at most before lines are dropped
     * @return the running writer
     */
    public static AccessLogWriter start(PrintStream out, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        AccessLogWriter writer = new AccessLogWriter(java.util.Objects.requireNonNull(out, "out"), capacity);
        writer.thread.start();
        return writer;
    }

    /**
     * Queues one line (without its line end); never blocks.
     *
     * @param line the line
     * @return false if the queue was full and the line was dropped
     */
    public boolean offer(String line) {
        if (queue.offer(line)) {
            return true;
        }
        dropped.increment();
        return false;
    }

    /** {@return the lines dropped so far because the queue was full} */
    public long dropped() {
        return dropped.sum();
    }

    /** {@return the lines written so far} */
    public long written() {
        return written.sum();
    }

    private void run() {
        List<String> batch = new ArrayList<>();
        try {
            while (true) {
                String line = queue.take();
                batch.add(line);
                queue.drainTo(batch);
                for (String l : batch) {
                    if (l == STOP) {
                        out.flush();
                        return;
                    }
                    out.println(l);
                    written.increment();
                }
                batch.clear();
                if (queue.isEmpty()) {
                    out.flush();
                }
            }
        } catch (InterruptedException e) {
            out.flush();   // close() gave up waiting: what is queued is lost, and counted nowhere
        }
    }

    /**
     * Writes what is queued and stops the thread, waiting at most {@code timeout} for a slow
     * reader; past it the thread is interrupted and the rest is not written.
     *
     * @param timeout how long the queued lines may take
     * @return true if everything queued was written
     */
    public boolean close(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (!queue.offer(STOP, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                if (System.nanoTime() - deadline >= 0) {
                    thread.interrupt();
                    return false;
                }
            }
            thread.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
            return false;
        }
        return true;
    }
}
