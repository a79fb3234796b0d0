package io.epoll4j.poll;

import io.epoll4j.fd.EpollFlags;

/**
 * How a registration reports readiness: level or edge, and optionally one-shot, exclusive or
 * wake-up. Chosen per registration, which Java's Selector, Netty and mio do not offer.
 *
 * {@snippet :
 * poller.register(listener, 1L, Interest.READABLE, Trigger.LEVEL.exclusive()); // one of N loops wakes
 * poller.register(socket, 2L, Interest.READABLE, Trigger.EDGE);                 // drain until 0
 * poller.register(job, 3L, Interest.READABLE, Trigger.LEVEL.oneShot());         // then rearm()
 * }
 *
 * <ul>
 * <li>{@link #LEVEL} (the default of epoll(7)): reported at every poll while the fd is ready.
 * <li>{@link #EDGE} ({@code EPOLLET}): reported when readiness changes; read or write until
 *     the call would block, or no further event will come for data already there.
 * <li>{@link #oneShot()} ({@code EPOLLONESHOT}): one event, then silent until
 *     {@link Registration#rearm()}.
 * <li>{@link #exclusive()} ({@code EPOLLEXCLUSIVE}, Linux 4.5): when several pollers wait on
 *     one file, wake one (or more) instead of all. Cannot be changed in place (the poller
 *     re-adds it) and cannot be one-shot.
 * <li>{@link #wakeup()} ({@code EPOLLWAKEUP}): hold off system suspend while an event is being
 *     handled; needs CAP_BLOCK_SUSPEND, silently ignored without it.
 * </ul>
 * Instances are shared: the modifiers never allocate.
 */
public final class Trigger {
    private static final int ET = 1;
    private static final int ONESHOT = 2;
    private static final int EXCLUSIVE = 4;
    private static final int WAKEUP = 8;
    private static final Trigger[] CACHE = new Trigger[16];

    static {
        for (int i = 0; i < CACHE.length; i++) {
            if ((i & (ONESHOT | EXCLUSIVE)) != (ONESHOT | EXCLUSIVE)) {
                CACHE[i] = new Trigger(i);
            }
        }
    }

    /** Level-triggered. */
    public static final Trigger LEVEL = CACHE[0];
    /** Edge-triggered ({@code EPOLLET}). */
    public static final Trigger EDGE = CACHE[ET];

    private final int bits;

    private Trigger(int bits) {
        this.bits = bits;
    }

    /** This trigger, one-shot ({@code EPOLLONESHOT}). */
    public Trigger oneShot() {
        if (isExclusive()) {
            throw exclusiveOneShot();
        }
        return CACHE[bits | ONESHOT];
    }

    /** This trigger, exclusive ({@code EPOLLEXCLUSIVE}). */
    public Trigger exclusive() {
        if (isOneShot()) {
            throw exclusiveOneShot();
        }
        return CACHE[bits | EXCLUSIVE];
    }

    /** This trigger with {@code EPOLLWAKEUP}. */
    public Trigger wakeup() {
        return CACHE[bits | WAKEUP];
    }

    /** Whether it is edge-triggered (EPOLLET). */
    public boolean isEdge() {
        return (bits & ET) != 0;
    }

    /** Whether it fires once until rearmed (EPOLLONESHOT). */
    public boolean isOneShot() {
        return (bits & ONESHOT) != 0;
    }

    /** Whether it wakes one of the pollers sharing the fd (EPOLLEXCLUSIVE). */
    public boolean isExclusive() {
        return (bits & EXCLUSIVE) != 0;
    }

    /** Whether it holds off system suspend while an event is pending (EPOLLWAKEUP). */
    public boolean isWakeup() {
        return (bits & WAKEUP) != 0;
    }

    /** The epoll flags this trigger adds to an interest mask. */
    public int flags() {
        return (isEdge() ? EpollFlags.EPOLLET : 0) | (isOneShot() ? EpollFlags.EPOLLONESHOT : 0)
                | (isExclusive() ? EpollFlags.EPOLLEXCLUSIVE : 0) | (isWakeup() ? EpollFlags.EPOLLWAKEUP : 0);
    }

    @Override
    public String toString() {
        return (isEdge() ? "EDGE" : "LEVEL") + (isOneShot() ? "|ONESHOT" : "")
                + (isExclusive() ? "|EXCLUSIVE" : "") + (isWakeup() ? "|WAKEUP" : "");
    }

    private static IllegalArgumentException exclusiveOneShot() {
        return new IllegalArgumentException(
                "EPOLLEXCLUSIVE cannot be combined with EPOLLONESHOT (epoll_ctl(2) refuses it with EINVAL)");
    }
}
