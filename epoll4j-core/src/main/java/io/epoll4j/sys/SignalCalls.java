package io.epoll4j.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * signalfd(2), pthread_sigmask(3), kill(2), tgkill(2), getpid(2), gettid(2) and the real-time
 * signal range. Each returns its result or {@code -errno}.
 *
 * <p>Signal sets cross this class as a {@code long} bit mask, bit {@code n - 1} for signal
 * {@code n} (1 to 64), which is the kernel's own sigset; glibc's {@code sigset_t} is 128 bytes
 * of which the kernel reads the first 8, so the rest is passed as zeros.
 */
public final class SignalCalls {
    public static final int SFD_NONBLOCK = Unistd.O_NONBLOCK;
    public static final int SFD_CLOEXEC = Unistd.O_CLOEXEC;
    public static final int SIG_BLOCK = 0;
    public static final int SIG_UNBLOCK = 1;
    public static final int SIG_SETMASK = 2;

    /** {@code sizeof(sigset_t)} in glibc: 1024 bits. */
    private static final long SIGSET_SIZE = 128;

    // Syscall numbers differ between x86-64 and the generic table (aarch64).
    private static final boolean X86_64 = switch (System.getProperty("os.arch")) {
        case "amd64", "x86_64" -> true;
        default -> false;
    };
    private static final long SYS_GETTID = X86_64 ? 186 : 178;
    private static final long SYS_TGKILL = X86_64 ? 234 : 131;

    private static final MethodHandle SIGNALFD = Native.errnoHandle("signalfd",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    // pthread_sigmask returns the error number and leaves errno alone.
    private static final MethodHandle PTHREAD_SIGMASK = Native.handle("pthread_sigmask",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle KILL = Native.errnoHandle("kill",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle GETPID = Native.handle("getpid",
            FunctionDescriptor.of(JAVA_INT));
    // glibc 2.30 added the gettid and tgkill wrappers; before that, syscall(2) does the same.
    private static final Optional<MethodHandle> GETTID = Native.find("gettid")
            .map(s -> Native.handle("gettid", FunctionDescriptor.of(JAVA_INT)));
    private static final Optional<MethodHandle> TGKILL = Native.optionalErrnoHandle("tgkill",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle SYSCALL3 = Native.errnoHandle("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
            java.lang.foreign.Linker.Option.firstVariadicArg(1));
    // glibc keeps the lowest real-time signals for itself (NPTL); these say which it left.
    private static final Optional<MethodHandle> SIGRTMIN = Native.find("__libc_current_sigrtmin")
            .map(s -> Native.handle("__libc_current_sigrtmin", FunctionDescriptor.of(JAVA_INT)));
    private static final Optional<MethodHandle> SIGRTMAX = Native.find("__libc_current_sigrtmax")
            .map(s -> Native.handle("__libc_current_sigrtmax", FunctionDescriptor.of(JAVA_INT)));

    private SignalCalls() {}

    /** signalfd(fd, mask, flags): {@code fd} -1 creates a new one, else changes its mask. */
    public static int signalfd(int fd, long mask, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment set = sigset(arena, mask);
            return (int) SIGNALFD.invokeExact(fd, set, flags);
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    /**
     * pthread_sigmask(how, set, old) for the calling thread; the previous mask goes to
     * {@code old[0]} when {@code old} is not null. 0 or -errno.
     */
    public static int pthreadSigmask(int how, long mask, long[] old) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment set = sigset(arena, mask);
            MemorySegment previous = arena.allocate(SIGSET_SIZE, 8);
            int r = (int) PTHREAD_SIGMASK.invokeExact(how, set, previous);
            if (r != 0) {
                return -r;
            }
            if (old != null) {
                old[0] = previous.get(JAVA_LONG, 0);
            }
            return 0;
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    /** The calling thread's signal mask (pthread_sigmask with a null set). */
    public static long currentMask() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment previous = arena.allocate(SIGSET_SIZE, 8);
            int r = (int) PTHREAD_SIGMASK.invokeExact(SIG_BLOCK, MemorySegment.NULL, previous);
            if (r != 0) {
                throw new AssertionError("pthread_sigmask(SIG_BLOCK, NULL) failed: " + r);
            }
            return previous.get(JAVA_LONG, 0);
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    public static int kill(int pid, int sig) {
        try {
            return (int) KILL.invokeExact(pid, sig);
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    /** tgkill(tgid, tid, sig): a signal to one thread of one process. */
    public static int tgkill(int tgid, int tid, int sig) {
        try {
            if (TGKILL.isPresent()) {
                return (int) TGKILL.get().invokeExact(tgid, tid, sig);
            }
            return (int) (long) SYSCALL3.invokeExact(SYS_TGKILL, (long) tgid, (long) tid, (long) sig);
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    public static int getpid() {
        try {
            return (int) GETPID.invokeExact();
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    /** The calling thread's kernel thread ID (not {@code Thread.threadId()}). */
    public static int gettid() {
        try {
            if (GETTID.isPresent()) {
                return (int) GETTID.get().invokeExact();
            }
            return (int) (long) SYSCALL3.invokeExact(SYS_GETTID, 0L, 0L, 0L);
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    /** SIGRTMIN as this C library defines it (34 with glibc), or 32 without glibc. */
    public static int sigrtmin() {
        try {
            return SIGRTMIN.isPresent() ? (int) SIGRTMIN.get().invokeExact() : 32;
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    /** SIGRTMAX: 64 on Linux. */
    public static int sigrtmax() {
        try {
            return SIGRTMAX.isPresent() ? (int) SIGRTMAX.get().invokeExact() : 64;
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    private static MemorySegment sigset(Arena arena, long mask) {
        MemorySegment set = arena.allocate(SIGSET_SIZE, 8); // zeroed
        set.set(JAVA_LONG, 0, mask);
        return set;
    }
}
