package io.epoll4j.fd;

import io.epoll4j.sys.EpollCalls;
import io.epoll4j.sys.EpollEvent;
import io.epoll4j.sys.Errno;
import io.epoll4j.sys.Native;
import io.epoll4j.sys.Resource;
import io.epoll4j.sys.Unistd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What this kernel offers epoll users: its release, the /proc limits, and the features that
 * arrived after epoll itself, each probed once by trying it.
 *
 * {@snippet :
 * System.out.println(Kernel.release());          // 6.8.0-45-generic
 * System.out.println(Kernel.maxUserWatches());   // /proc/sys/fs/epoll/max_user_watches
 * if (!Kernel.hasEpollExclusive()) {
 *     // Linux before 4.5: share a listener with SO_REUSEPORT instead
 * }
 * }
 *
 * <p>{@code /proc/sys/fs/epoll/max_user_watches} (since Linux 2.6.28) caps the registrations a
 * real user ID may hold across all epoll instances; past it, epoll_ctl ADD fails with ENOSPC.
 * Each registration costs about 160 bytes of kernel memory on a 64-bit kernel.
 */
public final class Kernel {
    private static final Path MAX_USER_WATCHES = Path.of("/proc/sys/fs/epoll/max_user_watches");

    private Kernel() {}

    /** The running kernel's release, as {@code uname -r} prints it. */
    public static String release() {
        return readProc(Path.of("/proc/sys/kernel/osrelease"));
    }

    /** {@code /proc/sys/fs/epoll/max_user_watches}: registrations allowed per real user ID. */
    public static long maxUserWatches() {
        return Long.parseLong(readProc(MAX_USER_WATCHES));
    }

    /** RLIMIT_NOFILE as {@code {soft, hard}}; {@code RLIM_INFINITY} reads as -1. */
    public static long[] openFileLimit() {
        long[] limits = new long[2];
        int r = Resource.getrlimit(Resource.RLIMIT_NOFILE, limits);
        if (r < 0) {
            throw new UncheckedIOException(new ErrnoException("getrlimit(RLIMIT_NOFILE)", -r));
        }
        return limits;
    }

    /**
     * setrlimit(RLIMIT_NOFILE): at most {@code soft} fds open (new fds take the lowest free
     * number, so this is also the first number refused), {@code hard} the ceiling the soft
     * limit may be raised to without privilege; -1 for unlimited.
     *
     * @throws ErrnoException EPERM to raise the hard limit without CAP_SYS_RESOURCE, EINVAL if
     *                        soft is above hard
     */
    public static void setOpenFileLimit(long soft, long hard) throws ErrnoException {
        ErrnoException.check(Resource.setrlimit(Resource.RLIMIT_NOFILE, soft, hard),
                "setrlimit(RLIMIT_NOFILE, " + soft + ", " + hard + ")");
    }

    /** {@code sizeof(struct epoll_event)} on this architecture: 12 on x86-64, 16 elsewhere. */
    public static long epollEventSize() {
        return EpollEvent.SIZE;
    }

    /** {@code offsetof(struct epoll_event, data)}: 4 on x86-64, 8 elsewhere. */
    public static long epollEventDataOffset() {
        return EpollEvent.DATA_OFFSET;
    }

    /** epoll_pwait2 (Linux 5.11, glibc 2.35): nanosecond timeouts. */
    public static boolean hasEpollPwait2() {
        Native.requireNativeAccess();
        return Probes.PWAIT2;
    }

    /** EPOLLEXCLUSIVE (Linux 4.5): wake one of the instances sharing a file. */
    public static boolean hasEpollExclusive() {
        Native.requireNativeAccess();
        return Probes.EXCLUSIVE;
    }

    /** The EPIOCSPARAMS / EPIOCGPARAMS busy-poll ioctls (Linux 6.9). */
    public static boolean hasBusyPollParams() {
        Native.requireNativeAccess();
        return Probes.BUSY_POLL;
    }

    private static String readProc(Path path) {
        try {
            // Numeric sysctls answer only a read at offset 0 (a later offset reads end of file),
            // and Files.readString reads a 0-sized /proc file one byte first: "5" of "5490265".
            // So: one read, into a buffer larger than any value.
            try (var in = Files.newInputStream(path)) {
                byte[] buf = new byte[4096];
                int n = Math.max(0, in.read(buf));
                return new String(buf, 0, n, java.nio.charset.StandardCharsets.US_ASCII).trim();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Each feature is tried once, on a throw-away epoll instance, the first time it is asked about. */
    private static final class Probes {
        static final boolean PWAIT2;
        static final boolean EXCLUSIVE;
        static final boolean BUSY_POLL;

        static {
            int epfd = EpollCalls.epollCreate1(EpollCalls.EPOLL_CLOEXEC);
            int efd = EpollCalls.eventfd(0, Unistd.O_CLOEXEC | Unistd.O_NONBLOCK);
            if (epfd < 0 || efd < 0) {
                throw new UncheckedIOException(new ErrnoException("epoll_create1 (feature probe)",
                        -Math.min(epfd, efd)));
            }
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment events = arena.allocate(EpollEvent.SIZE, 8);
                PWAIT2 = EpollCalls.hasEpollPwait2Symbol()
                        && EpollCalls.epollPwait2(epfd, events, 1, 0) != -Errno.ENOSYS;
                EpollEvent.set(events, 0, EpollFlags.EPOLLIN | EpollFlags.EPOLLEXCLUSIVE, 0);
                EXCLUSIVE = EpollCalls.epollCtl(epfd, EpollCalls.EPOLL_CTL_ADD, efd, events) == 0;
                BUSY_POLL = EpollCalls.ioctl(epfd, EpollCalls.EPIOCGPARAMS, Native.scratch()) == 0;
            } finally {
                Unistd.close(efd);
                Unistd.close(epfd);
            }
        }
    }
}
