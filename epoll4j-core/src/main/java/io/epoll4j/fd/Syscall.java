package io.epoll4j.fd;

import io.epoll4j.sys.Errno;

/**
 * The one place the fd layer turns the result of a non-blocking call into its conventions:
 * {@code EAGAIN} becomes {@link #WOULD_BLOCK}, any other errno an {@link ErrnoException}.
 *
 * {@snippet :
 * long read(OwnedFd owner, int n, MemorySegment buffer, long length) throws ErrnoException {
 *     long r = Syscall.result(io.epoll4j.sys.SocketCalls.recv(n, buffer, length, 0), "recv", owner, n);
 *     if (r == Syscall.WOULD_BLOCK) {
 *         return 0;   // the public convention of a stream read (see package-info)
 *     }
 *     return r;
 * }
 * }
 *
 * <p>{@code EINTR} never gets here: the sys layer restarts the calls that POSIX says did
 * nothing when interrupted (open, read, write, readv, writev, recv, send, recvmsg, sendmsg,
 * accept4, sendfile) inside their method handles, linked once for that
 * ({@code Native.restartingHandle}), so no call site writes the retry.
 * connect(2), whose EINTR means "in progress", and epoll_wait(2), which is retried with the
 * time left ({@link Epoll#waitNanos}), handle it where they are called.
 */
final class Syscall {
    /** What {@link #result} returns for EAGAIN; every successful result is {@code >= 0}. */
    static final long WOULD_BLOCK = -1;

    private Syscall() {}

    /**
     * A result {@code >= 0} as it is, {@code -EAGAIN} as {@link #WOULD_BLOCK}; any other
     * {@code -errno} is thrown as an {@link ErrnoException} naming {@code call} and the
     * descriptor as {@code owner} describes it.
     */
    static long result(long r, String call, OwnedFd owner, int fd) throws ErrnoException {
        if (r >= 0) {
            return r;
        }
        if (r == -Errno.EAGAIN) {
            return WOULD_BLOCK;
        }
        throw owner.failure(call, fd, (int) -r);
    }
}
