package io.epoll4j.bench.jmh;

import io.epoll4j.fd.Kernel;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The bench's own downcall handles for the calls of {@link SyscallFloorBench} and the aliases
 * of {@link PollIdleScaleBench}: the core's syscall layer is not API, so the bench links the
 * bare calls itself, the way the core does (errno captured), and once more with
 * {@link Linker.Option#critical(boolean)}, which skips the Java-to-native thread state
 * transition. The design allows critical only where a benchmark shows it helps: this is that
 * benchmark's other arm. Not for blocking calls: a critical call holds up safepoints (and GC)
 * for as long as it runs.
 */
@SuppressWarnings("restricted") // the bench module runs with --enable-native-access=ALL-UNNAMED
final class RawCalls {
    /** epoll_ctl(2) operations, from {@code <sys/epoll.h>}. */
    static final int EPOLL_CTL_ADD = 1;
    static final int EPOLL_CTL_MOD = 3;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static final Linker.Option CRITICAL = Linker.Option.critical(false);
    private static final VarHandle ERRNO_VALUE = Linker.Option.captureStateLayout()
            .varHandle(groupElement("errno"));

    private static final FunctionDescriptor EPOLL_CTL_FD =
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS);
    private static final FunctionDescriptor EPOLL_WAIT_FD =
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
    private static final FunctionDescriptor RW_FD = FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG);

    /** Linked as the core links its calls: errno captured, not critical. */
    static final MethodHandle EPOLL_CTL = handle("epoll_ctl", EPOLL_CTL_FD);
    static final MethodHandle EPOLL_WAIT = handle("epoll_wait", EPOLL_WAIT_FD);
    static final MethodHandle EPOLL_PWAIT2 = handle("epoll_pwait2",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS));
    static final MethodHandle READ = handle("read", RW_FD);
    static final MethodHandle WRITE = handle("write", RW_FD);

    /** The same calls linked critical. */
    static final MethodHandle EPOLL_CTL_CRITICAL = handle("epoll_ctl", EPOLL_CTL_FD, CRITICAL);
    static final MethodHandle EPOLL_WAIT_CRITICAL = handle("epoll_wait", EPOLL_WAIT_FD, CRITICAL);
    static final MethodHandle READ_CRITICAL = handle("read", RW_FD, CRITICAL);
    static final MethodHandle WRITE_CRITICAL = handle("write", RW_FD, CRITICAL);

    /** labs(3): no syscall at all, so a call measures the downcall alone, errno capture included. */
    static final MethodHandle LABS = handle("labs", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
    /** labs(3) linked critical: the downcall without the thread state transition. */
    static final MethodHandle LABS_CRITICAL = handle("labs", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG), CRITICAL);

    private RawCalls() {}

    /** A capture segment for errno; one per benchmark thread. */
    static MemorySegment errnoState(Arena arena) {
        return arena.allocate(Linker.Option.captureStateLayout());
    }

    /**
     * One {@code struct epoll_event} of this architecture's layout (the fd layer reports its
     * size and the offset of its data word), filled with {@code events} and {@code data}.
     */
    static MemorySegment epollEvent(Arena arena, int events, long data) {
        MemorySegment event = arena.allocate(Kernel.epollEventSize(), 8);
        event.set(JAVA_INT, 0, events);
        event.set(JAVA_LONG.withByteAlignment(4), Kernel.epollEventDataOffset(), data);
        return event;
    }

    /** epoll_ctl(2) through {@link #EPOLL_CTL}: 0 or -errno. */
    static int epollCtl(MemorySegment errno, int epfd, int op, int fd, MemorySegment event) {
        try {
            int r = (int) EPOLL_CTL.invokeExact(errno, epfd, op, fd, event);
            return r < 0 ? -(int) ERRNO_VALUE.get(errno, 0L) : r;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    private static MethodHandle handle(String name, FunctionDescriptor fd, Linker.Option... more) {
        MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        Linker.Option[] options = new Linker.Option[more.length + 1];
        options[0] = ERRNO;
        System.arraycopy(more, 0, options, 1, more.length);
        return LINKER.downcallHandle(symbol, fd, options);
    }
}
