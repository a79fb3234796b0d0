package io.epoll4j.fd;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

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
 * <pre>
 * struct epoll_params {
 *     __u32 busy_poll_usecs;
 *     __u16 busy_poll_budget;
 *     __u8  prefer_busy_poll;
 *     __u8  __pad;            // must be zero
 * };
 * </pre>
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
        p.set(JAVA_INT, 0, usecs);
        p.set(JAVA_SHORT, 4, (short) budget);
        p.set(JAVA_BYTE, 6, (byte) (prefer ? 1 : 0));
        p.set(JAVA_BYTE, 7, (byte) 0);
    }

    static BusyPoll readFrom(MemorySegment p) {
        return new BusyPoll(p.get(JAVA_INT, 0), Short.toUnsignedInt(p.get(JAVA_SHORT, 4)),
                p.get(JAVA_BYTE, 6) != 0);
    }
}
