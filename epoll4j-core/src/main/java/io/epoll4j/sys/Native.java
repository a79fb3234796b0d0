package io.epoll4j.sys;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
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
    static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO_VALUE =
            CAPTURE.varHandle(groupElement("errno")).withInvokeExactBehavior();

    // Other threads' state: a process-wide capture segment would race between threads.
    private static final ThreadLocal<ThreadState> PER_THREAD =
            ThreadLocal.withInitial(() -> new ThreadState(CAPTURE));

    /**
     * Why calls cannot work here, or null when they can. Checked once, but never thrown from a
     * class initialiser: a class whose initialiser failed answers every later use with a bare
     * {@code NoClassDefFoundError}, which would name the flag only on the first attempt.
     */
    private static final String NO_ACCESS = noAccess();

    private Native() {}

    private static String noAccess() {
        Module module = Native.class.getModule();
        return module.isNativeAccessEnabled() ? null : "epoll4j needs native access: run java with "
                + FLAG + (module.isNamed() ? "" : " (or, on the class path, "
                + "--enable-native-access=ALL-UNNAMED)");
    }

    /**
     * Throws {@link IllegalCallerException} naming the flag when native access is missing: for
     * code that is about to run a class initialiser that makes calls (a feature probe).
     */
    public static void requireNativeAccess() {
        if (NO_ACCESS != null) {
            throw new IllegalCallerException(NO_ACCESS);
        }
    }

    /** The calling thread's native state: its own if a {@link NativeThread}, else a thread-local one. */
    static ThreadState thread() {
        return Thread.currentThread() instanceof NativeThread t ? t.state : PER_THREAD.get();
    }

    /** The calling thread's errno capture segment, passed as the first argument of a handle. */
    static MemorySegment state() {
        return thread().errno;
    }

    /**
     * A 64-byte, 16-aligned scratch segment owned by the calling thread, for short-lived call
     * arguments such as a timespec; valid until this thread's next call that uses it.
     */
    public static MemorySegment scratch() {
        return thread().scratch;
    }

    /**
     * Whether the downcall that just failed on this capture segment failed with EINTR: the
     * one test behind every call that restarts. The calls that restart (read, write, readv, writev,
     * recv, send, recvmsg, sendmsg, accept4, sendfile, and poll without a timeout) are those
     * that POSIX and signal(7) say did nothing when interrupted; they never return
     * {@code -EINTR}. connect(2) (EINTR means the connect goes on) and the timed waits (which
     * go on with the time left) handle EINTR themselves.
     */
    static boolean interrupted(MemorySegment st) {
        return (int) ERRNO_VALUE.get(st, 0L) == Errno.EINTR;
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
        return link(find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name)), fd, options);
    }

    /** Like {@link #errnoHandle} but absent when libc lacks the symbol (probed once). */
    static Optional<MethodHandle> optionalErrnoHandle(String name, FunctionDescriptor fd) {
        return find(name).map(symbol -> link(symbol, fd, ERRNO));
    }

    /** A handle to a libc function that cannot fail. */
    static MethodHandle handle(String name, FunctionDescriptor fd) {
        return link(find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name)), fd);
    }

    /**
     * The downcall handle, or, without native access, a handle of the same type that throws
     * {@link IllegalCallerException} naming the flag on every call: so every attempt, not
     * only the first, tells the user what to do, and the JDK's restricted-method warning is
     * never printed.
     */
    private static MethodHandle link(MemorySegment symbol, FunctionDescriptor fd, Linker.Option... options) {
        if (NO_ACCESS == null) {
            return LINKER.downcallHandle(symbol, fd, options);
        }
        MethodType type = fd.toMethodType();
        if (options.length > 0 && options[0] == ERRNO) {
            type = type.insertParameterTypes(0, MemorySegment.class);
        }
        try {
            MethodHandle create = MethodHandles.insertArguments(MethodHandles.publicLookup().findConstructor(
                    IllegalCallerException.class, MethodType.methodType(void.class, String.class)), 0, NO_ACCESS);
            MethodHandle thrower = MethodHandles.foldArguments(
                    MethodHandles.throwException(type.returnType(), IllegalCallerException.class), create);
            return MethodHandles.dropArguments(thrower, 0, type.parameterList());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    static Optional<MemorySegment> find(String name) {
        return LIBC.find(name);
    }

    /**
     * What a call site throws for what a downcall threw: the user's own error as it is (a
     * closed arena's {@code IllegalStateException}, the missing native access's
     * {@code IllegalCallerException}), the impossible (a handle of the wrong type) as an
     * {@link AssertionError}. Declared to return so that call sites read {@code throw fatal(t)}.
     */
    static RuntimeException fatal(Throwable t) {
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new AssertionError("downcall failed: " + t, t);
    }
}
