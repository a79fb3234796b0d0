package io.epoll4j.fd;

/**
 * The event flags of epoll_ctl(2), with the values of {@code <sys/epoll.h>}, and a way to print
 * a mask.
 *
 * {@snippet :
 * epoll.add(socket, EpollFlags.EPOLLIN | EpollFlags.EPOLLRDHUP | EpollFlags.EPOLLET, token);
 * System.out.println(EpollFlags.toString(EpollFlags.EPOLLIN | EpollFlags.EPOLLHUP)); // EPOLLIN|EPOLLHUP
 * }
 *
 * <p>Requested in {@code events} and reported back: {@link #EPOLLIN}, {@link #EPOLLOUT},
 * {@link #EPOLLPRI}, {@link #EPOLLRDHUP} and the {@code RDNORM/RDBAND/WRNORM/WRBAND/MSG}
 * variants. Always reported, whether requested or not: {@link #EPOLLERR}, {@link #EPOLLHUP}.
 * Input flags only, which change how the registration behaves: {@link #EPOLLET},
 * {@link #EPOLLONESHOT}, {@link #EPOLLEXCLUSIVE}, {@link #EPOLLWAKEUP}.
 */
public final class EpollFlags {
    /** The fd is available for read(2). */
    public static final int EPOLLIN = 0x001;
    /** There is an exceptional condition: out-of-band data on a TCP socket, a pty state change, a cgroup.events change. */
    public static final int EPOLLPRI = 0x002;
    /** The fd is available for write(2). */
    public static final int EPOLLOUT = 0x004;
    /** An error condition; always reported, also on the write end of a pipe whose read end closed. */
    public static final int EPOLLERR = 0x008;
    /** Hang up; always reported. On a socket or pipe, the peer closed: reads reach end of file once data is drained. */
    public static final int EPOLLHUP = 0x010;
    /** Normal data may be read (same as EPOLLIN for most files). */
    public static final int EPOLLRDNORM = 0x040;
    /** Priority band data may be read. */
    public static final int EPOLLRDBAND = 0x080;
    /** Normal data may be written (same as EPOLLOUT for most files). */
    public static final int EPOLLWRNORM = 0x100;
    /** Priority data may be written. */
    public static final int EPOLLWRBAND = 0x200;
    /** Unused by Linux; defined for completeness. */
    public static final int EPOLLMSG = 0x400;
    /** Stream socket peer closed its connection or shut down its writing half (since Linux 2.6.17). */
    public static final int EPOLLRDHUP = 0x2000;
    /** Wake only one of the epoll instances sharing this file (since Linux 4.5); ADD only. */
    public static final int EPOLLEXCLUSIVE = 1 << 28;
    /** Keep the system from suspending while the event is being processed (needs CAP_BLOCK_SUSPEND). */
    public static final int EPOLLWAKEUP = 1 << 29;
    /** Report one event, then disable the registration until it is rearmed with EPOLL_CTL_MOD. */
    public static final int EPOLLONESHOT = 1 << 30;
    /** Edge-triggered: report only changes, not the continuing state. */
    public static final int EPOLLET = 1 << 31;

    private static final int[] BITS = {
        EPOLLIN, EPOLLPRI, EPOLLOUT, EPOLLERR, EPOLLHUP, EPOLLRDNORM, EPOLLRDBAND, EPOLLWRNORM,
        EPOLLWRBAND, EPOLLMSG, EPOLLRDHUP, EPOLLEXCLUSIVE, EPOLLWAKEUP, EPOLLONESHOT, EPOLLET,
    };
    private static final String[] NAMES = {
        "EPOLLIN", "EPOLLPRI", "EPOLLOUT", "EPOLLERR", "EPOLLHUP", "EPOLLRDNORM", "EPOLLRDBAND",
        "EPOLLWRNORM", "EPOLLWRBAND", "EPOLLMSG", "EPOLLRDHUP", "EPOLLEXCLUSIVE", "EPOLLWAKEUP",
        "EPOLLONESHOT", "EPOLLET",
    };

    private EpollFlags() {}

    /** The mask as flag names joined by {@code |}; unknown bits in hex; {@code "0"} if empty. */
    public static String toString(int mask) {
        return Masks.toString(mask, BITS, NAMES);
    }
}
