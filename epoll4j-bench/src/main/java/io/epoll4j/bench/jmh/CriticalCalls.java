package io.epoll4j.bench.jmh;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The short non-blocking calls of {@link SyscallFloorBench} linked with
 * {@link Linker.Option#critical(boolean)}, which skips the Java-to-native thread state
 * transition; errno is captured as in the core. The design allows critical only where a
 * benchmark shows it helps: this is that benchmark's other arm. Not for blocking calls: a
 * critical call holds up safepoints (and GC) for as long as it runs.
 */
@SuppressWarnings("restricted") // the bench module runs with --enable-native-access=ALL-UNNAMED
final class CriticalCalls {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static final Linker.Option CRITICAL = Linker.Option.critical(false);

    static final MethodHandle EPOLL_CTL = handle("epoll_ctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    static final MethodHandle EPOLL_WAIT = handle("epoll_wait",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    static final MethodHandle READ = handle("read",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    static final MethodHandle WRITE = handle("write",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    /** labs(3): no syscall at all, so a call measures the downcall alone, errno capture included. */
    static final MethodHandle LABS = LINKER.downcallHandle(LINKER.defaultLookup().find("labs").orElseThrow(),
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG), ERRNO);
    /** labs(3) linked critical: the downcall without the thread state transition. */
    static final MethodHandle LABS_CRITICAL = handle("labs", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));

    private CriticalCalls() {}

    /** A capture segment for {@link #ERRNO}; one per benchmark thread. */
    static MemorySegment errnoState(Arena arena) {
        return arena.allocate(Linker.Option.captureStateLayout());
    }

    private static MethodHandle handle(String name, FunctionDescriptor fd) {
        MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        return LINKER.downcallHandle(symbol, fd, ERRNO, CRITICAL);
    }
}
