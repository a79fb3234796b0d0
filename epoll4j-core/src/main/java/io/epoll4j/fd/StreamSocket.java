package io.epoll4j.fd;

import io.epoll4j.sys.Errno;
import io.epoll4j.sys.IoVec;
import io.epoll4j.sys.SocketCalls;
import io.epoll4j.sys.Unistd;

import java.lang.foreign.MemorySegment;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A connected stream socket, TCP or Unix: non-blocking reads and writes on native memory,
 * gathering and scattering, sendfile, half-close and non-blocking connect.
 *
 * {@snippet :
 * try (TcpStream stream = TcpStream.connect(new InetSocketAddress("127.0.0.1", port));
 *      Arena arena = Arena.ofConfined()) {
 *     poller.register(stream, 1L, Interest.WRITABLE, Trigger.LEVEL);
 *     // ... after EPOLLOUT for token 1:
 *     stream.finishConnect();                        // throws ErrnoException ECONNREFUSED, ...
 *     stream.write(arena.allocateFrom("ping\n", StandardCharsets.US_ASCII).asSlice(0, 5));
 *     MemorySegment buf = arena.allocate(4096);
 *     long n = stream.read(buf);                     // > 0 bytes, 0 would block, -1 end of stream
 * }
 * }
 *
 * <h2>Conventions</h2>
 * Like {@link OwnedFd}: a read returns the bytes read, {@code 0} when it would block
 * ({@code EAGAIN}) and {@code -1} at end of stream; a write returns the bytes written, which
 * may be fewer than offered, and {@code 0} when it would block. Every other failure is an
 * {@link ErrnoException} naming the call, the fd and the peer: {@code ECONNRESET},
 * {@code EPIPE}, {@code ETIMEDOUT}.
 *
 * <h2>No SIGPIPE</h2>
 * Writes go through send(2) and sendmsg(2) with {@code MSG_NOSIGNAL}, so a write to a peer
 * that has gone fails with {@code EPIPE} instead of raising the signal whose default action
 * kills the process. sendfile(2) has no such flag; the JVM ignores SIGPIPE, so there too the
 * result is {@code EPIPE}.
 *
 * <h2>Memory</h2>
 * Buffers must be native: {@link MemorySegment}s from an {@link java.lang.foreign.Arena}, or
 * direct {@link ByteBuffer}s, read and written in place with no copy through a Java array. A
 * heap segment or buffer is refused with {@link IllegalArgumentException}.
 */
public abstract sealed class StreamSocket extends SocketFd permits TcpStream, UnixStream {
    private volatile SocketAddress remote;
    private volatile boolean connectPending;
    private volatile int connectFailure;

    StreamSocket(int fd) {
        super(fd);
    }

    /**
     * connect(2), non-blocking.
     *
     * @return true if connected at once, false if the connection is in progress: wait for
     *         writability, then call {@link #finishConnect()}
     */
    boolean startConnect(SocketAddress address) throws ErrnoException {
        remote = address;
        int n = acquire();
        try {
            MemorySegment sockaddr = SocketCalls.addressScratch();
            int len = Addresses.encode(address, sockaddr);
            int r = SocketCalls.connect(n, sockaddr, len);
            // connect(2): EINTR leaves the connect going on asynchronously, like EINPROGRESS.
            if (r == -Errno.EINPROGRESS || r == -Errno.EINTR) {
                connectPending = true;
                return false;
            }
            if (r == -Errno.EAGAIN) {
                // unix(7): a Unix stream connect to a listener whose backlog is full.
                throw new ErrnoException("connect(fd " + n + " to " + Addresses.describe(address) + "): backlog full", Errno.EAGAIN);
            }
            ErrnoException.check(r, "connect(fd " + n + " to " + Addresses.describe(address) + ")");
            return true;
        } finally {
            release();
        }
    }

    /**
     * Completes a non-blocking connect once the socket reported writable (or error): reads
     * {@code SO_ERROR}, as connect(2) prescribes for {@code EINPROGRESS}.
     *
     * @return true when connected (also when no connect was pending), false if still in progress
     * @throws ErrnoException the connect's failure, such as ECONNREFUSED, ETIMEDOUT or
     *                        EHOSTUNREACH, with the address in the message; again on every call
     */
    public boolean finishConnect() throws ErrnoException {
        if (connectFailure != 0) {
            throw new ErrnoException("connect(" + Addresses.describe(remote) + ")", connectFailure);
        }
        if (!connectPending) {
            return true;
        }
        int error = pendingError();
        if (error != 0) {
            connectFailure = error;
            connectPending = false;
            throw new ErrnoException("connect(" + Addresses.describe(remote) + ")", error);
        }
        int n = acquire();
        try {
            // SO_ERROR is 0 both on success and while the handshake is still running: ask for the peer.
            int r = SocketCalls.getpeername(n);
            if (r == -Errno.ENOTCONN) {
                return false;
            }
            ErrnoException.check(r, "getpeername(fd " + n + ")");
            connectPending = false;
            return true;
        } finally {
            release();
        }
    }

