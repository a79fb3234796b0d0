package io.epoll4j.examples;

import io.epoll4j.fd.ErrnoException;
import io.epoll4j.fd.PidFd;
import io.epoll4j.poll.Events;
import io.epoll4j.poll.Interest;
import io.epoll4j.poll.Poller;
import io.epoll4j.poll.Registration;
import io.epoll4j.poll.Trigger;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Starts a child process and waits for it to exit through a pidfd (pidfd_open(2)): the pidfd
 * becomes readable when the process ends, so a child's exit is one more event in the same
 * poll as sockets and timers, with no SIGCHLD handler and no thread blocked in waitpid.
 *
 * {@snippet lang=sh :
 * epoll4j-examples/run child sleep 1     # child 4242 (sleep 1) exited with 0 after 1003 ms
 * }
 *
 * <p>The pidfd names the process itself, not its number: a PID reused after the child was
 * reaped can never be mistaken for it.
 */
public final class ChildExitWaiter {
    private ChildExitWaiter() {}

    /**
     * Waits until {@code child} exits, at most {@code timeout}.
     *
     * @param child   a started process
     * @param timeout how long to wait
     * @return true if it exited within the timeout
     * @throws IOException if pidfd_open(2) or the poll fails (ENOSYS before Linux 5.3)
     */
    public static boolean awaitExit(Process child, Duration timeout) throws IOException {
        PidFd pidfd;
        try {
            pidfd = PidFd.of(child.toHandle());
        } catch (ErrnoException e) {
            if (e.errnoName().equals("ESRCH")) {
                return true;   // it exited, and the JDK reaped it, before we could open a pidfd
            }
            throw e;
        }
        try (pidfd) {
            return awaitExit(pidfd, timeout);
        }
    }

    /**
     * Waits until the process of {@code pidfd} exits, at most {@code timeout}.
     *
     * @param pidfd   the process
     * @param timeout how long to wait
     * @return true if it exited within the timeout
     * @throws IOException if the poll fails
     */
    public static boolean awaitExit(PidFd pidfd, Duration timeout) throws IOException {
        try (Poller poller = Poller.open(); Events events = Events.withCapacity(1)) {
            Registration registration = poller.register(pidfd, 1L, Interest.READABLE, Trigger.LEVEL);
            try {
                long deadline = System.nanoTime() + timeout.toNanos();
                while (true) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    poller.poll(events, left);
                    while (events.next()) {
                        if (events.token() == 1L && events.isReadable()) {
                            return true;
                        }
                    }
                }
            } finally {
                registration.deregister();   // the pidfd is the caller's: leave it as it came
            }
        }
    }

    /**
     * Runs the command in {@code args} and reports its exit.
     *
     * @param args the command and its arguments (default {@code sleep 1})
     * @throws Exception if it cannot be started or waited for
     */
    public static void main(String[] args) throws Exception {
        List<String> command = args.length > 0 ? List.of(args) : List.of("sleep", "1");
        long start = System.nanoTime();
        Process child = new ProcessBuilder(command).inheritIO().start();
        if (!awaitExit(child, Duration.ofDays(1))) {
            System.err.println("child " + child.pid() + " still running after a day");
            System.exit(1);
        }
        // The pidfd said it exited; waitFor() only collects the status the JDK reaps.
        int status = child.waitFor();
        System.out.println("child " + child.pid() + " (" + String.join(" ", command) + ") exited with " + status
                + " after " + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms");
    }
}
