package io.epoll4j.fd;

import io.epoll4j.sys.Errno;
import io.epoll4j.sys.SignalCalls;
import io.epoll4j.sys.SignalfdSiginfo;
import io.epoll4j.sys.Unistd;

/**
 * Accepts signals through a file descriptor (signalfd(2)): a blocked signal in its mask makes
 * the fd readable and is read as a {@code struct signalfd_siginfo} instead of running a
 * handler.
 *
 * {@snippet :
 * SignalFd.block(Signals.SIGWINCH);                     // in the thread that will read
 * try (SignalFd signals = SignalFd.create(Signals.SIGWINCH);
 *      Poller poller = Poller.open();
 *      Events events = Events.withCapacity(8)) {
 *     poller.register(signals, 1L, Interest.READABLE, Trigger.LEVEL);
 *     Signals.sendToCurrentThread(Signals.SIGWINCH);    // or the terminal resizes
 *     poller.poll(events, -1);
 *     SignalInfo info = new SignalInfo();
 *     while (signals.read(info)) {                      // false: none left (EAGAIN)
 *         System.out.println(info);                     // SignalInfo[SIGWINCH, code -6, pid ...]
 *     }
 * } finally {
 *     SignalFd.unblock(Signals.SIGWINCH);
 * }
 * }
 *
 * <h2>Signals and the JVM: read this first</h2>
 * A signal reaches a signalfd only while it is <em>blocked</em>; a signal that is not blocked
 * is delivered the usual way (to a handler, or its default action) and never shows up here.
 * And a signal mask belongs to a thread: {@link #block} (pthread_sigmask(3)) blocks a signal in
 * the calling thread only, and in the threads that thread starts afterwards. This has
 * consequences in a JVM, which runs many threads that you did not start and whose masks you
 * do not control:
 * <ul>
 * <li>A signal sent to the <em>process</em> (kill(2), a terminal, systemd) goes to any one
 *     thread that does not block it; it is queued for the signalfd only if every thread that
 *     could take it blocks it, which in a JVM is practically never the case. A signal whose
 *     default action is to ignore it (SIGWINCH, SIGCHLD, SIGURG) is then silently dropped.
 * <li>A signal sent to <em>one thread</em> (tgkill(2), {@link Signals#sendToCurrentThread})
 *     that blocks it stays pending on that thread, and only that thread sees the signalfd
 *     readable and can read it. This is the dependable way: block the signal in the thread
 *     that polls the signalfd and direct the signal at that thread.
 * <li>The JVM owns SIGINT, SIGTERM and SIGHUP (shutdown hooks), SIGQUIT (thread dumps),
 *     SIGUSR2 (thread suspension), and SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGPIPE and SIGXFSZ.
 *     Do not try to take those over. Good candidates are SIGWINCH, SIGUSR1 and the real-time
 *     signals from {@link Signals#rtMin()} on, which are also queued one per send rather than
 *     merged.
 * <li>The signal mask is inherited by child processes and kept across execve(2): a process
 *     started from a thread that blocks a signal starts with it blocked.
 * </ul>
 *
 * <h2>The rules of signalfd(2)</h2>
 * <ul>
 * <li>Standard signals that arrive while one of the same number is pending are merged into
 *     one; real-time signals are queued.
 * <li>SIGKILL and SIGSTOP cannot be blocked and are silently left out of the mask.
 * <li>Epoll reports a signalfd ready only for signals of the process that added it to the epoll
 *     instance (a child after fork(2) can read it but never sees it ready).
 * </ul>
 */
public final class SignalFd extends OwnedFd {
    /** signalfd flag: non-blocking reads. */
    public static final int SFD_NONBLOCK = SignalCalls.SFD_NONBLOCK;
    /** signalfd flag: close on exec. */
    public static final int SFD_CLOEXEC = SignalCalls.SFD_CLOEXEC;

    private volatile long mask;

