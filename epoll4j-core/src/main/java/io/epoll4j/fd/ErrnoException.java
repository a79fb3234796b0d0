package io.epoll4j.fd;

import io.epoll4j.sys.Errno;

import java.io.IOException;

/**
 * A system call failed: carries the call, the errno number, its symbolic name and the C
 * library's text.
 *
 * {@snippet :
 * try {
 *     epoll.add(fd, EpollFlags.EPOLLIN, 0L);
 * } catch (ErrnoException e) {
 *     if (e.errno() == ErrnoException.EEXIST) {
 *         // already registered: modify instead
 *     }
 *     System.err.println(e.getMessage()); // epoll_ctl(ADD, fd 7): EEXIST (File exists)
 * }
 * }
 *
 * <p>{@code EAGAIN} is never thrown as this exception: the calls that can meet it report it as
 * a return value.
 */
public class ErrnoException extends IOException {
    /** Operation not permitted (epoll_ctl on a regular file, among others). */
    public static final int EPERM = Errno.EPERM;
    /** No such file or directory (epoll_ctl MOD or DEL of an fd not registered). */
    public static final int ENOENT = Errno.ENOENT;
    /** Bad file descriptor. */
    public static final int EBADF = Errno.EBADF;
    /** Would block; epoll4j returns it as a value, never throws it. */
    public static final int EAGAIN = Errno.EAGAIN;
    /** Out of kernel memory. */
    public static final int ENOMEM = Errno.ENOMEM;
    /** Already exists (epoll_ctl ADD of an fd already registered). */
    public static final int EEXIST = Errno.EEXIST;
    /** Invalid argument. */
    public static final int EINVAL = Errno.EINVAL;
    /** This process has as many fds open as RLIMIT_NOFILE allows. */
    public static final int EMFILE = Errno.EMFILE;
    /** The system-wide limit on open files was reached. */
    public static final int ENFILE = Errno.ENFILE;
    /** No space left (epoll: max_user_watches reached; inotify: max_user_watches). */
    public static final int ENOSPC = Errno.ENOSPC;
    /** Too many levels of symbolic links, or a symbolic link opened with O_NOFOLLOW. */
    public static final int ELOOP = Errno.ELOOP;
    /** The kernel has no such system call. */
    public static final int ENOSYS = Errno.ENOSYS;
    /** Broken pipe: the peer is gone. */
    public static final int EPIPE = Errno.EPIPE;
    /** Not a socket. */
    public static final int ENOTSOCK = Errno.ENOTSOCK;
    /** A datagram too large to send at once. */
    public static final int EMSGSIZE = Errno.EMSGSIZE;
    /** The protocol has no such option. */
    public static final int ENOPROTOOPT = Errno.ENOPROTOOPT;
    /** The operation is not supported on this socket. */
    public static final int EOPNOTSUPP = Errno.EOPNOTSUPP;
    /** The address family is not supported (IPv6 disabled, say). */
    public static final int EAFNOSUPPORT = Errno.EAFNOSUPPORT;
    /** The address is already in use: another socket listens on that port. */
    public static final int EADDRINUSE = Errno.EADDRINUSE;
    /** The address is not one of this machine's. */
    public static final int EADDRNOTAVAIL = Errno.EADDRNOTAVAIL;
    /** The network is unreachable. */
    public static final int ENETUNREACH = Errno.ENETUNREACH;
    /** A connection was aborted before accept(2) took it. */
    public static final int ECONNABORTED = Errno.ECONNABORTED;
    /** Connection reset by the peer. */
    public static final int ECONNRESET = Errno.ECONNRESET;
    /** No buffer space available. */
    public static final int ENOBUFS = Errno.ENOBUFS;
    /** The socket is already connected. */
    public static final int EISCONN = Errno.EISCONN;
    /** The socket is not connected. */
    public static final int ENOTCONN = Errno.ENOTCONN;
    /** The connection timed out. */
    public static final int ETIMEDOUT = Errno.ETIMEDOUT;
    /** Connection refused: nothing listens there. */
    public static final int ECONNREFUSED = Errno.ECONNREFUSED;
    /** No route to the host. */
    public static final int EHOSTUNREACH = Errno.EHOSTUNREACH;
    /** A connect is already in progress. */
    public static final int EALREADY = Errno.EALREADY;
    /** A non-blocking connect has begun: it finishes when the socket turns writable. */
    public static final int EINPROGRESS = Errno.EINPROGRESS;

    private static final long serialVersionUID = 1L;

    /** The call that failed, with its arguments, as the message names it. */
    private final String syscall;
    /** The errno the call returned. */
    private final int errno;

    /** A failure of {@code syscall} with {@code errno}; the message adds the errno's name and text. */
    public ErrnoException(String syscall, int errno) {
        super(syscall + ": " + Errno.name(errno) + " (" + Errno.text(errno) + ")");
        this.syscall = syscall;
        this.errno = errno;
    }

    /**
     * Throws for a {@code -errno} result, returns any other result unchanged.
     *
     * @param what the call and its arguments as the message should show them
     */
    public static int check(int result, String what) throws ErrnoException {
        if (result < 0) {
            throw new ErrnoException(what, -result);
        }
        return result;
    }

    /** {@link #check(int, String)} for calls returning {@code ssize_t}. */
    public static long check(long result, String what) throws ErrnoException {
        if (result < 0) {
            throw new ErrnoException(what, (int) -result);
        }
        return result;
    }

    /** The call that failed, with the arguments that identify it, such as {@code "epoll_ctl(ADD, fd 7)"}. */
    public String syscall() {
        return syscall;
    }

    /** The errno number. */
    public int errno() {
        return errno;
    }

    /** The symbolic name, such as {@code "EEXIST"}. */
    public String errnoName() {
        return Errno.name(errno);
    }

    /** The C library's text, such as {@code "File exists"}. */
    public String strerror() {
        return Errno.text(errno);
    }
}
