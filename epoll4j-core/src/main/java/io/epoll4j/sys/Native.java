package io.epoll4j.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Optional;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

/**
 * Creates downcall handles and captures errno; nothing outside {@code io.epoll4j.sys} touches
 * the linker.
 *
 * <p>Every handle that can fail is linked with {@code captureCallState("errno")}, so errno is
 * written by the downcall itself into a segment owned by the calling thread and never read
 * after the fact, when the JVM may already have clobbered it.
 */
public final class Native {
    /** The flag a user must pass; named in the error when it is missing. */
    public static final String FLAG = "--enable-native-access=io.epoll4j.core";

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO_VALUE =
            CAPTURE.varHandle(groupElement("errno")).withInvokeExactBehavior();

    private static final long SCRATCH_SIZE = 64;

    /** Per thread: the errno capture segment and a small scratch area for call arguments. */
    private record PerThread(MemorySegment state, MemorySegment scratch) {
        static PerThread create() {
            Arena arena = Arena.ofAuto();
            return new PerThread(arena.allocate(CAPTURE), arena.allocate(SCRATCH_SIZE, 16));
        }
    }

    // One capture segment per thread: a process-wide one would race between threads.
    private static final ThreadLocal<PerThread> PER_THREAD = ThreadLocal.withInitial(PerThread::create);

    static {
        if (!Native.class.getModule().isNativeAccessEnabled()) {
            throw new IllegalCallerException("epoll4j needs native access: run java with "
                    + FLAG + (Native.class.getModule().isNamed() ? "" : " (or, on the class path, "
                    + "--enable-native-access=ALL-UNNAMED)"));
        }
    }

    private Native() {}

    /** The calling thread's errno capture segment, passed as the first argument of a handle. */
    static MemorySegment state() {
        return PER_THREAD.get().state();
    }

    /**
     * A 64-byte, 16-aligned scratch segment owned by the calling thread, for short-lived call
     * arguments such as a timespec; valid until this thread's next call that uses it.
     */
    public static MemorySegment scratch() {
        return PER_THREAD.get().scratch();
    }

    /** errno as the last capturing downcall on this thread left it, negated. */
    static int negErrno(MemorySegment state) {
        return -(int) ERRNO_VALUE.get(state, 0L);
    }

    /** A handle to a libc function that sets errno; the first parameter is the capture segment. */
    static MethodHandle errnoHandle(String name, FunctionDescriptor fd, Linker.Option... more) {
        Linker.Option[] options = new Linker.Option[more.length + 1];
        options[0] = ERRNO;
        System.arraycopy(more, 0, options, 1, more.length);
        return LINKER.downcallHandle(find(name).orElseThrow(
                () -> new UnsatisfiedLinkError("libc has no " + name)), fd, options);
    }

    /** Like {@link #errnoHandle} but absent when libc lacks the symbol (probed once). */
    static Optional<MethodHandle> optionalErrnoHandle(String name, FunctionDescriptor fd) {
        return find(name).map(symbol -> LINKER.downcallHandle(symbol, fd, ERRNO));
    }

    /** A handle to a libc function that cannot fail. */
    static MethodHandle handle(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(find(name).orElseThrow(
                () -> new UnsatisfiedLinkError("libc has no " + name)), fd);
    }

    static Optional<MemorySegment> find(String name) {
        return LIBC.find(name);
    }

    /** Turns the impossible (a handle of the wrong type) into an error at the call site. */
    static AssertionError fatal(Throwable t) {
        return new AssertionError("downcall failed: " + t, t);
    }
}
