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
    public static final int EPERM = Errno.EPERM;
    public static final int ENOENT = Errno.ENOENT;
    public static final int EBADF = Errno.EBADF;
    public static final int EAGAIN = Errno.EAGAIN;
    public static final int ENOMEM = Errno.ENOMEM;
    public static final int EEXIST = Errno.EEXIST;
    public static final int EINVAL = Errno.EINVAL;
    public static final int EMFILE = Errno.EMFILE;
    public static final int ENFILE = Errno.ENFILE;
    public static final int ENOSPC = Errno.ENOSPC;
    public static final int ELOOP = Errno.ELOOP;
    public static final int ENOSYS = Errno.ENOSYS;
    public static final int EPIPE = Errno.EPIPE;
    public static final int ENOTSOCK = Errno.ENOTSOCK;
    public static final int EMSGSIZE = Errno.EMSGSIZE;
    public static final int ENOPROTOOPT = Errno.ENOPROTOOPT;
    public static final int EOPNOTSUPP = Errno.EOPNOTSUPP;
    public static final int EAFNOSUPPORT = Errno.EAFNOSUPPORT;
    public static final int EADDRINUSE = Errno.EADDRINUSE;
    public static final int EADDRNOTAVAIL = Errno.EADDRNOTAVAIL;
    public static final int ENETUNREACH = Errno.ENETUNREACH;
    public static final int ECONNABORTED = Errno.ECONNABORTED;
    public static final int ECONNRESET = Errno.ECONNRESET;
    public static final int ENOBUFS = Errno.ENOBUFS;
    public static final int EISCONN = Errno.EISCONN;
    public static final int ENOTCONN = Errno.ENOTCONN;
    public static final int ETIMEDOUT = Errno.ETIMEDOUT;
    public static final int ECONNREFUSED = Errno.ECONNREFUSED;
    public static final int EHOSTUNREACH = Errno.EHOSTUNREACH;
    public static final int EALREADY = Errno.EALREADY;
    public static final int EINPROGRESS = Errno.EINPROGRESS;

    private static final long serialVersionUID = 1L;

    private final String syscall;
    private final int errno;

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