    private SignalFd(int fd, long mask) {
        super(fd);
        this.mask = mask;
    }

    /** A signalfd for {@code signals}, {@code SFD_NONBLOCK | SFD_CLOEXEC}. Block them first: see above. */
    public static SignalFd create(int... signals) throws ErrnoException {
        return create(signals, SFD_NONBLOCK | SFD_CLOEXEC);
    }

    /** signalfd(-1, signals, flags). */
    public static SignalFd create(int[] signals, int flags) throws ErrnoException {
        long mask = Signals.mask(signals);
        int fd = ErrnoException.check(SignalCalls.signalfd(-1, mask, flags), "signalfd(" + describe(mask) + ")");
        return new SignalFd(fd, mask);
    }

    /** Replaces the set of signals this fd accepts: signalfd(fd, signals, 0). */
    public void setSignals(int... signals) throws ErrnoException {
        long newMask = Signals.mask(signals);
        int n = acquire();
        try {
            ErrnoException.check(SignalCalls.signalfd(n, newMask, 0),
                    "signalfd(fd " + n + ", " + describe(newMask) + ")");
            mask = newMask;
        } finally {
            release();
        }
    }

    /** The signals this fd accepts, ascending. */
    public int[] signals() {
        return Signals.signals(mask);
    }

    /**
     * Reads one pending signal into {@code info}, allocating nothing.
     *
     * @return false if none of this fd's signals is pending for the calling thread or the
     *         process (EAGAIN), and the fd is non-blocking
     */
    public boolean read(SignalInfo info) throws ErrnoException {
        int n = acquire();
        try {
            long r = Syscall.result(Unistd.read(n, info.segment(), SignalfdSiginfo.SIZE), "read", this, n);
            if (r == Syscall.WOULD_BLOCK) {
                return false;
            }
            if (r != SignalfdSiginfo.SIZE) {
                throw new IllegalStateException("signalfd read " + r + " bytes, not " + SignalfdSiginfo.SIZE);
            }
            return true;
        } finally {
            release();
        }
    }

    /** Reads one pending signal into a new object; {@code null} if none is pending (EAGAIN). */
    public SignalInfo read() throws ErrnoException {
        SignalInfo info = new SignalInfo();
        return read(info) ? info : null;
    }

    /** Blocks {@code signals} in the calling thread (pthread_sigmask SIG_BLOCK). */
    public static void block(int... signals) {
        sigmask(SignalCalls.SIG_BLOCK, "SIG_BLOCK", signals);
    }

    /**
     * Unblocks {@code signals} in the calling thread (pthread_sigmask SIG_UNBLOCK). One pending
     * for the thread or the process is delivered at once, the usual way.
     */
    public static void unblock(int... signals) {
        sigmask(SignalCalls.SIG_UNBLOCK, "SIG_UNBLOCK", signals);
    }

    /** Whether {@code signal} is blocked in the calling thread. */
    public static boolean isBlocked(int signal) {
        return (SignalCalls.currentMask() & Signals.mask(signal)) != 0;
    }

    /** The signals blocked in the calling thread, ascending. */
    public static int[] blocked() {
        return Signals.signals(SignalCalls.currentMask());
    }

    private static void sigmask(int how, String name, int... signals) {
        long mask = Signals.mask(signals);
        int r = SignalCalls.pthreadSigmask(how, mask, null);
        if (r < 0) {
            // Only EINVAL (a bad "how") is possible, which this class never passes.
            throw new IllegalStateException("pthread_sigmask(" + name + ", " + describe(mask) + "): "
                    + Errno.name(-r));
        }
    }

    private static String describe(long mask) {
        StringBuilder out = new StringBuilder("{");
        for (int sig : Signals.signals(mask)) {
            out.append(out.length() > 1 ? ", " : "").append(Signals.name(sig));
        }
        return out.append('}').toString();
    }

    @Override
    String describe(int n) {
        return "signalfd " + n;
    }
}
