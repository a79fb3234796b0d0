package io.epoll4j.sys;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * An errno handle answers as the kernel does (its result, or -errno read from the capture
 * segment the downcall wrote), and a restarting one makes the call again while it fails with
 * EINTR, and only then. The downcall is stood in for by a method that fails as libc does (-1
 * and errno in the capture segment), so that an EINTR comes exactly when the test says.
 */
class ErrnoHandleTest {
    private static final VarHandle ERRNO = Native.CAPTURE.varHandle(groupElement("errno"));

    /** Fails with {@link #errnos} in turn, then returns its argument; counts its calls. */
    static int[] errnos = {};
    static int calls;

    static int fake(MemorySegment state, int value) {
        if (calls++ < errnos.length) {
            ERRNO.set(state, 0L, errnos[calls - 1]);
            return -1;
        }
        return value;
    }

    static long fakeLong(MemorySegment state, long value) {
        return fake(state, (int) value);
    }

    private static MethodHandle fake(String name, Class<?> type, boolean restart, int... failures)
            throws ReflectiveOperationException {
        errnos = failures;
        calls = 0;
        MethodHandle call = MethodHandles.lookup().findStatic(ErrnoHandleTest.class, name,
                MethodType.methodType(type, MemorySegment.class, type));
        return Native.kernelConvention(call, restart);
    }

    @Test
    void aFailedCallAnswersMinusItsErrno() throws Throwable {
        MethodHandle h = fake("fake", int.class, false, Errno.EBADF);
        assertEquals(-Errno.EBADF, (int) h.invokeExact(7));
        assertEquals(1, calls);
        assertEquals(7, (int) h.invokeExact(7), "a call that succeeds answers its result");
    }

    @Test
    void aPlainHandleLeavesEintrToItsCaller() throws Throwable {
        MethodHandle h = fake("fake", int.class, false, Errno.EINTR);
        assertEquals(-Errno.EINTR, (int) h.invokeExact(7));
        assertEquals(1, calls);
    }

    @Test
    void aRestartingHandleMakesTheCallAgainWhileItIsInterrupted() throws Throwable {
        MethodHandle h = fake("fake", int.class, true, Errno.EINTR, Errno.EINTR, Errno.EINTR);
        assertEquals(7, (int) h.invokeExact(7));
        assertEquals(4, calls, "three interrupted calls, then the one that worked");
    }

    @Test
    void aRestartingHandleStopsAtTheFirstOtherError() throws Throwable {
        MethodHandle h = fake("fakeLong", long.class, true, Errno.EINTR, Errno.EAGAIN, Errno.EINTR);
        assertEquals(-Errno.EAGAIN, (long) h.invokeExact(7L));
        assertEquals(2, calls);
    }

    @Test
    void aHandleIsOfIntOrLongResultOnly() throws Throwable {
        MethodHandle shortCall = MethodHandles.dropArguments(MethodHandles.constant(short.class, (short) 0),
                0, MemorySegment.class);
        assertThrows(IllegalArgumentException.class, () -> Native.kernelConvention(shortCall, false));
    }

    @Test
    void realCallsAnswerMinusErrnoAndRestartNothingTheyShouldNot() {
        // The kernel's own answers through linked handles: a bad fd, a missing file.
        assertEquals(-Errno.EBADF, SocketCalls.recv(-1, MemorySegment.NULL, 0, 0));
        assertEquals(-Errno.EBADF, Unistd.close(-1));
        assertEquals(-Errno.ENOENT, Unistd.open(Path.of("/nonexistent-epoll4j").toString(), Unistd.O_RDONLY, 0));
    }
}
