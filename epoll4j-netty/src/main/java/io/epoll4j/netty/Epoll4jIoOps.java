package io.epoll4j.netty;

import io.epoll4j.fd.EpollFlags;
import io.epoll4j.poll.Interest;
import io.epoll4j.poll.Trigger;
import io.netty.channel.IoOps;

/**
 * What an {@link Epoll4jIoRegistration} waits for: an {@link Interest} and a {@link Trigger},
 * the two halves of an {@code epoll_ctl(2)} event mask. Values are interned: asking for the
 * same combination twice returns the same instance, so changing a channel's interest on the
 * hot path allocates nothing.
 *
 * {@snippet :
 * Epoll4jIoOps ops = Epoll4jIoOps.of(Interest.READABLE, Trigger.EDGE);
 * registration.submit(ops.with(Interest.WRITABLE));     // EPOLLIN | EPOLLOUT | EPOLLET
 * registration.submit(ops.without(Interest.READABLE));  // only ever what epoll reports anyway
 * }
 *
 * <p>Every registration starts with {@link #NONE}: epoll(7) still reports {@code EPOLLERR} and
 * {@code EPOLLHUP}, which no mask can turn off.
 */
public final class Epoll4jIoOps implements IoOps {
    // Interest flags fold into 4 bits, trigger flags (EPOLLET, ONESHOT, WAKEUP, EXCLUSIVE: bits
    // 28-31 of the mask) into 4 more: 256 slots, the 192 valid combinations filled.
    private static final Epoll4jIoOps[] CACHE = new Epoll4jIoOps[256];

    static {
        Trigger[] base = {Trigger.LEVEL, Trigger.EDGE};
        for (Trigger t : base) {
            for (Trigger variant : new Trigger[] {t, t.oneShot(), t.exclusive(), t.wakeup(),
                    t.oneShot().wakeup(), t.exclusive().wakeup()}) {
                for (int i = 0; i < 16; i++) {
                    Interest interest = Interest.of(interestFlags(i));
                    CACHE[index(interest, variant)] = new Epoll4jIoOps(interest, variant);
                }
            }
        }
    }

    /** No interest, level-triggered: what a registration starts with. */
    public static final Epoll4jIoOps NONE = of(Interest.NONE, Trigger.LEVEL);

    private final Interest interest;
    private final Trigger trigger;

    private Epoll4jIoOps(Interest interest, Trigger trigger) {
        this.interest = interest;
        this.trigger = trigger;
    }

    /** The ops for {@code interest} with {@code trigger}. */
    public static Epoll4jIoOps of(Interest interest, Trigger trigger) {
        if (interest == null || trigger == null) {
            throw new NullPointerException(interest == null ? "interest" : "trigger");
        }
        return CACHE[index(interest, trigger)];
    }

    /** The readiness asked for. */
    public Interest interest() {
        return interest;
    }

    /** The trigger mode asked for. */
    public Trigger trigger() {
        return trigger;
    }

    /** These ops with {@code more} interest added. */
    public Epoll4jIoOps with(Interest more) {
        return of(interest.add(more), trigger);
    }

    /** These ops with {@code less} interest taken away. */
    public Epoll4jIoOps without(Interest less) {
        return of(interest.remove(less), trigger);
    }

    /** The same interest under another trigger. */
    public Epoll4jIoOps with(Trigger other) {
        return of(interest, other);
    }

    /** Whether every flag of {@code wanted} is part of this interest. */
    public boolean contains(Interest wanted) {
        return (interest.flags() & wanted.flags()) == wanted.flags();
    }

    /** The epoll_ctl event mask: interest and trigger flags together. */
    public int mask() {
        return interest.flags() | trigger.flags();
    }

    @Override
    public String toString() {
        return "Epoll4jIoOps[" + interest + ", " + trigger + "]";
    }

    private static int index(Interest interest, Trigger trigger) {
        int f = interest.flags();
        int i = (f & (EpollFlags.EPOLLIN | EpollFlags.EPOLLPRI | EpollFlags.EPOLLOUT))
                | ((f & EpollFlags.EPOLLRDHUP) != 0 ? 8 : 0);
        return i << 4 | trigger.flags() >>> 28;
    }

    private static int interestFlags(int i) {
        return (i & 7) | ((i & 8) != 0 ? EpollFlags.EPOLLRDHUP : 0);
    }
}
