package io.epoll4j.poll;

import io.epoll4j.fd.Epoll;
import io.epoll4j.fd.EpollFlags;
import io.epoll4j.fd.ErrnoException;
import io.epoll4j.fd.OwnedFd;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Waits for readiness on any number of file descriptors: the safe face of an epoll instance,
 * with tokens, interest and a trigger mode per registration.
 *
 * {@snippet :
 * try (Poller poller = Poller.open(); Events events = Events.withCapacity(256)) {
 *     Registration server = poller.register(listener, 0L, Interest.READABLE, Trigger.LEVEL);
 *     Waker waker = new Waker(poller, 1L);
 *     while (running) {
 *         poller.poll(events, -1);                     // nanoseconds; -1 blocks
 *         while (events.next()) {
 *             if (events.token() == 0L) {
 *                 acceptAll();
 *             } else if (events.token() == 1L) {
 *                 runSubmittedTasks();                 // another thread called waker.wake()
 *             }
 *         }
 *     }
 * }
 * }
 *
 * <h2>Tokens and stale events</h2>
 * The kernel's data word for each registration holds a slot number and a generation, never the
 * fd. When a registration ends, its slot's generation moves on; an event still waiting in the
 * current batch for the old registration, even if the same fd number was reused and registered
 * again meanwhile, carries the old generation and {@link Events#next()} skips it.
 *
 * <h2>Threads</h2>
 * One thread polls at a time. Any thread may register, reregister and deregister, also while
 * a poll is blocked: the change takes effect in the kernel at once. {@link #close()} from
 * another thread wakes a blocked poll, which then returns 0.
 *
 * <h2>Implementation notes</h2>
 * Spurious events happen (epoll reports readiness, not a promise): with an edge trigger read or
 * write until the call would block; treat hang-up and error flags as hints to read to the end.
 */
public final class Poller implements AutoCloseable {
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Registration[].class);
    private static final Function<Registration, Object> NO_ATTACHMENT = r -> null;

    private final Epoll epoll;
    private final Object lock = new Object();
    private volatile Registration[] slots = new Registration[64];
    // Guarded by lock: the generation each slot's next registration gets, and the free slots.
    private int[] generations = new int[64];
    private int[] free = new int[64];
    private int freeCount;
    private int used;
    private int registrations;
    private volatile Waker waker;

    private Poller(Epoll epoll) {
        this.epoll = epoll;
    }

    /** A poller over a new close-on-exec epoll instance. */
    public static Poller open() throws ErrnoException {
        return new Poller(Epoll.create());
    }

    /**
     * Adds {@code fd} to the interest list (EPOLL_CTL_ADD).
     *
     * @throws ErrnoException EEXIST if this fd is already registered here, EPERM if it cannot be
     *                        polled (a regular file), ENOSPC past max_user_watches
     * @throws IllegalArgumentException for an exclusive trigger with an interest the kernel
     *                        refuses there ({@link Interest#PRIORITY}, {@link Interest#READ_CLOSED})
     */
    public Registration register(OwnedFd fd, long token, Interest interest, Trigger trigger)
            throws ErrnoException {
        return register(fd, token, interest, trigger, NO_ATTACHMENT);
    }

    /**
     * Like {@link #register(OwnedFd, long, Interest, Trigger)}, with an attachment made from the
     * new registration and set before EPOLL_CTL_ADD: an event can never find the registration
     * without it, even when another thread polls. {@code attachment} runs under the poller's
     * lock, so it should only build an object (such as one that keeps the registration).
     *
     * {@snippet :
     * record Session(Registration registration) {}            // what the application keeps per fd
     * Registration r = poller.register(socket, 7L, Interest.READABLE, Trigger.EDGE,
     *         registration -> new Session(registration));
     * Session session = (Session) r.attachment();
     * }
     */
    public Registration register(OwnedFd fd, long token, Interest interest, Trigger trigger,
                                 Function<? super Registration, ?> attachment) throws ErrnoException {
        return add(new Registration(this, fd, token, interest, trigger), attachment);
    }

    /**
     * Adds a registration built by the layer above, whose object it is: an event loop's
     * {@code LoopRegistration} (the one subclass {@link Registration} permits), so the loop
     * and the poller share one object per fd. As {@link #register(OwnedFd, long, Interest,
     * Trigger)}, with the fd, token, interest and trigger the registration was made with.
     *
     * {@snippet :
     * // EventLoop.register builds its LoopRegistration and adds it here: events find it directly.
     * LoopRegistration r = loop.register(fd, Interest.READABLE, Trigger.EDGE, handler);
     * boolean same = r.poller().registered().contains(r);   // true: one object per fd
     * }
     *
     * @throws IllegalArgumentException if it was made for another poller, or was registered before
     */
    public <R extends Registration> R register(R registration) throws ErrnoException {
        if (registration.poller() != this) {
            throw new IllegalArgumentException(registration + " was made for another poller");
        }
        return add(registration, null);   // its attachment is the layer above's business
    }

    /** Adds {@code r}; {@code attachment} (null: leave it as it is) is applied under the lock first. */
    private <R extends Registration> R add(R r, Function<? super Registration, ?> attachment) throws ErrnoException {
        OwnedFd fd = r.fd();
        checkExclusive(r.interest(), r.trigger());
        int number = fd.acquire();
        try {
            synchronized (lock) {
                checkOpen();
                if (r.slot >= 0) {
                    throw new IllegalArgumentException(r + " was registered before: make a new one");
                }
                int slot = allocateSlot();
                r.registered(slot, generations[slot]);
                try {
                    if (attachment != null) {
                        r.attach(attachment.apply(r));
                    }
                    fd.addCloseListener(r.onClose());
                    epoll.add(number, r.mask(), r.data());
                } catch (ErrnoException e) {
                    undo(fd, r);
                    if (e.errno() == ErrnoException.EEXIST) {
                        throw new ErrnoException("epoll_ctl(ADD, fd " + number
                                + "): already registered with this poller", ErrnoException.EEXIST);
                    }
                    throw e;
                } catch (RuntimeException | Error e) {
                    undo(fd, r);
                    throw e;
                }
                SLOT.setRelease(slots, slot, r);
                registrations++;
                return r;
            }
        } finally {
            fd.release();
        }
    }

    private void undo(OwnedFd fd, Registration r) {
        fd.removeCloseListener(r.onClose());
        r.unregistered();
        freeSlot(r.slot);
    }

    void reregister(Registration r, long token, Interest interest, Trigger trigger) throws ErrnoException {
        checkExclusive(interest, trigger);
        OwnedFd fd = r.fd();
        synchronized (lock) {
            if (!r.isRegistered()) {
                throw r.notRegistered();
            }
            int number = fd.acquire();
            try {
                int mask = interest.flags() | trigger.flags();
                if (trigger.isExclusive() || r.trigger().isExclusive()) {
                    // epoll_ctl(2): EPOLLEXCLUSIVE is ADD only; MOD on such an entry is EINVAL.
                    epoll.delete(number);
                    epoll.add(number, mask, r.data());
                } else {
                    epoll.modify(number, mask, r.data());
                }
                r.update(token, interest, trigger);
            } finally {
                fd.release();
            }
        }
    }

    void deregister(Registration r) throws ErrnoException {
        synchronized (lock) {
            if (!r.isRegistered()) {
                return;
            }
            r.fd().removeCloseListener(r.onClose());
            OwnedFd fd = r.fd();
            int number = fd.acquire();
            try {
                if (epoll.isOpen()) {
                    epoll.delete(number);
                }
            } finally {
                fd.release();
                forget(r);
            }
        }
    }

    /** The fd of {@code r} is closing: take it out of the interest list while the number is valid. */
    void fdClosing(Registration r, int number) {
        synchronized (lock) {
            if (!r.isRegistered()) {
                return;
            }
            try {
                if (epoll.isOpen()) {
                    epoll.delete(number);
                }
            } catch (ErrnoException | IllegalStateException e) {
                // ENOENT or a poller closing concurrently: either way the fd is out of the list.
            } finally {
                forget(r);
            }
        }
        r.fdClosed(); // outside the lock: it runs the loop handler's code
    }

    private void forget(Registration r) {
        r.unregistered();
        SLOT.setRelease(slots, r.slot, (Registration) null);
        freeSlot(r.slot);
        registrations--;
        if (waker != null && waker.registration() == r) {
            waker = null;
        }
    }

    /**
     * Waits up to {@code timeoutNanos} for events ({@code -1} blocks, {@code 0} returns at once
     * with what is ready) and fills {@code events}. Nanosecond timeouts use epoll_pwait2 where
     * the kernel has it (5.11); elsewhere they are rounded up to milliseconds, never down. A
     * wait interrupted by a signal goes on with the time left.
     *
     * @return the number of events the kernel returned (stale ones included, which
     *         {@link Events#next()} skips), 0 on timeout or when closed by another thread
     * @throws IllegalArgumentException for a negative timeout other than {@code -1}, as
     *         {@link #poll(Events, Duration)} refuses a negative duration
     * @throws IllegalStateException if {@code events} is closed
     */
    public int poll(Events events, long timeoutNanos) throws ErrnoException {
        if (timeoutNanos < -1) {
            throw new IllegalArgumentException("timeout must be -1 (block) or at least 0 ns: " + timeoutNanos);
        }
        events.checkOpen();
        int n = epoll.waitNanos(events.raw(), timeoutNanos);
        events.filled(this);
        Waker w = waker;
        if (w != null && n > 0) {
            // Clear the waker before anyone sees the batch, so a wake after this point writes
            // again. No pass over the batch looks for its event: if it is not in this batch it
            // is still pending in the kernel and the next poll returns it, so clearing early
            // costs at most one extra write, never a lost wake. The one pass over the batch is
            // the caller's, which meets the waker's token among the others.
            w.consumed();
        }
        return n;
    }

    /** {@link #poll(Events, long)} with a {@link Duration}; {@code null} blocks. */
    public int poll(Events events, Duration timeout) throws ErrnoException {
        return poll(events, timeout == null ? -1 : saturatedNanos(timeout));
    }

    private static long saturatedNanos(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("negative timeout: " + d);
        }
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** The registration for an event's data word, or null if the event is stale. */
    Registration resolve(long data) {
        int slot = (int) data;
        int generation = (int) (data >>> 32);
        Registration[] s = slots;
        Registration r = slot < s.length ? (Registration) SLOT.getAcquire(s, slot) : null;
        if (r == null || r.generation != generation) {
            // Rare: a stale event, or a registration this thread has not seen published yet.
            synchronized (lock) {
                s = slots;
                r = slot < s.length ? s[slot] : null;
            }
            if (r == null || r.generation != generation) {
                return null;
            }
        }
        return r;
    }

    void attach(Waker w) {
        synchronized (lock) {
            if (waker != null) {
                throw new IllegalStateException("this poller already has a waker: one is enough, share it");
            }
            waker = w;
        }
    }

    /**
     * A snapshot of the live registrations (a {@link Waker}'s included), for a shutdown that
     * must close or deregister each of them, and for diagnostics.
     */
    public List<Registration> registered() {
        synchronized (lock) {
            List<Registration> live = new ArrayList<>(registrations);
            Registration[] s = slots;
            for (int i = 0; i < used; i++) {
                if (s[i] != null) {
                    live.add(s[i]);
                }
            }
            return live;
        }
    }

    /** How many registrations are live. */
    public int registrations() {
        synchronized (lock) {
            return registrations;
        }
    }

    /** The epoll instance's fd number, for /proc/self/fdinfo and diagnostics. */
    public int fd() {
        return epoll.fd();
    }

    /** Whether the poller is still open. */
    public boolean isOpen() {
        return epoll.isOpen();
    }

    /**
     * Closes the epoll instance; all registrations end (their fds stay open). A poll blocked in
     * another thread returns 0. Closing again does nothing.
     */
    @Override
    public void close() {
        synchronized (lock) {
            if (!epoll.isOpen()) {
                return;
            }
            epoll.close();
            Registration[] s = slots;
            for (int i = 0; i < used; i++) {
                Registration r = s[i];
                if (r != null) {
                    r.fd().removeCloseListener(r.onClose());
                    r.unregistered();
                    s[i] = null;
                }
            }
            registrations = 0;
            waker = null;
        }
    }

    private void checkOpen() {
        if (!epoll.isOpen()) {
            throw new IllegalStateException("poller is closed");
        }
    }

    private static void checkExclusive(Interest interest, Trigger trigger) {
        if (trigger.isExclusive() && (interest.isPriority() || interest.isReadClosed())) {
            throw new IllegalArgumentException("EPOLLEXCLUSIVE allows only EPOLLIN, EPOLLOUT, EPOLLET and "
                    + "EPOLLWAKEUP (epoll_ctl(2)); not " + EpollFlags.toString(interest.flags()));
        }
    }

    private int allocateSlot() {
        if (freeCount > 0) {
            return free[--freeCount];
        }
        if (used == slots.length) {
            int size = used * 2;
            generations = Arrays.copyOf(generations, size);
            free = Arrays.copyOf(free, size);
            slots = Arrays.copyOf(slots, size);
        }
        return used++;
    }

    private void freeSlot(int slot) {
        generations[slot]++;
        free[freeCount++] = slot;
    }
}
