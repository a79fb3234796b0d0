package io.epoll4j.sys;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * pidfd_open(2) (Linux 5.3), pidfd_send_signal(2) (Linux 5.1) and poll(2) of a single fd.
 * Each returns its result or {@code -errno}; a kernel without the call gives {@code -ENOSYS}.
 *
 * <p>glibc 2.36 added wrappers for both; with an older C library the same calls go through
 * syscall(2). Their numbers, 434 and 424, are the same on x86-64 and aarch64: every
 * architecture shares the numbers of calls added since Linux 5.1.
 */
public final class PidFdCalls {
    /** pidfd_open flag (Linux 5.10): waitid(P_PIDFD) on the fd does not block. */
    public static final int PIDFD_NONBLOCK = Unistd.O_NONBLOCK;
    public static final short POLLIN = 0x001;

    private static final long SYS_PIDFD_SEND_SIGNAL = 424;
    private static final long SYS_PIDFD_OPEN = 434;

    private static final Optional<MethodHandle> PIDFD_OPEN = Native.optionalErrnoHandle("pidfd_open",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final Optional<MethodHandle> PIDFD_SEND_SIGNAL = Native.optionalErrnoHandle(
            "pidfd_send_signal", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    // long syscall(long number, ...): every variadic argument passed as a full register.
    private static final MethodHandle SYSCALL4 = Native.errnoHandle("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
            Linker.Option.firstVariadicArg(1));
    private static final MethodHandle POLL = Native.errnoHandle("poll",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));

    /**
     * <pre>
     * struct pollfd {
     *     int   fd;       // file descriptor
     *     short events;   // requested events
     *     short revents;  // returned events
     * };
     * </pre>
     */
    public static final StructLayout POLLFD = MemoryLayout.structLayout(
            JAVA_INT.withName("fd"), JAVA_SHORT.withName("events"), JAVA_SHORT.withName("revents"));
    private static final long POLLFD_FD = POLLFD.byteOffset(MemoryLayout.PathElement.groupElement("fd"));
    private static final long POLLFD_EVENTS = POLLFD.byteOffset(MemoryLayout.PathElement.groupElement("events"));
    private static final long POLLFD_REVENTS = POLLFD.byteOffset(MemoryLayout.PathElement.groupElement("revents"));

    private PidFdCalls() {}

    /** pidfd_open(pid, flags): a new close-on-exec fd referring to the process, or -errno. */
    public static int pidfdOpen(int pid, int flags) {
        try {
            if (PIDFD_OPEN.isPresent()) {
                return (int) PIDFD_OPEN.get().invokeExact(pid, flags);
            }
            return (int) (long) SYSCALL4.invokeExact(SYS_PIDFD_OPEN, (long) pid, (long) flags, 0L, 0L);
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    /** pidfd_send_signal(pidfd, sig, NULL, 0): as kill(2) would, but to the process the fd holds. */
    public static int pidfdSendSignal(int pidfd, int sig) {
        try {
            if (PIDFD_SEND_SIGNAL.isPresent()) {
                return (int) PIDFD_SEND_SIGNAL.get().invokeExact(pidfd, sig, MemorySegment.NULL, 0);
            }
            return (int) (long) SYSCALL4.invokeExact(SYS_PIDFD_SEND_SIGNAL, (long) pidfd, (long) sig, 0L, 0L);
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    /**
     * poll(2) of one fd for {@code events}: the {@code revents} the kernel reported (0 on
     * timeout), or -errno. With a timeout of 0, EINTR is retried.
     */
    public static int pollOne(int fd, short events, int timeoutMillis) {
        MemorySegment pollfd = Native.scratch();
        pollfd.set(JAVA_INT, POLLFD_FD, fd);
        pollfd.set(JAVA_SHORT, POLLFD_EVENTS, events);
        pollfd.set(JAVA_SHORT, POLLFD_REVENTS, (short) 0);
        try {
            int r = (int) POLL.invokeExact(pollfd, 1L, timeoutMillis);
            if (r < 0) {
                // Only a poll that does not wait can restart as it was: a timed one would start over.
                return timeoutMillis == 0 && r == -Errno.EINTR ? pollOne(fd, events, 0) : r;
            }
            return r == 0 ? 0 : pollfd.get(JAVA_SHORT, POLLFD_REVENTS) & 0xFFFF;
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }
}
