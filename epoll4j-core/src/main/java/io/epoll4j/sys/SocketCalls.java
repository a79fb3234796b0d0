package io.epoll4j.sys;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The socket calls of sys/socket.h and sys/sendfile.h: socket, socketpair, bind, listen,
 * accept4, connect, getsockname, getpeername, getsockopt, setsockopt, shutdown, send, recv,
 * sendmsg, recvmsg and sendfile (sendto and recvfrom are sendmsg and recvmsg with a name).
 * Each returns its result, or {@code -errno}.
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
    public static final int IPPROTO_IP = 0;
    public static final int IPPROTO_TCP = 6;
    public static final int IPPROTO_IPV6 = 41;

    public static final int SO_REUSEADDR = 2;
    public static final int SO_ERROR = 4;
    public static final int SO_BROADCAST = 6;
    public static final int SO_SNDBUF = 7;
    public static final int SO_RCVBUF = 8;
    public static final int SO_KEEPALIVE = 9;
    public static final int SO_LINGER = 13;
    public static final int SO_REUSEPORT = 15;
    public static final int SO_BUSY_POLL = 46;
    public static final int TCP_NODELAY = 1;
    public static final int TCP_CORK = 3;
    public static final int TCP_KEEPIDLE = 4;
    public static final int TCP_KEEPINTVL = 5;
    public static final int TCP_KEEPCNT = 6;
    public static final int TCP_QUICKACK = 12;
    public static final int TCP_USER_TIMEOUT = 18;
    public static final int TCP_FASTOPEN = 23;
    public static final int TCP_FASTOPEN_CONNECT = 30;
    public static final int IP_TOS = 1;
    public static final int IP_MULTICAST_TTL = 33;
    public static final int IP_MULTICAST_LOOP = 34;
    public static final int IPV6_MULTICAST_HOPS = 18;
    public static final int IPV6_MULTICAST_LOOP = 19;
    public static final int IPV6_V6ONLY = 26;
    public static final int IPV6_TCLASS = 67;

    public static final int SHUT_RD = 0;
    public static final int SHUT_WR = 1;
    public static final int SHUT_RDWR = 2;

    public static final int MSG_PEEK = 0x2;
    public static final int MSG_DONTWAIT = 0x40;
    /** Do not raise SIGPIPE when the peer is gone: fail with EPIPE instead (send(2)). */
    public static final int MSG_NOSIGNAL = 0x4000;

    /** {@code SOMAXCONN}: the kernel caps a larger backlog at net.core.somaxconn. */
    public static final int SOMAXCONN = 4096;

    public static final int MSG_TRUNC = 0x20;

    /** How many buffers one call takes from the thread's scratch iovec array ({@link #iovScratch()}). */
    public static final int IOV_BATCH = ThreadState.IOV_BATCH;

    /** {@code IOV_MAX} (UIO_MAXIOV): the most iovecs one readv, writev or sendmsg takes. */
    public static final int IOV_MAX = 1024;

    private static final MethodHandle SOCKET = Native.errnoHandle("socket",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle SOCKETPAIR = Native.errnoHandle("socketpair",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle BIND = Native.errnoHandle("bind",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle LISTEN = Native.errnoHandle("listen",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle ACCEPT4 = Native.restartingHandle("accept4",
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
    private static final MethodHandle SEND = Native.restartingHandle("send",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle RECV = Native.restartingHandle("recv",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle RECVMSG = Native.restartingHandle("recvmsg",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SENDMSG = Native.restartingHandle("sendmsg",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SENDFILE = Native.restartingHandle("sendfile",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG));

    private SocketCalls() {}

    /**
     * The calling thread's {@code sockaddr_storage} scratch (128 bytes): encode an address here
     * with {@link SockAddr}, then pass it to one call. Valid until this thread's next socket call.
     */
    public static MemorySegment addressScratch() {
        return Native.thread().addr;
    }

    /** The calling thread's scratch {@code struct iovec} array of {@link #IOV_BATCH} elements. */
    public static MemorySegment iovScratch() {
        return Native.thread().iov;
    }

    /**
     * The calling thread's scratch {@code struct msghdr}, set up for one datagram: the name
     * {@code addr} of {@code addrLen} bytes (NULL, 0 for none) and one iovec for {@code length}
     * bytes of {@code buf}. Valid until this thread's next socket call.
     */
    public static MemorySegment datagramScratch(MemorySegment addr, int addrLen, MemorySegment buf, long length) {
        ThreadState t = Native.thread();
        MemorySegment iov = t.iov;
        IoVec.set(iov, 0, buf.address(), length);
        MsgHdr.init(t.msghdr, iov);
        MsgHdr.setIovLen(t.msghdr, 1);
        MsgHdr.setName(t.msghdr, addr, addrLen);
        return t.msghdr;
    }

    /**
     * The calling thread's scratch {@code struct msghdr} over the first {@code count} elements
     * of {@code iov}, no name, no control data. Valid until this thread's next socket call.
     */
    public static MemorySegment msghdrScratch(MemorySegment iov, int count) {
        MemorySegment msg = Native.thread().msghdr;
        MsgHdr.init(msg, iov);
        MsgHdr.setIovLen(msg, count);
        return msg;
    }

    /** The calling thread's scratch {@code off_t}, set to {@code offset}, for {@link #sendfile}. */
    public static MemorySegment offsetScratch(long offset) {
        MemorySegment off = Native.thread().len;
        off.set(JAVA_LONG, 0, offset);
        return off;
    }

    public static int socket(int domain, int type, int protocol) {
        try {
            return (int) SOCKET.invokeExact(domain, type, protocol);
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    /** socketpair(2): returns 0 and the two ends in {@code fds}, or -errno. */
    public static int socketpair(int domain, int type, int protocol, int[] fds) {
        MemorySegment pair = Native.thread().opt;
        try {
            return Unistd.fdPair((int) SOCKETPAIR.invokeExact(domain, type, protocol, pair), pair, fds);
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    public static int bind(int fd, MemorySegment addr, int addrLen) {
        try {
            return (int) BIND.invokeExact(fd, addr, addrLen);
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    public static int listen(int fd, int backlog) {
        try {
            return (int) LISTEN.invokeExact(fd, backlog);
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    /** accept4(2) without asking for the peer's address (NULL, NULL): the new fd or -errno. */
    public static int accept4(int fd, int flags) {
        try {
            return (int) ACCEPT4.invokeExact(fd, MemorySegment.NULL, MemorySegment.NULL, flags);
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    public static int connect(int fd, MemorySegment addr, int addrLen) {
        try {
            return (int) CONNECT.invokeExact(fd, addr, addrLen);
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
        ThreadState scratch = Native.thread();
        scratch.len.set(JAVA_INT, 0, SockAddr.STORAGE_SIZE);
        try {
            int r = (int) call.invokeExact(fd, scratch.addr, scratch.len);
            return r < 0 ? r : scratch.len.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    /**
     * getsockopt(2) of an {@code int} option: its value as a non-negative long (the int's 32 bits,
     * unsigned), or -errno.
     */
    public static long getsockoptInt(int fd, int level, int name) {
        ThreadState scratch = Native.thread();
        scratch.len.set(JAVA_INT, 0, 4);
        scratch.opt.set(JAVA_INT, 0, 0);
        try {
            int r = (int) GETSOCKOPT.invokeExact(fd, level, name, scratch.opt, scratch.len);
            return r < 0 ? r : Integer.toUnsignedLong(scratch.opt.get(JAVA_INT, 0));
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    /**
     * getsockopt(SO_LINGER) into {@code onoffSeconds}: {@code [l_onoff, l_linger]} of
     * {@link Linger}. 0 or -errno.
     */
    public static int getsockoptLinger(int fd, int[] onoffSeconds) {
        ThreadState scratch = Native.thread();
        scratch.len.set(JAVA_INT, 0, Linger.SIZE);
        try {
            int r = (int) GETSOCKOPT.invokeExact(fd, SOL_SOCKET, SO_LINGER, scratch.opt, scratch.len);
            if (r < 0) {
                return r;
            }
            onoffSeconds[0] = Linger.on(scratch.opt) ? 1 : 0;
            onoffSeconds[1] = Linger.seconds(scratch.opt);
            return 0;
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    public static int setsockoptInt(int fd, int level, int name, int value) {
        MemorySegment opt = Native.thread().opt;
        opt.set(JAVA_INT, 0, value);
        try {
            return (int) SETSOCKOPT.invokeExact(fd, level, name, opt, 4);
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    /** setsockopt(SO_LINGER) with {@code struct linger}. */
    public static int setsockoptLinger(int fd, boolean on, int seconds) {
        MemorySegment opt = Native.thread().opt;
        Linger.set(opt, on, seconds);
        try {
            return (int) SETSOCKOPT.invokeExact(fd, SOL_SOCKET, SO_LINGER, opt, Linger.SIZE);
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    public static int shutdown(int fd, int how) {
        try {
            return (int) SHUTDOWN.invokeExact(fd, how);
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    public static long send(int fd, MemorySegment buf, long len, int flags) {
        try {
            return (long) SEND.invokeExact(fd, buf, len, flags);
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    public static long recv(int fd, MemorySegment buf, long len, int flags) {
        try {
            return (long) RECV.invokeExact(fd, buf, len, flags);
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    /** sendmsg(2) of a prepared {@link MsgHdr}: bytes sent or -errno. */
    public static long sendmsg(int fd, MemorySegment msghdr, int flags) {
        try {
            return (long) SENDMSG.invokeExact(fd, msghdr, flags);
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    /** recvmsg(2) into a prepared {@link MsgHdr}: bytes received or -errno. */
    public static long recvmsg(int fd, MemorySegment msghdr, int flags) {
        try {
            return (long) RECVMSG.invokeExact(fd, msghdr, flags);
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    /**
     * sendfile(2) of up to {@code count} bytes of {@code inFd} from {@code *offset} (an
     * {@code off_t}, see {@link #offsetScratch}) to {@code outFd}; the file offset of
     * {@code inFd} is left alone. Bytes sent or -errno.
     */
    public static long sendfile(int outFd, int inFd, MemorySegment off, long count) {
        try {
            return (long) SENDFILE.invokeExact(outFd, inFd, off, count);
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }
}
