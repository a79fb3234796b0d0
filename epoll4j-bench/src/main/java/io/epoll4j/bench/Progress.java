package io.epoll4j.bench;

import java.io.PrintStream;

/**
 * A progress bar on stderr: steps done, what runs now and an estimate of the time left from
 * the planned seconds still to go. Log lines printed through {@link #log} clear the bar first
 * so the two never mix.
 */
final class Progress {

    private static final int WIDTH = 30;
    private final PrintStream err = System.err;
    private final int total;
    private final long plannedSeconds;
    private final long start = System.nanoTime();
    private int done;
    private long secondsDone;
    private String label = "";

    Progress(int total, long plannedSeconds) {
        this.total = total;
        this.plannedSeconds = plannedSeconds;
    }

    /** Marks the start of a step expected to last the given seconds. */
    synchronized void begin(String what) {
        label = what;
        draw();
    }

    /** Marks a step done. */
    synchronized void end(long plannedStepSeconds) {
        done++;
        secondsDone += plannedStepSeconds;
        draw();
    }

    /** Prints a line above the bar. */
    synchronized void log(String line) {
        err.print("\r\033[K");
        err.println(line);
        draw();
    }

    /** Removes the bar. */
    synchronized void finish() {
        err.print("\r\033[K");
        err.flush();
    }

    private void draw() {
        int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * done / total);
        double elapsed = (System.nanoTime() - start) / 1e9;
        // Scale the remaining planned time by how fast planned time has actually passed.
        double pace = secondsDone > 0 ? elapsed / secondsDone : 1.0;
        long left = Math.round(Math.max(0, plannedSeconds - secondsDone) * pace);
        err.printf("\r\033[K[%s%s] %d/%d  %s  ~%dm%02ds left",
                "#".repeat(filled), ".".repeat(WIDTH - filled), done, total, label,
                left / 60, left % 60);
        err.flush();
    }
}