    /** Whether a non-blocking connect was started and has not been finished. */
    public boolean isConnectPending() {
        return connectPending;
    }

    /** The peer's address (getpeername(2)). */
    public SocketAddress peerAddress() throws ErrnoException {
        int n = acquire();
        try {
            int len = SocketCalls.getpeername(n);
            if (len < 0) {
                throw new ErrnoException("getpeername(fd " + n + ")", -len);
            }
            return Addresses.decode(SocketCalls.addressScratch(), len);
        } finally {
            release();
        }
    }

    /** Reads into {@code dst}: bytes read, {@code 0} if it would block, {@code -1} at end of stream. */
    @Override
    public long read(MemorySegment dst) throws ErrnoException {
        return read(dst, dst.byteSize());
    }

    /**
     * Reads up to {@code length} bytes into the start of {@code dst}, without slicing it
     * (recv(2)): bytes read, {@code 0} if it would block, {@code -1} at end of stream.
     */
    public final long read(MemorySegment dst, long length) throws ErrnoException {
        long want = Math.min(length, dst.byteSize());
        int n = acquire();
        try {
            long r = SocketCalls.recv(n, requireNative(dst), want, 0);
            return streamRead(Syscall.result(r, "recv", this, n), want);
        } finally {
            release();
        }
    }

    /** Writes from {@code src} (send(2), {@code MSG_NOSIGNAL}): bytes written, {@code 0} if it would block. */
    @Override
    public long write(MemorySegment src) throws ErrnoException {
        int n = acquire();
        try {
            long r = SocketCalls.send(n, requireNative(src), src.byteSize(), SocketCalls.MSG_NOSIGNAL);
            return streamWrite(Syscall.result(r, "send", this, n));
        } finally {
            release();
        }
    }

    /**
     * Writes the first {@code length} bytes of {@code src}, without slicing it (send(2),
     * {@code MSG_NOSIGNAL}): bytes written, {@code 0} if it would block. One buffer needs no
     * {@code msghdr}, so the kernel copies no iovec in: cheaper than a batch of one.
     */
    public final long write(MemorySegment src, long length) throws ErrnoException {
        Objects.checkIndex(length, src.byteSize() + 1);
        int n = acquire();
        try {
            long r = SocketCalls.send(n, requireNative(src), length, SocketCalls.MSG_NOSIGNAL);
            return streamWrite(Syscall.result(r, "send", this, n));
        } finally {
            release();
        }
    }

    /**
     * Gathering write of the batch's segments in order (sendmsg(2), {@code MSG_NOSIGNAL}, one
     * call): bytes written, possibly fewer than {@link IoVecBatch#byteCount()}; {@code 0} if it
     * would block. The batch is left as it was: clear it, or drop what was written, yourself.
     */
    @Override
    public long write(IoVecBatch batch) throws ErrnoException {
        int n = acquire();
        try {
            long r = SocketCalls.sendmsg(n, batch.msghdr(), SocketCalls.MSG_NOSIGNAL);
            return streamWrite(Syscall.result(r, "sendmsg", this, n));
        } finally {
            release();
        }
    }

    /** Reads into the direct buffer's remaining space and advances its position. */
    public long read(ByteBuffer dst) throws ErrnoException {
        long r = read(MemorySegment.ofBuffer(dst));
        if (r > 0) {
            dst.position(dst.position() + (int) r);
        }
        return r;
    }

    /** Writes the direct buffer's remaining bytes and advances its position by what was written. */
    public long write(ByteBuffer src) throws ErrnoException {
        long r = write(MemorySegment.ofBuffer(src));
        src.position(src.position() + (int) r);
        return r;
    }

    /**
     * Scattering read (readv(2)) into {@code dsts[offset .. offset+length)}, filling each in turn;
     * at most 64 buffers per call (use an {@link IoVecBatch} for more, and for no array).
     *
     * @return bytes read, {@code 0} if it would block, {@code -1} at end of stream
     */
    public long readv(MemorySegment[] dsts, int offset, int length) throws ErrnoException {
        MemorySegment iov = SocketCalls.iovScratch();
        int count = Math.min(length, SocketCalls.IOV_BATCH);
        long room = 0;
        for (int i = 0; i < count; i++) {
            IoVec.set(iov, i, requireNative(dsts[offset + i]));
            room += dsts[offset + i].byteSize();
        }
        int n = acquire();
        try {
            return streamRead(Syscall.result(Unistd.readv(n, iov, count), "readv", this, n), room);
        } finally {
            release();
        }
    }

