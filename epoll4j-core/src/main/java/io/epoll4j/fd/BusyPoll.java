package io.epoll4j.fd;

import io.epoll4j.sys.EpollParams;

import java.lang.foreign.MemorySegment;

/**
 * The busy-poll parameters of an epoll instance ({@code struct epoll_params}, Linux 6.9), set
 * with {@link Epoll#setBusyPoll}.
 *
 * {@snippet :
 * if (Kernel.hasBusyPollParams()) {
 *     epoll.setBusyPoll(new BusyPoll(50, 64, true)); // spin 50 µs, 64 packets per poll
 * }
 * }
 *
 * <p>The C struct and its layout are in {@code io.epoll4j.sys.EpollParams}.
 *
 * @param usecs  how long to busy-poll the device queue before sleeping (0 disables)
 * @param budget packets per busy-poll attempt (above net.core.busy_poll_budget needs CAP_NET_ADMIN)
 * @param prefer whether to prefer busy polling over interrupt-driven processing
 */
public record BusyPoll(int usecs, int budget, boolean prefer) {
    /** Checks the parameters as the kernel would, before any ioctl. */
    public BusyPoll {
        if (usecs < 0) {
            throw new IllegalArgumentException("usecs must not be negative: " + usecs);
        }
        if (budget < 0 || budget > 0xFFFF) {
            throw new IllegalArgumentException("budget must fit in 16 bits: " + budget);
        }
    }

    void writeTo(MemorySegment p) {
        EpollParams.set(p, usecs, budget, prefer);
    }

    static BusyPoll readFrom(MemorySegment p) {
        return new BusyPoll(EpollParams.usecs(p), EpollParams.budget(p), EpollParams.prefer(p));
    }
}
