package io.epoll4j.bench.run;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Every process the harness starts, so that none outlives it: a server, wrk or the idle
 * client is killed with its whole process tree when it is done, and a shutdown hook kills
 * whatever is left on Ctrl-C, on an uncaught failure or on a normal exit.
 *
 * <p>Whole trees, because a launcher script such as {@code ./epoll4j} may start its JVM as a
 * child instead of exec'ing it, and killing only the script would orphan the server.
 */
public final class ChildProcesses {

    private static final List<Process> LIVE = new ArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ChildProcesses::killAll, "kill-children"));
    }

    private ChildProcesses() {}

    /** Starts the command, tracked until {@link #kill} or exit. */
    public static Process start(ProcessBuilder pb) throws java.io.IOException {
        synchronized (LIVE) {
            Process p = pb.start();
            LIVE.add(p);
            return p;
        }
    }

    /** Terminates the process and its descendants: SIGTERM, then SIGKILL after a grace period. */
    public static void kill(Process p) {
        List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
        tree.add(p.toHandle());
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        for (ProcessHandle h : tree) {
            long left = deadline - System.nanoTime();
            try {
                h.onExit().get(Math.max(left, 0), TimeUnit.NANOSECONDS);
            } catch (Exception timedOutOrInterrupted) {
                h.destroyForcibly();
            }
        }
        synchronized (LIVE) {
            LIVE.remove(p);
        }
    }

    private static void killAll() {
        List<Process> left;
        synchronized (LIVE) {
            left = new ArrayList<>(LIVE);
        }
        for (Process p : left) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }
}