    /** {@link #readv(MemorySegment[], int, int)} into all of {@code dsts}. */
    public long readv(MemorySegment... dsts) throws ErrnoException {
        return readv(dsts, 0, dsts.length);
    }

    /**
     * Gathering write (sendmsg(2), {@code MSG_NOSIGNAL}) of {@code srcs[offset .. offset+length)}
     * in order; at most 64 buffers per call (use an {@link IoVecBatch} for more, and for no array).
     *
     * @return bytes written, possibly fewer than offered; {@code 0} if it would block
     */
    public long writev(MemorySegment[] srcs, int offset, int length) throws ErrnoException {
        MemorySegment iov = SocketCalls.iovScratch();
        int count = Math.min(length, SocketCalls.IOV_BATCH);
        for (int i = 0; i < count; i++) {
            IoVec.set(iov, i, requireNative(srcs[offset + i]));
        }
        int n = acquire();
        try {
            long r = SocketCalls.sendmsg(n, SocketCalls.msghdrScratch(iov, count), SocketCalls.MSG_NOSIGNAL);
            return streamWrite(Syscall.result(r, "sendmsg", this, n));
        } finally {
            release();
        }
    }

    /** {@link #writev(MemorySegment[], int, int)} of all of {@code srcs}. */
    public long writev(MemorySegment... srcs) throws ErrnoException {
        return writev(srcs, 0, srcs.length);
    }

    /** Scattering read into direct buffers; advances their positions by what each received. */
    public long readv(ByteBuffer... dsts) throws ErrnoException {
        long r = readv(segments(dsts), 0, dsts.length);
        advance(dsts, r);
        return r;
    }

    /** Gathering write from direct buffers; advances their positions by what each gave. */
    public long writev(ByteBuffer... srcs) throws ErrnoException {
        long r = writev(segments(srcs), 0, srcs.length);
        advance(srcs, r);
        return r;
    }

    /**
     * sendfile(2): up to {@code count} bytes of {@code file} from {@code offset} straight to this
     * socket, never through user space; the file's own offset does not move.
     *
     * @return bytes sent (advance the offset by it), {@code 0} if the socket would block,
     *         {@code -1} if {@code offset} is at or past the end of the file
     */
    public long sendfile(OwnedFd file, long offset, long count) throws ErrnoException {
        if (count == 0) {
            return 0;
        }
        int in = file.acquire();
        try {
            int n = acquire();
            try {
                long r = SocketCalls.sendfile(n, in, SocketCalls.offsetScratch(offset), count);
                return streamRead(Syscall.result(r, "sendfile", this, n), count);
            } finally {
                release();
            }
        } finally {
            file.release();
        }
    }

    /** shutdown(SHUT_WR): the peer reads end of stream after what was sent; reading goes on. */
    public void shutdownOutput() throws ErrnoException {
        shutdown(SocketCalls.SHUT_WR, "SHUT_WR");
    }

    /** shutdown(SHUT_RD): further reads return end of stream; writing goes on. */
    public void shutdownInput() throws ErrnoException {
        shutdown(SocketCalls.SHUT_RD, "SHUT_RD");
    }

    /** shutdown(SHUT_RDWR): both directions; the fd stays open until {@link #close()}. */
    public void shutdown() throws ErrnoException {
        shutdown(SocketCalls.SHUT_RDWR, "SHUT_RDWR");
    }

    private void shutdown(int how, String name) throws ErrnoException {
        int n = acquire();
        try {
            int r = SocketCalls.shutdown(n, how);
            if (r < 0) {
                // Named only on failure: describing the socket asks the kernel for its peer.
                throw new ErrnoException("shutdown(" + describe(n) + ", " + name + ")", -r);
            }
        } finally {
            release();
        }
    }

    @Override
    String describe(int n) {
        SocketAddress peer = remote;
        if (peer == null) {
            // Accepted sockets learn their peer only when an error message needs it.
            int r = SocketCalls.getpeername(n);
            if (r >= 0) {
                remote = peer = Addresses.decode(SocketCalls.addressScratch(), r);
            }
        }
        return peer == null ? "fd " + n : "fd " + n + ", peer " + Addresses.describe(peer);
    }

    private static MemorySegment[] segments(ByteBuffer[] buffers) {
        MemorySegment[] segments = new MemorySegment[buffers.length];
        for (int i = 0; i < buffers.length; i++) {
            segments[i] = MemorySegment.ofBuffer(buffers[i]);
        }
        return segments;
    }

    private static void advance(ByteBuffer[] buffers, long bytes) {
        for (int i = 0; i < buffers.length && bytes > 0; i++) {
            int step = (int) Math.min(bytes, buffers[i].remaining());
            buffers[i].position(buffers[i].position() + step);
            bytes -= step;
        }
    }
}
