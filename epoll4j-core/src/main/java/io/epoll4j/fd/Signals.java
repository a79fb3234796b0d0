package io.epoll4j.fd;

import io.epoll4j.sys.SignalCalls;

/**
 * Signal numbers as Linux defines them on x86-64 and aarch64 (signal(7)), their names, and
 * the calls that send one: kill(2) to a process, tgkill(2) to one thread of it.
 *
 * {@snippet :
 * SignalFd.block(Signals.SIGWINCH);                       // this thread only: see SignalFd
 * Signals.sendToCurrentThread(Signals.SIGWINCH);          // tgkill(getpid(), gettid(), SIGWINCH)
 * System.out.println(Signals.name(Signals.SIGWINCH));     // SIGWINCH
 * int mine = Signals.rtMin() + 3;                         // a real-time signal no one else uses
 * }
 *
 * <p>The JVM installs handlers for SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGPIPE, SIGXFSZ, SIGQUIT
 * (thread dumps), SIGUSR2 (HotSpot suspends and resumes threads with it) and, for shutdown hooks, SIGINT,
 * SIGTERM and SIGHUP. Sending those to the JVM does what the JVM decides; they are no
 * candidates for a {@link SignalFd}.
 */
public final class Signals {
    /** Hang-up of the controlling terminal, or a daemon asked to reload. */
    public static final int SIGHUP = 1;
    /** Interrupt from the keyboard (Ctrl-C). */
    public static final int SIGINT = 2;
    /** Quit from the keyboard (Ctrl-\\); the JVM prints a thread dump. */
    public static final int SIGQUIT = 3;
    /** Illegal instruction. */
    public static final int SIGILL = 4;
    /** Trace or breakpoint trap. */
    public static final int SIGTRAP = 5;
    /** Abort, from abort(3). */
    public static final int SIGABRT = 6;
    /** Bus error: a bad memory access, such as past the end of a mapped file. */
    public static final int SIGBUS = 7;
    /** Arithmetic error. */
    public static final int SIGFPE = 8;
    /** Kill: cannot be caught, blocked or ignored. */
    public static final int SIGKILL = 9;
    /** User-defined signal 1. */
    public static final int SIGUSR1 = 10;
    /** Invalid memory reference. */
    public static final int SIGSEGV = 11;
    /** User-defined signal 2 (HotSpot uses it to suspend threads). */
    public static final int SIGUSR2 = 12;
    /** A write to a pipe or socket with no reader (the JVM ignores it). */
    public static final int SIGPIPE = 13;
    /** Timer signal from alarm(2). */
    public static final int SIGALRM = 14;
    /** Termination request, the default of kill(1). */
    public static final int SIGTERM = 15;
    /** Stack fault on a coprocessor (unused on Linux). */
    public static final int SIGSTKFLT = 16;
    /** A child stopped or ended. */
    public static final int SIGCHLD = 17;
    /** Continue if stopped. */
    public static final int SIGCONT = 18;
    /** Stop the process: cannot be caught, blocked or ignored. */
    public static final int SIGSTOP = 19;
    /** Stop typed at the terminal (Ctrl-Z). */
    public static final int SIGTSTP = 20;
    /** Terminal input for a background process. */
    public static final int SIGTTIN = 21;
    /** Terminal output for a background process. */
    public static final int SIGTTOU = 22;
    /** Urgent condition on a socket (out-of-band data). */
    public static final int SIGURG = 23;
    /** CPU time limit exceeded (setrlimit(2)). */
    public static final int SIGXCPU = 24;
    /** File size limit exceeded (setrlimit(2)). */
    public static final int SIGXFSZ = 25;
    /** Virtual alarm clock. */
    public static final int SIGVTALRM = 26;
    /** Profiling timer expired. */
    public static final int SIGPROF = 27;
    /** The terminal window was resized. */
    public static final int SIGWINCH = 28;
    /** I/O is possible on a descriptor (O_ASYNC). */
    public static final int SIGIO = 29;
    /** Power failure. */
    public static final int SIGPWR = 30;
    /** Bad system call (seccomp(2)). */
    public static final int SIGSYS = 31;
    /** The highest signal number: SIGRTMAX. */
    public static final int MAX = 64;

    private static final String[] NAMES = {
        null, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE",
        "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT",
        "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU",
        "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS",
    };

    private Signals() {}

    /** The name, such as {@code "SIGTERM"}, or {@code "SIGRTMIN+3"}, or {@code "signal 99"}. */
    public static String name(int sig) {
        if (sig > 0 && sig < NAMES.length) {
            return NAMES[sig];
        }
        int min = rtMin();
        if (sig >= min && sig <= MAX) {
            return sig == min ? "SIGRTMIN" : "SIGRTMIN+" + (sig - min);
        }
        return "signal " + sig;
    }

    /** SIGRTMIN as the C library has it: the first real-time signal free for applications (34 with glibc). */
    public static int rtMin() {
        return SignalCalls.sigrtmin();
    }

    /** SIGRTMAX: the last real-time signal (64). */
    public static int rtMax() {
        return SignalCalls.sigrtmax();
    }

    /**
     * kill(pid, sig): sends {@code sig} to a process (any of its threads that does not block
     * it takes it); {@code sig} 0 only checks that the process exists.
     */
    public static void kill(long pid, int sig) throws ErrnoException {
        ErrnoException.check(SignalCalls.kill(checkPid(pid), sig), "kill(" + pid + ", " + name(sig) + ")");
    }

    /** tgkill(tgid, tid, sig): sends {@code sig} to thread {@code tid} of process {@code tgid}. */
    public static void tgkill(long tgid, int tid, int sig) throws ErrnoException {
        ErrnoException.check(SignalCalls.tgkill(checkPid(tgid), tid, sig),
                "tgkill(" + tgid + ", " + tid + ", " + name(sig) + ")");
    }

    /** Sends {@code sig} to the calling thread: tgkill(getpid(), gettid(), sig). */
    public static void sendToCurrentThread(int sig) throws ErrnoException {
        tgkill(SignalCalls.getpid(), SignalCalls.gettid(), sig);
    }

    /** The calling thread's kernel thread ID, gettid(2); not {@link Thread#threadId()}. */
    public static int gettid() {
        return SignalCalls.gettid();
    }

    /** The signal set of {@code signals} as the kernel's 64-bit mask. */
    static long mask(int... signals) {
        long mask = 0;
        for (int sig : signals) {
            if (sig < 1 || sig > MAX) {
                throw new IllegalArgumentException("not a signal number: " + sig);
            }
            mask |= 1L << (sig - 1);
        }
        return mask;
    }

    /** The signal numbers in a kernel mask, ascending. */
    static int[] signals(long mask) {
        int[] out = new int[Long.bitCount(mask)];
        int i = 0;
        for (long rest = mask; rest != 0; rest &= rest - 1) {
            out[i++] = Long.numberOfTrailingZeros(rest) + 1;
        }
        return out;
    }

    private static int checkPid(long pid) {
        if (pid != (int) pid) {
            throw new IllegalArgumentException("not a pid: " + pid);
        }
        return (int) pid;
    }
}
