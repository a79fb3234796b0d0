package io.epoll4j.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The socket calls of sys/socket.h and sys/sendfile.h: socket, socketpair, bind, listen,
 * accept4, connect, getsockname, getpeername, getsockopt, setsockopt, shutdown, send, recv,
 * sendto, recvfrom, sendmsg and sendfile. Each returns its result, or {@code -errno}.
 *
 * <p>The constants are the generic Linux values (x86-64 and aarch64 share them; only alpha,
 * mips, parisc and sparc differ, and epoll4j does not run there).
 *
 * <p>Struct arguments that only live for one call (socklen_t, option values, msghdr) go in a
 * scratch area owned by the calling thread, so no call allocates.
 */
public final class SocketCalls {
    public static final int SOCK_STREAM = 1;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_NONBLOCK = Unistd.O_NONBLOCK;
    public static final int SOCK_CLOEXEC = Unistd.O_CLOEXEC;

    public static final int SOL_SOCKET = 1;
    public static final int IPPROTO_TCP = 6;
    public static final int IPPROTO_IPV6 = 41;

    public static final int SO_REUSEADDR = 2;
    public static final int SO_ERROR = 4;
    public static final int SO_SNDBUF = 7;
    public static final int SO_RCVBUF = 8;
    public static final int SO_KEEPALIVE = 9;
    public static final int SO_LINGER = 13;
    public static final int SO_REUSEPORT = 15;
    public static final int SO_BUSY_POLL = 46;
    public static final int TCP_NODELAY = 1;
    public static final int TCP_KEEPIDLE = 4;
    public static final int TCP_KEEPINTVL = 5;
    public static final int TCP_KEEPCNT = 6;
    public static final int TCP_QUICKACK = 12;
    public static final int TCP_FASTOPEN = 23;
    public static final int IPV6_V6ONLY = 26;

    public static final int SHUT_RD = 0;
    public static final int SHUT_WR = 1;
    public static final int SHUT_RDWR = 2;

    public static final int MSG_PEEK = 0x2;
    public static final int MSG_DONTWAIT = 0x40;
    /** Do not raise SIGPIPE when the peer is gone: fail with EPIPE instead (send(2)). */
    public static final int MSG_NOSIGNAL = 0x4000;

    /** {@code SOMAXCONN}: the kernel caps a larger backlog at net.core.somaxconn. */
    public static final int SOMAXCONN = 4096;

    /** How many buffers one {@link #sendmsg} or readv takes from the scratch iovec array. */
    public static final int IOV_BATCH = 64;

