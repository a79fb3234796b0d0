package io.epoll4j.fd;

import io.epoll4j.sys.EpollCalls;
import io.epoll4j.sys.EpollEvent;
import io.epoll4j.sys.Errno;
import io.epoll4j.sys.Native;
import io.epoll4j.sys.Unistd;

import java.lang.foreign.MemorySegment;

/**
 * An epoll instance (epoll(7)): an interest list of file descriptors and a ready list that
 * {@link #wait} reports. The raw layer, 1:1 with epoll_create1(2), epoll_ctl(2) and
 * epoll_wait(2); for tokens, interest and modes checked before the kernel sees them, use
 * {@code io.epoll4j.poll.Poller}.
 *
 * {@snippet :
 * try (Epoll epoll = Epoll.create();
 *      EpollEvents events = EpollEvents.allocate(16)) {
 *     epoll.add(0, EpollFlags.EPOLLIN, 0L);      // stdin, data word 0
 *     int n = epoll.wait(events, 1_000);          // milliseconds; -1 blocks, 0 polls
 *     for (int i = 0; i < n; i++) {
 *         System.out.println(EpollFlags.toString(events.events(i)));
 *     }
 * }
 * }
 *
 * <h2>Behaviour worth knowing (epoll(7))</h2>
 * <ul>
 * <li>Registering the same fd twice fails with EEXIST; a dup of it is a different fd and can
 *     be registered with another mask, which filters events.
 * <li>The interest list holds open file descriptions, not numbers: closing an fd whose file
 *     is still open through a dup keeps it registered, and events keep coming for it.
 * <li>Several events between two waits are combined into one entry.
 * <li>EPOLLHUP and EPOLLERR are reported whether asked for or not.
 * </ul>
 *
 * <h2>Closing</h2>
 * Closing while another thread is blocked in {@link #wait} is safe: the waiter returns 0 at
 * once, and the number is released only after it has returned.
 */
public final class Epoll extends OwnedFd {
    /** The epoll_create1 flag: close on exec. */
    public static final int EPOLL_CLOEXEC = EpollCalls.EPOLL_CLOEXEC;

    // Sentinel data word of the eventfd that wakes waiters when the instance closes.
    private static final long CLOSE_SIGNAL = 0xC105EDL;

    private static volatile boolean pwait2Works = EpollCalls.hasEpollPwait2Symbol();

    private volatile int closeSignalFd = -1;

    private Epoll(int fd) {
        super(fd);
    }

    /** epoll_create1(EPOLL_CLOEXEC). */
    public static Epoll create() throws ErrnoException {
        return create(EPOLL_CLOEXEC);
    }

    /** epoll_create1(flags): 0 or {@link #EPOLL_CLOEXEC}. */
    public static Epoll create(int flags) throws ErrnoException {
        return new Epoll(ErrnoException.check(EpollCalls.epollCreate1(flags), "epoll_create1"));
    }

    /** EPOLL_CTL_ADD: adds {@code fd} with the {@link EpollFlags} mask {@code events} and a data word. */
    public void add(int fd, int events, long data) throws ErrnoException {
        ctl(EpollCalls.EPOLL_CTL_ADD, "ADD", fd, events, data);
    }

    /** EPOLL_CTL_ADD of an owned fd; holds it open for the call. */
    public void add(OwnedFd fd, int events, long data) throws ErrnoException {
        int n = fd.acquire();
        try {
            add(n, events, data);
        } finally {
            fd.release();
        }
    }

    /** EPOLL_CTL_MOD: replaces the mask and data word; also rearms an EPOLLONESHOT registration. */
    public void modify(int fd, int events, long data) throws ErrnoException {
        ctl(EpollCalls.EPOLL_CTL_MOD, "MOD", fd, events, data);
    }

    /** EPOLL_CTL_MOD of an owned fd. */
    public void modify(OwnedFd fd, int events, long data) throws ErrnoException {
        int n = fd.acquire();
        try {
            modify(n, events, data);
        } finally {
            fd.release();
        }
    }

    /** EPOLL_CTL_DEL: removes {@code fd} from the interest list (the event argument is NULL, as Linux allows since 2.6.9). */
    public void delete(int fd) throws ErrnoException {
        int self = acquire();
        try {
            int r = EpollCalls.epollCtl(self, EpollCalls.EPOLL_CTL_DEL, fd, MemorySegment.NULL);
            if (r < 0) {
                throw new ErrnoException("epoll_ctl(DEL, fd " + fd + ")", -r);   // built only on failure
            }
        } finally {
            release();
        }
    }

    /** EPOLL_CTL_DEL of an owned fd. */
    public void delete(OwnedFd fd) throws ErrnoException {
        int n = fd.acquire();
        try {
            delete(n);
        } finally {
            fd.release();
        }
    }

    private void ctl(int op, String opName, int fd, int events, long data) throws ErrnoException {
        int self = acquire();
        try {
            MemorySegment event = Native.scratch();
            EpollEvent.set(event, 0, events, data);
            int r = EpollCalls.epollCtl(self, op, fd, event);
            if (r < 0) {
                throw new ErrnoException("epoll_ctl(" + opName + ", fd " + fd + ", "
                        + EpollFlags.toString(events) + ")", -r);
            }
        } finally {
            release();
        }
    }

