package io.epoll4j.fd;

import io.epoll4j.sys.Errno;
import io.epoll4j.sys.Native;
import io.epoll4j.sys.PidFdCalls;
import io.epoll4j.sys.SignalCalls;
import io.epoll4j.sys.Unistd;

/**
 * A file descriptor that refers to a process (pidfd_open(2), Linux 5.3): readable once the
 * process has terminated, so an event loop waits for a process exit like for a socket, and
 * signals sent through it can never reach another process that reused the number.
 *
 * {@snippet :
 * Process sleeper = new ProcessBuilder("sleep", "30").start();
 * try (PidFd pidfd = PidFd.of(sleeper.toHandle());
 *      Poller poller = Poller.open();
 *      Events events = Events.withCapacity(4)) {
 *     poller.register(pidfd, 1L, Interest.READABLE, Trigger.LEVEL);
 *     pidfd.sendSignal(Signals.SIGTERM);
 *     poller.poll(events, -1);                     // returns when sleep has exited
 *     assert pidfd.hasExited();
 * }
 * }
 *
 * <h2>The rules of pidfd_open(2)</h2>
 * <ul>
 * <li>The fd becomes readable (EPOLLIN) when the process terminates, whether or not it has
 *     been reaped; it never becomes readable again for anything else. It works for any
 *     process, not only children of this one.
 * <li>Only a thread-group leader can be opened: another thread's ID gives EINVAL (ENOENT
 *     on recent kernels, 6.18 for one); a process that does not exist gives ESRCH.
 * <li>Open the pidfd while the process is known to exist: the JDK reaps a process it started
 *     as soon as it exits, and from then on pidfd_open gives ESRCH. A pidfd opened in time
 *     stays valid, and readable, after the reap.
 * <li>A pidfd is always close-on-exec.
 * <li>{@link #sendSignal} fails with ESRCH once the process has been reaped (never reaching
 *     a newer process with the same number), and with EPERM where kill(2) would.
 * </ul>
 *
 * <h2>Portability</h2>
 * pidfd_open needs Linux 5.3 ({@link #isSupported()}); without it {@link #of} throws
 * {@link UnsupportedOperationException}. The calls go through the glibc 2.36 wrappers where
 * present and syscall(2) elsewhere.
 */
public final class PidFd extends OwnedFd {
    /** pidfd_open flag (Linux 5.10): waitid(P_PIDFD) on the fd does not block. */
    public static final int PIDFD_NONBLOCK = PidFdCalls.PIDFD_NONBLOCK;

    private final long pid;

    private PidFd(int fd, long pid) {
        super(fd);
        this.pid = pid;
    }

    /** Whether this kernel has pidfd_open (Linux 5.3); probed once on this process. */
    public static boolean isSupported() {
        Native.requireNativeAccess();
        return Probe.SUPPORTED;
    }

    /**
     * pidfd_open(pid, 0).
     *
     * @throws ErrnoException ESRCH if no such process exists; EINVAL (ENOENT on recent
     *                        kernels) if {@code pid} is a thread but not a thread-group leader
     * @throws UnsupportedOperationException before Linux 5.3
     */
    public static PidFd of(long pid) throws ErrnoException {
        return open(pid, 0);
    }

    /**
     * A pidfd for the process of {@code handle}. A process number can be reused once the
     * process is gone; this checks afterwards that the fd refers to the process of the handle,
     * or to one that has terminated as the handle's has.
     *
     * @throws ErrnoException ESRCH if the process is gone and its number belongs to another
     */
    public static PidFd of(ProcessHandle handle) throws ErrnoException {
        PidFd pidfd = of(handle.pid());
        try {
            // Alive after the open: the number was still the handle's. Dead, but the pidfd
            // not readable: the number now names a newer, running process.
            if (!handle.isAlive() && !pidfd.hasExited()) {
                throw new ErrnoException("pidfd_open(" + handle.pid() + "): the process has gone and its pid was reused",
                        Errno.ESRCH);
            }
            return pidfd;
        } catch (ErrnoException | RuntimeException e) {
            pidfd.close();
            throw e;
        }
    }

    /** pidfd_open(pid, flags): flags 0 or {@link #PIDFD_NONBLOCK}. */
    public static PidFd open(long pid, int flags) throws ErrnoException {
        if (pid <= 0 || pid != (int) pid) {
            throw new IllegalArgumentException("not a process ID: " + pid);
        }
        int r = PidFdCalls.pidfdOpen((int) pid, flags);
        if (r == -Errno.ENOSYS) {
            throw unsupported();
        }
        return new PidFd(ErrnoException.check(r, "pidfd_open(" + pid + ")"), pid);
    }

    /** The process ID this fd was opened for. */
    public long pid() {
        return pid;
    }

    /**
     * pidfd_send_signal(fd, sig, NULL, 0): sends {@code sig} to the process, as kill(2) would,
     * but never to a later process with the same number. {@code sig} 0 only checks that it can.
     *
     * @throws ErrnoException ESRCH if the process has been reaped, EPERM if not allowed
     */
    public void sendSignal(int sig) throws ErrnoException {
        int n = acquire();
        try {
            ErrnoException.check(PidFdCalls.pidfdSendSignal(n, sig),
                    "pidfd_send_signal(pid " + pid + ", " + Signals.name(sig) + ")");
        } finally {
            release();
        }
    }

    /** Whether the process has terminated: poll(2) of the fd for POLLIN with a timeout of 0. */
    public boolean hasExited() throws ErrnoException {
        int n = acquire();
        try {
            int r = ErrnoException.check(PidFdCalls.pollOne(n, PidFdCalls.POLLIN, 0), "poll(pidfd " + n + ")");
            return (r & PidFdCalls.POLLIN) != 0;
        } finally {
            release();
        }
    }

    @Override
    public String toString() {
        return super.toString().replace("]", ", pid " + pid + "]");
    }

    private static UnsupportedOperationException unsupported() {
        return new UnsupportedOperationException("pidfd_open(2) needs Linux 5.3; this kernel is "
                + Kernel.release());
    }

    private static final class Probe {
        static final boolean SUPPORTED;

        static {
            int fd = PidFdCalls.pidfdOpen(SignalCalls.getpid(), 0);
            // Only ENOSYS says "no such call"; EMFILE and the like say nothing about the kernel.
            SUPPORTED = fd != -Errno.ENOSYS;
            if (fd >= 0) {
                Unistd.close(fd);
            }
        }
    }

    @Override
    String describe(int n) {
        return "pidfd " + n;
    }
}
