package io.epoll4j.fd;

import io.epoll4j.sys.Errno;
import io.epoll4j.sys.Native;
import io.epoll4j.sys.Unistd;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.util.Arrays;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * A file descriptor this object owns: closed exactly once, and never used after that.
 *
 * {@snippet :
 * try (OwnedFd file = OwnedFd.open(Path.of("/etc/hostname"));
 *      Arena arena = Arena.ofConfined()) {
 *     MemorySegment buf = arena.allocate(256);
 *     long n = file.read(buf);          // -1 at end of file
 *     System.out.println(buf.asSlice(0, n).getString(0));
 * }
 * }
 *
 * <h2>Why use counts</h2>
 * Every call on the descriptor holds a use for its duration. {@link #close()} marks the object
 * closed at once, so any later call throws {@link IllegalStateException}; the number itself is
 * released with {@code close(2)} only when the last call in flight returns. A thread that closes
 * while another is inside a call therefore never lets the kernel hand the number to a new file
 * under the running call, and no call ever reaches a recycled number.
 *
 * <p>Before the number is released, {@linkplain CloseListener close listeners} run: a poller
 * uses one to take the fd out of its interest list first, so that a dup of the fd does not keep
 * delivering events for a registration that no longer exists.
 */
public class OwnedFd implements AutoCloseable {
    private static final long CLOSED = 1L << 62;
    private static final long USES = CLOSED - 1;
    private static final VarHandle STATE;
    private static final VarHandle LISTENERS;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(OwnedFd.class, "state", long.class);
            LISTENERS = lookup.findVarHandle(OwnedFd.class, "listeners", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Told when an {@link OwnedFd} is closing, before the number is released. */
    @FunctionalInterface
    public interface CloseListener {
        /** Called once, on the closing thread; {@code fd} is still open during the call. */
        void closing(int fd);
    }

    private final int fd;
    @SuppressWarnings("unused") // accessed through STATE
    private volatile long state;
    /**
     * Null, one {@link CloseListener}, or a {@code CloseListener[]} of two or more, replaced
     * whole (copy on write, by compare-and-set): a registered socket has one or two, and a
     * list object and its lock per descriptor would be most of an idle connection's fd cost.
     */
    @SuppressWarnings("unused") // accessed through LISTENERS
    private volatile Object listeners;

    /** Takes ownership of {@code fd}: closing this closes it. */
    protected OwnedFd(int fd) {
        if (fd < 0) {
            throw new IllegalArgumentException("not a file descriptor: " + fd);
        }
        this.fd = fd;
    }

    /** Takes ownership of {@code fd}: it will be closed by {@link #close()}. */
    public static OwnedFd adopt(int fd) {
        return new OwnedFd(fd);
    }

    /** open(2) flag: read only. */
    public static final int O_RDONLY = Unistd.O_RDONLY;
    /** open(2) flag: write only. */
    public static final int O_WRONLY = Unistd.O_WRONLY;
    /** open(2) flag: read and write. */
    public static final int O_RDWR = Unistd.O_RDWR;
    /** open(2) flag: non-blocking. */
    public static final int O_NONBLOCK = Unistd.O_NONBLOCK;
    /** open(2) flag: fail with ELOOP if the last component is a symbolic link. */
    public static final int O_NOFOLLOW = Unistd.O_NOFOLLOW;
    /** open(2) flag: fail with ENOTDIR unless a directory. */
    public static final int O_DIRECTORY = Unistd.O_DIRECTORY;

    /** Opens a file read-only, {@code O_CLOEXEC}. */
    public static OwnedFd open(Path path) throws ErrnoException {
        return open(path, Unistd.O_RDONLY);
    }

    /**
     * open(2) with {@code flags}; {@code O_CLOEXEC} is always added. EINTR (an open of a slow
     * device interrupted by a signal) is retried: nothing was opened.
     */
    public static OwnedFd open(Path path, int flags) throws ErrnoException {
        int fd = Unistd.open(path.toString(), flags | Unistd.O_CLOEXEC, 0644);
        return new OwnedFd(ErrnoException.check(fd, "open(" + path + ")"));
    }

    /**
     * The descriptor number, for logs, /proc and raw calls while this object stays open.
     *
     * @throws IllegalStateException if closed
     */
    public final int fd() {
        if (!isOpen()) {
            throw closed();
        }
        return fd;
    }

    /** Whether the fd is still open (not yet closed through this object). */
    public final boolean isOpen() {
        return ((long) STATE.getVolatile(this) & CLOSED) == 0;
    }

    /**
     * Holds a use of the descriptor and returns its number; pair with {@link #release()} in a
     * {@code finally}. The number stays valid until then even if another thread closes.
     *
     * @throws IllegalStateException if closed
     */
    public final int acquire() {
        long s;
        do {
            s = (long) STATE.getVolatile(this);
            if ((s & CLOSED) != 0) {
                throw closed();
            }
        } while (!STATE.weakCompareAndSet(this, s, s + 1));
        return fd;
    }

    /** Ends a use begun by {@link #acquire()}; the last one after a close releases the number. */
    public final void release() {
        long s = (long) STATE.getAndAdd(this, -1L) - 1;
        if (s == CLOSED) {
            destroy();
        }
    }

    /**
     * Closes: later calls throw {@link IllegalStateException}; listeners run; the number is
     * released now, or when the last call in flight returns. Closing again does nothing.
     */
    @Override
    public final void close() {
        long s;
        do {
            s = (long) STATE.getVolatile(this);
            if ((s & CLOSED) != 0) {
                return;
            }
            // Take a use ourselves so the number stays valid while listeners run.
        } while (!STATE.weakCompareAndSet(this, s, (s + 1) | CLOSED));
        try {
            Object all = LISTENERS.getAndSet(this, null);
            if (all instanceof CloseListener one) {
                one.closing(fd);
            } else if (all != null) {
                for (CloseListener listener : (CloseListener[]) all) {
                    listener.closing(fd);
                }
            }
            if ((s & USES) > 0) {
                interruptUses(fd);
            }
        } finally {
            release();
        }
    }

    /**
     * Registers a listener that runs when this descriptor closes.
     *
     * @throws IllegalStateException if already closed
     */
    public final void addCloseListener(CloseListener listener) {
        java.util.Objects.requireNonNull(listener, "listener");
        Object cur;
        Object next;
        do {
            cur = LISTENERS.getVolatile(this);
            if (cur == null) {
                next = listener;
            } else if (cur instanceof CloseListener one) {
                next = new CloseListener[] {one, listener};
            } else {
                CloseListener[] all = (CloseListener[]) cur;
                CloseListener[] more = Arrays.copyOf(all, all.length + 1);
                more[all.length] = listener;
                next = more;
            }
        } while (!LISTENERS.compareAndSet(this, cur, next));
        if (!isOpen()) {
            removeCloseListener(listener);   // closed meanwhile: the close may not have seen it
            throw closed();
        }
    }

    /** Stops telling {@code listener} of the close (the first one registered that equals it). */
    public final void removeCloseListener(CloseListener listener) {
        Object cur;
        Object next;
        do {
            cur = LISTENERS.getVolatile(this);
            if (cur == null) {
                return;
            }
            if (cur instanceof CloseListener one) {
                if (!one.equals(listener)) {
                    return;
                }
                next = null;
            } else {
                CloseListener[] all = (CloseListener[]) cur;
                int i = 0;
                while (i < all.length && !all[i].equals(listener)) {
                    i++;
                }
                if (i == all.length) {
                    return;
                }
                if (all.length == 2) {
                    next = all[1 - i];
                } else {
                    CloseListener[] fewer = new CloseListener[all.length - 1];
                    System.arraycopy(all, 0, fewer, 0, i);
                    System.arraycopy(all, i + 1, fewer, i, all.length - i - 1);
                    next = fewer;
                }
            }
        } while (!LISTENERS.compareAndSet(this, cur, next));
    }

    /** read(2): bytes read, {@code -1} at end of file, {@code 0} if it would block. */
    public long read(MemorySegment dst) throws ErrnoException {
        int n = acquire();
        try {
            long r = Unistd.read(n, requireNative(dst), dst.byteSize());
            return streamRead(Syscall.result(r, "read", this, n), dst.byteSize());
        } finally {
            release();
        }
    }

    /** write(2): bytes written, {@code 0} if it would block. */
    public long write(MemorySegment src) throws ErrnoException {
        int n = acquire();
        try {
            long r = Unistd.write(n, requireNative(src), src.byteSize());
            return streamWrite(Syscall.result(r, "write", this, n));
        } finally {
            release();
        }
    }

    /**
     * readv(2), scattering into the batch's segments in order: bytes read, {@code -1} at end
     * of file, {@code 0} if it would block.
     */
    public long read(IoVecBatch batch) throws ErrnoException {
        int n = acquire();
        try {
            long r = Unistd.readv(n, batch.iov(), batch.count());
            return streamRead(Syscall.result(r, "readv", this, n), batch.byteCount());
        } finally {
            release();
        }
    }

    /** writev(2), gathering the batch's segments in order: bytes written, {@code 0} if it would block. */
    public long write(IoVecBatch batch) throws ErrnoException {
        int n = acquire();
        try {
            long r = Unistd.writev(n, batch.iov(), batch.count());
            return streamWrite(Syscall.result(r, "writev", this, n));
        } finally {
            release();
        }
    }

    /** The stream-read convention (see package-info) of a {@link Syscall#result}. */
    static long streamRead(long r, long asked) {
        if (r == Syscall.WOULD_BLOCK) {
            return 0;
        }
        return r == 0 && asked > 0 ? -1 : r;
    }

    /** The stream-write convention (see package-info) of a {@link Syscall#result}. */
    static long streamWrite(long r) {
        return r == Syscall.WOULD_BLOCK ? 0 : r;
    }

    /**
     * Reads the 8-byte counter of an eventfd or timerfd.
     *
     * @param errnoAsValue an errno that is an answer rather than a failure (0: none)
     * @param valueForIt   what to return for it
     * @return the counter, or 0 if it would block
     */
    final long readCounter(int errnoAsValue, long valueForIt) throws ErrnoException {
        int n = acquire();
        try {
            MemorySegment value = Native.scratch();
            long r = Unistd.read(n, value, 8);
            if (r == 8) {
                return value.get(JAVA_LONG, 0);
            }
            if (r == -Errno.EAGAIN) {
                return 0;
            }
            if (errnoAsValue != 0 && r == -errnoAsValue) {
                return valueForIt;
            }
            throw failure("read", n, (int) -r);
        } finally {
            release();
        }
    }

    /** dup(2): a new owned descriptor for the same open file description. */
    public OwnedFd dup() throws ErrnoException {
        int n = acquire();
        try {
            // dup(2) clears FD_CLOEXEC; F_DUPFD_CLOEXEC keeps the close-on-exec rule everywhere.
            return new OwnedFd(ErrnoException.check(Unistd.fcntl(n, F_DUPFD_CLOEXEC, 0), "dup(fd " + n + ")"));
        } finally {
            release();
        }
    }

    private static final int F_DUPFD_CLOEXEC = 1030;

    /** Sets or clears {@code O_NONBLOCK}. */
    public void setNonBlocking(boolean on) throws ErrnoException {
        int n = acquire();
        try {
            int flags = ErrnoException.check(Unistd.fcntl(n, Unistd.F_GETFL, 0), "fcntl(F_GETFL)");
            int want = on ? flags | Unistd.O_NONBLOCK : flags & ~Unistd.O_NONBLOCK;
            if (want != flags) {
                ErrnoException.check(Unistd.fcntl(n, Unistd.F_SETFL, want), "fcntl(F_SETFL)");
            }
        } finally {
            release();
        }
    }

    /**
     * Called on the closing thread while other calls are still in flight, before the number is
     * released: a subclass wakes calls that could block on it for long.
     */
    protected void interruptUses(int fd) {}

    /** Releases the number; a subclass that owns more may extend it. Runs once. */
    protected void destroy(int fd) {
        // close(2) releases the number even when it reports EINTR or EIO: never retry.
        Unistd.close(fd);
    }

    private void destroy() {
        destroy(fd);
    }

    /** How error messages name this descriptor, such as {@code "fd 7"} or {@code "eventfd 7"}. */
    String describe(int n) {
        return "fd " + n;
    }

    /** The exception for {@code call} failing with {@code errno} on this descriptor. */
    final ErrnoException failure(String call, int n, int errno) {
        return new ErrnoException(call + "(" + describe(n) + ")", errno);
    }

    /**
     * Returns {@code segment} if it is native memory, the only kind the kernel can read and
     * write; a heap segment would otherwise fail deep in the downcall.
     *
     * @throws IllegalArgumentException for a heap segment
     */
    public static MemorySegment requireNative(MemorySegment segment) {
        if (!segment.isNative()) {
            throw new IllegalArgumentException("not native memory: system calls read and write Arena segments "
                    + "or direct ByteBuffers, not " + segment);
        }
        return segment;
    }

    /** The exception for a use after close, naming this fd. */
    protected final IllegalStateException closed() {
        return new IllegalStateException(getClass().getSimpleName() + " (fd " + fd + ") is closed");
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[fd " + fd + (isOpen() ? "" : ", closed") + "]";
    }
}