    /**
     * epoll_wait(2): waits up to {@code timeoutMillis} ({@code -1} blocks, {@code 0} returns at
     * once with whatever is ready) and fills {@code events}.
     *
     * @return the number of events, 0 on timeout or when another thread closed this instance
     */
    public int wait(EpollEvents events, int timeoutMillis) throws ErrnoException {
        return waitNanos(events, timeoutMillis < 0 ? -1 : timeoutMillis * 1_000_000L, false);
    }

    /**
     * Waits up to {@code timeoutNanos} ({@code < 0} blocks), with nanosecond resolution through
     * epoll_pwait2(2) (Linux 5.11). Where the kernel or C library lacks it, falls back to
     * epoll_wait with the timeout rounded up to whole milliseconds: never early.
     *
     * @return the number of events, 0 on timeout or when another thread closed this instance
     */
    public int waitNanos(EpollEvents events, long timeoutNanos) throws ErrnoException {
        return waitNanos(events, timeoutNanos, true);
    }

    private int waitNanos(EpollEvents events, long timeoutNanos, boolean fine) throws ErrnoException {
        int self = acquire();
        try {
            MemorySegment array = events.segment();
            int max = events.capacity();
            long deadline = timeoutNanos > 0 ? System.nanoTime() + timeoutNanos : 0;
            long left = timeoutNanos;
            while (true) {
                // epoll_pwait2 costs ~100 ns more in the kernel than epoll_wait: use it only when
                // the timeout needs finer than whole milliseconds, or more than epoll_wait's int
                // of them (never for 0 or -1).
                boolean pwait2 = fine && pwait2Works && left > 0
                        && (left % 1_000_000 != 0 || left / 1_000_000 > Integer.MAX_VALUE);
                int r = pwait2
                        ? EpollCalls.epollPwait2(self, array, max, left)
                        : EpollCalls.epollWait(self, array, max, millisRoundedUp(left));
                if (r >= 0) {
                    if (!isOpen()) {
                        r = 0; // woken by close(): what was ready belongs to nobody now
                    }
                    events.filled(r);
                    return r;
                }
                if (r == -Errno.ENOSYS && pwait2) {
                    pwait2Works = false; // the kernel predates 5.11: fall back for good
                    continue;
                }
                if (r != -Errno.EINTR) {
                    events.filled(0);
                    throw new ErrnoException("epoll_wait(epfd " + self + ")", -r);
                }
                // EINTR: go on waiting for the time that is left (epoll_wait(2) is not restarted).
                if (timeoutNanos > 0) {
                    left = Math.max(0, deadline - System.nanoTime());
                }
            }
        } finally {
            release();
        }
    }

    static int millisRoundedUp(long nanos) {
        if (nanos < 0) {
            return -1;
        }
        // Divide first: adding 999_999 before dividing overflows near Long.MAX_VALUE.
        long ms = nanos / 1_000_000 + (nanos % 1_000_000 != 0 ? 1 : 0);
        return (int) Math.min(ms, Integer.MAX_VALUE);
    }

    /** Whether {@link #waitNanos} has nanosecond resolution here (epoll_pwait2 in libc and kernel). */
    public static boolean hasNanosecondWait() {
        return pwait2Works && Kernel.hasEpollPwait2();
    }

    /**
     * Sets the busy-poll parameters of this instance with the EPIOCSPARAMS ioctl (Linux 6.9).
     *
     * @throws UnsupportedOperationException if the kernel predates it
     */
    public void setBusyPoll(BusyPoll params) throws ErrnoException {
        int self = acquire();
        try {
            MemorySegment p = Native.scratch();
            params.writeTo(p);
            int r = EpollCalls.ioctl(self, EpollCalls.EPIOCSPARAMS, p);
            if (r == -Errno.ENOTTY || r == -Errno.EINVAL && !Kernel.hasBusyPollParams()) {
                throw new UnsupportedOperationException("EPIOCSPARAMS needs Linux 6.9 or newer");
            }
            ErrnoException.check(r, "ioctl(EPIOCSPARAMS)");
        } finally {
            release();
        }
    }

    /** Reads the busy-poll parameters back with EPIOCGPARAMS (Linux 6.9). */
    public BusyPoll busyPoll() throws ErrnoException {
        int self = acquire();
        try {
            MemorySegment p = Native.scratch();
            int r = EpollCalls.ioctl(self, EpollCalls.EPIOCGPARAMS, p);
            if (r == -Errno.ENOTTY) {
                throw new UnsupportedOperationException("EPIOCGPARAMS needs Linux 6.9 or newer");
            }
            ErrnoException.check(r, "ioctl(EPIOCGPARAMS)");
            return BusyPoll.readFrom(p);
        } finally {
            release();
        }
    }

    /**
     * Wakes waiters blocked on this instance when it is closed under them: the kernel does not,
     * so a ready eventfd is added; it is closed with the instance.
     */
    @Override
    protected void interruptUses(int fd) {
        int efd = EpollCalls.eventfd(1, Unistd.O_CLOEXEC | Unistd.O_NONBLOCK);
        if (efd < 0) {
            return; // out of fds: waiters return at their own timeout, still safely
        }
        MemorySegment event = Native.scratch();
        EpollEvent.set(event, 0, EpollFlags.EPOLLIN, CLOSE_SIGNAL);
        EpollCalls.epollCtl(fd, EpollCalls.EPOLL_CTL_ADD, efd, event);
        closeSignalFd = efd;
    }

    @Override
    protected void destroy(int fd) {
        super.destroy(fd);
        int efd = closeSignalFd;
        if (efd >= 0) {
            Unistd.close(efd);
        }
    }
}
