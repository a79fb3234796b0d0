package io.epoll4j.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The generic fd calls of unistd.h and fcntl.h: close, read, write, readv, writev, dup, pipe2,
 * fcntl, open. Each returns its result, or {@code -errno} on failure, as the kernel does.
 */
public final class Unistd {
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_RDWR = 2;
    public static final int O_CREAT = 0100;
    public static final int O_NONBLOCK = 04000;
    // asm-generic (x86-64) and arm64 disagree on these two.
    private static final boolean ARM64 = System.getProperty("os.arch").equals("aarch64");
    public static final int O_DIRECTORY = ARM64 ? 040000 : 0200000;
    public static final int O_NOFOLLOW = ARM64 ? 0100000 : 0400000;
    public static final int O_CLOEXEC = 02000000;
    public static final int F_GETFD = 1;
    public static final int F_GETFL = 3;
    public static final int F_SETFL = 4;
    public static final int FD_CLOEXEC = 1;

    private static final MethodHandle CLOSE = Native.errnoHandle("close",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle READ = Native.errnoHandle("read",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle WRITE = Native.errnoHandle("write",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle READV = Native.errnoHandle("readv",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle WRITEV = Native.errnoHandle("writev",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle DUP = Native.errnoHandle("dup",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle PIPE2 = Native.errnoHandle("pipe2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    // fcntl and open are variadic in C; the third argument is passed as one variadic int.
    private static final MethodHandle FCNTL = Native.errnoHandle("fcntl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT),
            java.lang.foreign.Linker.Option.firstVariadicArg(2));
    private static final MethodHandle OPEN = Native.errnoHandle("open",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
            java.lang.foreign.Linker.Option.firstVariadicArg(2));

    private Unistd() {}

    public static int close(int fd) {
        MemorySegment st = Native.state();
        try {
            int r = (int) CLOSE.invokeExact(st, fd);
            return r < 0 ? Native.negErrno(st) : r;
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    /** read(2) into {@code dst}; bytes read, 0 at end of file, or -errno. */
    public static long read(int fd, MemorySegment dst, long count) {
        MemorySegment st = Native.state();
        try {
            long r = (long) READ.invokeExact(st, fd, dst, count);
            // EINTR: the call did nothing; make it again (a cold call, so the hot path stays small).
            return r >= 0 ? r : Native.interrupted(st) ? read(fd, dst, count) : Native.negErrno(st);
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    /** write(2) from {@code src}; bytes written or -errno. */
    public static long write(int fd, MemorySegment src, long count) {
        MemorySegment st = Native.state();
        try {
            long r = (long) WRITE.invokeExact(st, fd, src, count);
            // EINTR: the call did nothing; make it again (a cold call, so the hot path stays small).
            return r >= 0 ? r : Native.interrupted(st) ? write(fd, src, count) : Native.negErrno(st);
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    /** readv(2) over an array of {@code struct iovec} (see {@link IoVec}). */
    public static long readv(int fd, MemorySegment iov, int iovcnt) {
        MemorySegment st = Native.state();
        try {
            long r = (long) READV.invokeExact(st, fd, iov, iovcnt);
            // EINTR: the call did nothing; make it again (a cold call, so the hot path stays small).
            return r >= 0 ? r : Native.interrupted(st) ? readv(fd, iov, iovcnt) : Native.negErrno(st);
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    /** writev(2) over an array of {@code struct iovec} (see {@link IoVec}). */
    public static long writev(int fd, MemorySegment iov, int iovcnt) {
        MemorySegment st = Native.state();
        try {
            long r = (long) WRITEV.invokeExact(st, fd, iov, iovcnt);
            // EINTR: the call did nothing; make it again (a cold call, so the hot path stays small).
            return r >= 0 ? r : Native.interrupted(st) ? writev(fd, iov, iovcnt) : Native.negErrno(st);
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    public static int dup(int fd) {
        MemorySegment st = Native.state();
        try {
            int r = (int) DUP.invokeExact(st, fd);
            return r < 0 ? Native.negErrno(st) : r;
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    /** pipe2(2): returns 0 and writes the read end to {@code fds[0]}, the write end to {@code fds[1]}. */
    public static int pipe2(int[] fds, int flags) {
        MemorySegment st = Native.state();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pair = arena.allocate(JAVA_INT, 2);
            int r = (int) PIPE2.invokeExact(st, pair, flags);
            if (r < 0) {
                return Native.negErrno(st);
            }
            fds[0] = pair.getAtIndex(JAVA_INT, 0);
            fds[1] = pair.getAtIndex(JAVA_INT, 1);
            return 0;
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    public static int fcntl(int fd, int cmd, int arg) {
        MemorySegment st = Native.state();
        try {
            int r = (int) FCNTL.invokeExact(st, fd, cmd, arg);
            return r < 0 ? Native.negErrno(st) : r;
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    /** open(2) of a path; a new fd or -errno. */
    public static int open(String path, int flags, int mode) {
        MemorySegment st = Native.state();
        try (Arena arena = Arena.ofConfined()) {
            int r = (int) OPEN.invokeExact(st, arena.allocateFrom(path), flags, mode);
            return r < 0 ? Native.negErrno(st) : r;
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }
}
