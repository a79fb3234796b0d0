package io.epoll4j.sys;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * epoll_create1(2), epoll_ctl(2), epoll_wait(2), epoll_pwait2(2), the EPIOC*PARAMS ioctls and
 * eventfd(2). Each returns its result or {@code -errno}.
 */
public final class EpollCalls {
    public static final int EPOLL_CTL_ADD = 1;
    public static final int EPOLL_CTL_DEL = 2;
    public static final int EPOLL_CTL_MOD = 3;
    public static final int EPOLL_CLOEXEC = Unistd.O_CLOEXEC;

    /** {@code _IOW(0x8A, 0x01, struct epoll_params)}: set busy-poll parameters (Linux 6.9). */
    public static final long EPIOCSPARAMS = 0x40088A01L;
    /** {@code _IOR(0x8A, 0x02, struct epoll_params)}: read them back. */
    public static final long EPIOCGPARAMS = 0x80088A02L;

    private static final MethodHandle EPOLL_CREATE1 = Native.errnoHandle("epoll_create1",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle EPOLL_CTL = Native.errnoHandle("epoll_ctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle EPOLL_WAIT = Native.errnoHandle("epoll_wait",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    // glibc 2.35 added the wrapper; on an older libc the symbol is absent and waits fall back.
    // Null when absent. A plain static final handle, not an Optional: the JIT inlines a downcall
    // only through a constant receiver.
    private static final MethodHandle EPOLL_PWAIT2 = Native.optionalErrnoHandle("epoll_pwait2",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS)).orElse(null);
    private static final MethodHandle IOCTL_PTR = Native.errnoHandle("ioctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle EVENTFD = Native.errnoHandle("eventfd",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));

    private EpollCalls() {}

    public static int epollCreate1(int flags) {
        try {
            return (int) EPOLL_CREATE1.invokeExact(flags);
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    /** epoll_ctl with an event; {@code event} may be {@link MemorySegment#NULL} for DEL. */
    public static int epollCtl(int epfd, int op, int fd, MemorySegment event) {
        try {
            return (int) EPOLL_CTL.invokeExact(epfd, op, fd, event);
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    public static int epollWait(int epfd, MemorySegment events, int maxEvents, int timeoutMillis) {
        try {
            return (int) EPOLL_WAIT.invokeExact(epfd, events, maxEvents, timeoutMillis);
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    /** Whether libc has the epoll_pwait2 wrapper (the kernel may still lack the call: ENOSYS). */
    public static boolean hasEpollPwait2Symbol() {
        return EPOLL_PWAIT2 != null;
    }

    /**
     * epoll_pwait2 with a relative timeout in nanoseconds ({@code < 0}: block), no signal mask.
     * Only call when {@link #hasEpollPwait2Symbol()}.
     */
    public static int epollPwait2(int epfd, MemorySegment events, int maxEvents, long timeoutNanos) {
        MemorySegment timespec = MemorySegment.NULL;
        if (timeoutNanos >= 0) {
            timespec = Native.scratch();
            Timespec.set(timespec, 0, timeoutNanos);
        }
        try {
            return (int) EPOLL_PWAIT2.invokeExact(epfd, events, maxEvents,
                    timespec, MemorySegment.NULL);
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    /** ioctl(fd, request, arg) with a pointer argument. */
    public static int ioctl(int fd, long request, MemorySegment arg) {
        try {
            return (int) IOCTL_PTR.invokeExact(fd, request, arg);
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    public static int eventfd(int initval, int flags) {
        try {
            return (int) EVENTFD.invokeExact(initval, flags);
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }
}
