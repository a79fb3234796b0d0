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
    private static final MethodHandle READ = Native.restartingHandle("read",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle WRITE = Native.restartingHandle("write",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle READV = Native.restartingHandle("readv",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle WRITEV = Native.restartingHandle("writev",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle DUP = Native.errnoHandle("dup",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle PIPE2 = Native.errnoHandle("pipe2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    // fcntl and open are variadic in C; the third argument is passed as one variadic int.
    private static final MethodHandle FCNTL = Native.errnoHandle("fcntl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT),
            java.lang.foreign.Linker.Option.firstVariadicArg(2));
    private static final MethodHandle OPEN = Native.restartingHandle("open",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
            java.lang.foreign.Linker.Option.firstVariadicArg(2));

    private Unistd() {}

    public static int close(int fd) {
        try {
            return (int) CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    /** read(2) into {@code dst}; bytes read, 0 at end of file, or -errno. */
    public static long read(int fd, MemorySegment dst, long count) {
        try {
            return (long) READ.invokeExact(fd, dst, count);
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    /** write(2) from {@code src}; bytes written or -errno. */
    public static long write(int fd, MemorySegment src, long count) {
        try {
            return (long) WRITE.invokeExact(fd, src, count);
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    /** readv(2) over an array of {@code struct iovec} (see {@link IoVec}). */
    public static long readv(int fd, MemorySegment iov, int iovcnt) {
        try {
            return (long) READV.invokeExact(fd, iov, iovcnt);
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    /** writev(2) over an array of {@code struct iovec} (see {@link IoVec}). */
    public static long writev(int fd, MemorySegment iov, int iovcnt) {
        try {
            return (long) WRITEV.invokeExact(fd, iov, iovcnt);
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    public static int dup(int fd) {
        try {
            return (int) DUP.invokeExact(fd);
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    /** pipe2(2): returns 0 and writes the read end to {@code fds[0]}, the write end to {@code fds[1]}. */
    public static int pipe2(int[] fds, int flags) {
        MemorySegment pair = Native.thread().opt;
        try {
            return fdPair((int) PIPE2.invokeExact(pair, flags), pair, fds);
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    /**
     * What pipe2(2) and socketpair(2) answer: {@code r} (-errno) when they failed, else 0, with
     * the two fds they wrote to {@code pair} copied to {@code fds}.
     */
    static int fdPair(int r, MemorySegment pair, int[] fds) {
        if (r < 0) {
            return r;
        }
        fds[0] = pair.getAtIndex(JAVA_INT, 0);
        fds[1] = pair.getAtIndex(JAVA_INT, 1);
        return 0;
    }

    public static int fcntl(int fd, int cmd, int arg) {
        try {
            return (int) FCNTL.invokeExact(fd, cmd, arg);
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    /** open(2) of a path; a new fd or -errno (EINTR, from a slow device, restarted: nothing was opened). */
    public static int open(String path, int flags, int mode) {
        try (Arena arena = Arena.ofConfined()) {
            return (int) OPEN.invokeExact(arena.allocateFrom(path), flags, mode);
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }
}