    private static final MethodHandle SOCKET = Native.errnoHandle("socket",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle SOCKETPAIR = Native.errnoHandle("socketpair",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle BIND = Native.errnoHandle("bind",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle LISTEN = Native.errnoHandle("listen",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle ACCEPT4 = Native.errnoHandle("accept4",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    private static final MethodHandle CONNECT = Native.errnoHandle("connect",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle GETSOCKNAME = Native.errnoHandle("getsockname",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle GETPEERNAME = Native.errnoHandle("getpeername",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle GETSOCKOPT = Native.errnoHandle("getsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle SETSOCKOPT = Native.errnoHandle("setsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SHUTDOWN = Native.errnoHandle("shutdown",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle SEND = Native.errnoHandle("send",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle RECV = Native.errnoHandle("recv",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle SENDTO = Native.errnoHandle("sendto",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle RECVFROM = Native.errnoHandle("recvfrom",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle SENDMSG = Native.errnoHandle("sendmsg",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SENDFILE = Native.errnoHandle("sendfile",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG));

    /**
     * Per thread, sliced once so that calls allocate nothing: a sockaddr_storage, a socklen_t
     * (or off_t), an option value, a msghdr and an iovec array.
     */
    private record Scratch(MemorySegment addr, MemorySegment len, MemorySegment opt, MemorySegment msghdr,
                           MemorySegment iov) {
        static Scratch create() {
            MemorySegment all = Arena.ofAuto().allocate(SockAddr.STORAGE_SIZE + 8 + 8 + 64
                    + IOV_BATCH * IoVec.SIZE, 16);
            long at = 0;
            MemorySegment addr = all.asSlice(at, SockAddr.STORAGE_SIZE);
            MemorySegment len = all.asSlice(at += SockAddr.STORAGE_SIZE, 8);
            MemorySegment opt = all.asSlice(at += 8, 8);
            MemorySegment msghdr = all.asSlice(at += 8, 56);
            MemorySegment iov = all.asSlice(at + 64, IOV_BATCH * IoVec.SIZE);
            return new Scratch(addr, len, opt, msghdr, iov);
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::create);

    private SocketCalls() {}

    /**
     * The calling thread's {@code sockaddr_storage} scratch (128 bytes): encode an address here
     * with {@link SockAddr}, then pass it to one call. Valid until this thread's next socket call.
     */
    public static MemorySegment addressScratch() {
        return SCRATCH.get().addr();
    }

    /** The calling thread's scratch {@code struct iovec} array of {@link #IOV_BATCH} elements. */
    public static MemorySegment iovScratch() {
        return SCRATCH.get().iov();
    }

    public static int socket(int domain, int type, int protocol) {
        MemorySegment st = Native.state();
        try {
            int r = (int) SOCKET.invokeExact(st, domain, type, protocol);
            return r < 0 ? Native.negErrno(st) : r;
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    /** socketpair(2): returns 0 and the two ends in {@code fds}, or -errno. */
    public static int socketpair(int domain, int type, int protocol, int[] fds) {
        MemorySegment st = Native.state();
        MemorySegment pair = SCRATCH.get().opt();
        try {
            int r = (int) SOCKETPAIR.invokeExact(st, domain, type, protocol, pair);
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

    public static int bind(int fd, MemorySegment addr, int addrLen) {
        MemorySegment st = Native.state();
        try {
            int r = (int) BIND.invokeExact(st, fd, addr, addrLen);
            return r < 0 ? Native.negErrno(st) : r;
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    public static int listen(int fd, int backlog) {
        MemorySegment st = Native.state();
        try {
            int r = (int) LISTEN.invokeExact(st, fd, backlog);
            return r < 0 ? Native.negErrno(st) : r;
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    /** accept4(2) without asking for the peer's address (NULL, NULL): the new fd or -errno. */
    public static int accept4(int fd, int flags) {
        MemorySegment st = Native.state();
        try {
            int r = (int) ACCEPT4.invokeExact(st, fd, MemorySegment.NULL, MemorySegment.NULL, flags);
            return r < 0 ? Native.negErrno(st) : r;
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    public static int connect(int fd, MemorySegment addr, int addrLen) {
        MemorySegment st = Native.state();
        try {
            int r = (int) CONNECT.invokeExact(st, fd, addr, addrLen);
            return r < 0 ? Native.negErrno(st) : r;
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    /** getsockname(2) into {@link #addressScratch()}: the address length, or -errno. */
    public static int getsockname(int fd) {
        return name(GETSOCKNAME, fd);
    }

    /** getpeername(2) into {@link #addressScratch()}: the address length, or -errno (ENOTCONN). */
    public static int getpeername(int fd) {
        return name(GETPEERNAME, fd);
    }

    private static int name(MethodHandle call, int fd) {
        MemorySegment st = Native.state();
        Scratch scratch = SCRATCH.get();
        scratch.len().set(JAVA_INT, 0, SockAddr.STORAGE_SIZE);
        try {
            int r = (int) call.invokeExact(st, fd, scratch.addr(),
                    scratch.len());
            return r < 0 ? Native.negErrno(st) : scratch.len().get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    /**
     * getsockopt(2) of an {@code int} option: its value as a non-negative long (the int's 32 bits,
     * unsigned), or -errno.
     */
    public static long getsockoptInt(int fd, int level, int name) {
        MemorySegment st = Native.state();
        Scratch scratch = SCRATCH.get();
        scratch.len().set(JAVA_INT, 0, 4);
        scratch.opt().set(JAVA_INT, 0, 0);
        try {
            int r = (int) GETSOCKOPT.invokeExact(st, fd, level, name, scratch.opt(),
                    scratch.len());
            return r < 0 ? Native.negErrno(st) : Integer.toUnsignedLong(scratch.opt().get(JAVA_INT, 0));
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    /**
     * getsockopt(SO_LINGER): {@code struct linger { int l_onoff; int l_linger; }} packed as
     * {@code l_onoff << 32 | l_linger} (non-negative), or -errno.
     */
    public static long getsockoptLinger(int fd) {
        MemorySegment st = Native.state();
        Scratch scratch = SCRATCH.get();
        scratch.len().set(JAVA_INT, 0, 8);
        try {
            int r = (int) GETSOCKOPT.invokeExact(st, fd, SOL_SOCKET, SO_LINGER, scratch.opt(),
                    scratch.len());
            if (r < 0) {
                return Native.negErrno(st);
            }
            long onoff = scratch.opt().get(JAVA_INT, 0) != 0 ? 1 : 0;
            return onoff << 32 | Integer.toUnsignedLong(scratch.opt().get(JAVA_INT, 4));
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    public static int setsockoptInt(int fd, int level, int name, int value) {
        MemorySegment st = Native.state();
        MemorySegment opt = SCRATCH.get().opt();
        opt.set(JAVA_INT, 0, value);
        try {
            int r = (int) SETSOCKOPT.invokeExact(st, fd, level, name, opt, 4);
            return r < 0 ? Native.negErrno(st) : r;
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    /** setsockopt(SO_LINGER) with {@code struct linger}. */
    public static int setsockoptLinger(int fd, boolean on, int seconds) {
        MemorySegment st = Native.state();
        MemorySegment opt = SCRATCH.get().opt();
        opt.set(JAVA_INT, 0, on ? 1 : 0);
        opt.set(JAVA_INT, 4, seconds);
        try {
            int r = (int) SETSOCKOPT.invokeExact(st, fd, SOL_SOCKET, SO_LINGER, opt, 8);
            return r < 0 ? Native.negErrno(st) : r;
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    public static int shutdown(int fd, int how) {
        MemorySegment st = Native.state();
        try {
            int r = (int) SHUTDOWN.invokeExact(st, fd, how);
            return r < 0 ? Native.negErrno(st) : r;
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    public static long send(int fd, MemorySegment buf, long len, int flags) {
        MemorySegment st = Native.state();
        try {
            long r = (long) SEND.invokeExact(st, fd, buf, len, flags);
            return r < 0 ? Native.negErrno(st) : r;
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    public static long recv(int fd, MemorySegment buf, long len, int flags) {
        MemorySegment st = Native.state();
        try {
            long r = (long) RECV.invokeExact(st, fd, buf, len, flags);
            return r < 0 ? Native.negErrno(st) : r;
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    public static long sendto(int fd, MemorySegment buf, long len, int flags, MemorySegment addr, int addrLen) {
        MemorySegment st = Native.state();
        try {
            long r = (long) SENDTO.invokeExact(st, fd, buf, len, flags, addr, addrLen);
            return r < 0 ? Native.negErrno(st) : r;
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    /** recvfrom(2) with the sender's address into {@link #addressScratch()}: bytes or -errno. */
    public static long recvfrom(int fd, MemorySegment buf, long len, int flags) {
        MemorySegment st = Native.state();
        Scratch scratch = SCRATCH.get();
        scratch.len().set(JAVA_INT, 0, SockAddr.STORAGE_SIZE);
        try {
            long r = (long) RECVFROM.invokeExact(st, fd, buf, len, flags,
                    scratch.addr(), scratch.len());
            return r < 0 ? Native.negErrno(st) : r;
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    /**
     * sendmsg(2) of {@code iovcnt} elements of the {@code iov} array, no address, no control
     * data: the gathering write that, unlike writev(2), takes {@link #MSG_NOSIGNAL}.
     *
     * <pre>
     * struct msghdr { void *msg_name; socklen_t msg_namelen; struct iovec *msg_iov;
     *                 size_t msg_iovlen; void *msg_control; size_t msg_controllen; int msg_flags; };
     * </pre>
     */
    public static long sendmsg(int fd, MemorySegment iov, int iovcnt, int flags) {
        MemorySegment st = Native.state();
        MemorySegment msg = SCRATCH.get().msghdr();
        msg.fill((byte) 0);
        msg.set(ADDRESS, 16, iov);
        msg.set(JAVA_LONG, 24, iovcnt);
        try {
            long r = (long) SENDMSG.invokeExact(st, fd, msg, flags);
            return r < 0 ? Native.negErrno(st) : r;
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    /**
     * sendfile(2) of up to {@code count} bytes of {@code inFd} from {@code offset} to
     * {@code outFd}; the file offset of {@code inFd} is left alone. Bytes sent or -errno.
     */
    public static long sendfile(int outFd, int inFd, long offset, long count) {
        MemorySegment st = Native.state();
        MemorySegment off = SCRATCH.get().len();
        off.set(JAVA_LONG, 0, offset);
        try {
            long r = (long) SENDFILE.invokeExact(st, outFd, inFd, off, count);
            return r < 0 ? Native.negErrno(st) : r;
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }
}
