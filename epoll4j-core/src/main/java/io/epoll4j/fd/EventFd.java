package io.epoll4j.fd;

import io.epoll4j.sys.EpollCalls;
import io.epoll4j.sys.Errno;
import io.epoll4j.sys.Native;
import io.epoll4j.sys.Unistd;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * An eventfd (eventfd(2)): a 64-bit counter in the kernel, readable when non-zero, that one
 * thread or process adds to and another waits on.
 *
 * {@snippet :
 * try (EventFd counter = EventFd.create(0, EventFd.EFD_NONBLOCK | EventFd.EFD_CLOEXEC)) {
 *     counter.write(3);
 *     counter.write(4);
 *     long total = counter.read();   // 7, and the counter is 0 again
 *     long none = counter.read();    // 0: would block (EAGAIN), never an exception
 * }
 * }
 *
 * <h2>The rules of eventfd(2)</h2>
 * <ul>
 * <li>read returns the counter and resets it to 0; with {@link #EFD_SEMAPHORE} it returns 1
 *     and decrements it.
 * <li>A counter of 0 makes read block, or, with {@link #EFD_NONBLOCK}, fail with EAGAIN:
 *     {@link #read()} then returns 0, which no successful read can return.
 * <li>The largest counter is {@code 0xfffffffffffffffe}: a write that would pass it blocks,
 *     or with EFD_NONBLOCK fails with EAGAIN, here {@link #write} returning false. Writing
 *     {@code 0xffffffffffffffff} is invalid (EINVAL).
 * <li>The counter is unsigned: values above {@link Long#MAX_VALUE} appear negative in Java;
 *     use {@link Long#toUnsignedString(long)} to print them.
 * </ul>
 */
public final class EventFd extends OwnedFd {
    /** Semaphore-like reads: each read returns 1 and decrements the counter. */
    public static final int EFD_SEMAPHORE = 1;
    /** Non-blocking reads and writes. */
    public static final int EFD_NONBLOCK = Unistd.O_NONBLOCK;
    /** Close on exec. */
    public static final int EFD_CLOEXEC = Unistd.O_CLOEXEC;
    /** The largest value the counter can hold. */
    public static final long MAX_COUNTER = 0xFFFF_FFFF_FFFF_FFFEL;

    private EventFd(int fd) {
        super(fd);
    }

    /** An eventfd with counter 0, {@code EFD_NONBLOCK | EFD_CLOEXEC}. */
    public static EventFd create() throws ErrnoException {
        return create(0, EFD_NONBLOCK | EFD_CLOEXEC);
    }

    /** eventfd(initval, flags). */
    public static EventFd create(int initval, int flags) throws ErrnoException {
        return new EventFd(ErrnoException.check(EpollCalls.eventfd(initval, flags),
                "eventfd(" + Integer.toUnsignedString(initval) + ")"));
    }

    /**
     * Reads the counter (or 1 in semaphore mode) and resets (or decrements) it.
     *
     * @return the value read, or 0 if the counter was 0 and the fd is non-blocking
     */
    public long read() throws ErrnoException {
        return readCounter(0, 0);
    }

    /**
     * Adds {@code value} to the counter.
     *
     * @return false if the counter would pass {@link #MAX_COUNTER} and the fd is non-blocking
     * @throws IllegalArgumentException for {@code 0xffffffffffffffff} ({@code -1L}), which eventfd(2) refuses
     */
    public boolean write(long value) throws ErrnoException {
        if (value == -1L) {
            throw new IllegalArgumentException("eventfd cannot add 0xffffffffffffffff (EINVAL)");
        }
        int n = acquire();
        try {
            MemorySegment buf = Native.scratch();
            buf.set(JAVA_LONG, 0, value);
            // An eventfd write is all 8 bytes or EAGAIN (eventfd(2)): never partial.
            return Syscall.result(Unistd.write(n, buf, 8), "write", this, n) != Syscall.WOULD_BLOCK;
        } finally {
            release();
        }
    }

    @Override
    String describe(int n) {
        return "eventfd " + n;
    }
}
