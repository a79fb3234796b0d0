package io.epoll4j.sys;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
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
 * after the fact, when the JVM may already have clobbered it. Such a handle answers as the
 * kernel does, its result or {@code -errno}, and the calls that did nothing when a signal
 * interrupted them are made again inside it: each call site is its downcall and nothing else.
 * {@snippet :
 * static final MethodHandle READ = Native.restartingHandle("read", FunctionDescriptor.of(
 *         ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
 *
 * static long read(int fd, MemorySegment buf, long count) {
 *     try {
 *         return (long) READ.invokeExact(fd, buf, count);   // bytes, or -errno; never -EINTR
 *     } catch (Throwable t) {
 *         throw Native.fatal(t);
 *     }
 * }
 * }
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

    // The pieces every errno handle is built of (kernelConvention).
    private static final MethodHandle STATE;
    private static final MethodHandle INT_RESULT;
    private static final MethodHandle LONG_RESULT;
    private static final MethodHandle INT_INTERRUPTED;
    private static final MethodHandle LONG_INTERRUPTED;

    static {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        try {
            STATE = lookup.findStatic(Native.class, "state", MethodType.methodType(MemorySegment.class));
            INT_RESULT = lookup.findStatic(Native.class, "result",
                    MethodType.methodType(int.class, int.class, MemorySegment.class));
            LONG_RESULT = lookup.findStatic(Native.class, "result",
                    MethodType.methodType(long.class, long.class, MemorySegment.class));
            INT_INTERRUPTED = lookup.findStatic(Native.class, "interrupted",
                    MethodType.methodType(boolean.class, int.class));
            LONG_INTERRUPTED = lookup.findStatic(Native.class, "interrupted",
                    MethodType.methodType(boolean.class, long.class));
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

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

    /** The calling thread's errno capture segment, which an errno handle passes to its downcall. */
    static MemorySegment state() {
        return thread().errno;
    }

    /** errno as the capturing downcall just made on {@code state} left it, negated. */
    private static int negErrno(MemorySegment state) {
        return -(int) ERRNO_VALUE.get(state, 0L);
    }

    /**
     * A 64-byte, 16-aligned scratch segment owned by the calling thread, for short-lived call
     * arguments such as a timespec; valid until this thread's next call that uses it.
     */
    public static MemorySegment scratch() {
        return thread().scratch;
    }

    /**
     * A handle to a libc function that sets errno, in the kernel's convention: it returns the
     * function's result, or {@code -errno} when that is negative (the capture segment read at
     * once, inside the handle). It takes the function's own arguments: the calling thread's
     * capture segment ({@link #thread()}) is found inside it too. The function returns an
     * {@code int} or a {@code long}.
     */
    static MethodHandle errnoHandle(String name, FunctionDescriptor fd, Linker.Option... more) {
        return kernelConvention(capturing(symbol(name), fd, more), false);
    }

    /**
     * {@link #errnoHandle}, made again for as long as it fails with EINTR: for the calls that
     * POSIX and signal(7) say did nothing when interrupted (open, read, write, readv, writev,
     * recv, send, recvmsg, sendmsg, accept4, sendfile), so that no caller ever sees {@code -EINTR}
     * from them. connect(2) (EINTR means the connect goes on) and the timed waits (which go on
     * with the time left) are not linked this way: they handle EINTR themselves.
     */
    static MethodHandle restartingHandle(String name, FunctionDescriptor fd, Linker.Option... more) {
        return kernelConvention(capturing(symbol(name), fd, more), true);
    }

    /** Like {@link #errnoHandle} but absent when libc lacks the symbol (probed once). */
    static Optional<MethodHandle> optionalErrnoHandle(String name, FunctionDescriptor fd) {
        return find(name).map(symbol -> kernelConvention(capturing(symbol, fd), false));
    }

    /** A handle to a libc function that cannot fail. */
    static MethodHandle handle(String name, FunctionDescriptor fd) {
        return link(symbol(name), fd);
    }

    private static MemorySegment symbol(String name) {
        return find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
    }

    private static MethodHandle capturing(MemorySegment symbol, FunctionDescriptor fd, Linker.Option... more) {
        Linker.Option[] options = new Linker.Option[more.length + 1];
        options[0] = ERRNO;
        System.arraycopy(more, 0, options, 1, more.length);
        return link(symbol, fd, options);
    }

    /**
     * {@code (MemorySegment state, A...) -> R}, a capturing downcall, as {@code (A...) -> R}
     * returning the result or {@code -errno}, restarted on EINTR when {@code restart}: what
     * every call of this package would otherwise write around each downcall, written once.
     * Combinators of constant handles: the JIT inlines them like the code they replace.
     */
    static MethodHandle kernelConvention(MethodHandle call, boolean restart) {
        Class<?> r = call.type().returnType();
        if (r != int.class && r != long.class) {
            throw new IllegalArgumentException("an errno handle returns int or long, not " + r);
        }
        MethodType type = call.type();
        int arity = type.parameterCount();
        // result(call(state, a...), state): the result, or -errno read from the same state.
        MethodHandle withState = MethodHandles.collectArguments(r == int.class ? INT_RESULT : LONG_RESULT, 0, call);
        int[] reorder = new int[arity + 1];
        for (int i = 0; i < arity; i++) {
            reorder[i] = i;
        }
        reorder[arity] = 0;   // the state argument, passed to both
        MethodHandle converted = MethodHandles.permuteArguments(withState, type, reorder);
        if (restart) {
            // do { v = converted(state, a...) } while (v == -EINTR)
            MethodHandle body = MethodHandles.dropArguments(converted, 0, r);
            MethodHandle again = MethodHandles.dropArguments(r == int.class ? INT_INTERRUPTED : LONG_INTERRUPTED,
                    1, type.parameterList());
            converted = MethodHandles.doWhileLoop(null, body, again);
        }
        return MethodHandles.foldArguments(converted, STATE);
    }

    private static int result(int r, MemorySegment state) {
        return r < 0 ? negErrno(state) : r;
    }

    private static long result(long r, MemorySegment state) {
        return r < 0 ? negErrno(state) : r;
    }

    private static boolean interrupted(int r) {
        return r == -Errno.EINTR;
    }

    private static boolean interrupted(long r) {
        return r == -Errno.EINTR;
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
