package io.epoll4j.poll;

import io.epoll4j.fd.ErrnoException;
import io.epoll4j.fd.EventFd;

import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Wakes a {@link Poller} blocked in {@link Poller#poll} from any thread: the poll returns an
 * event with the waker's token.
 *
 * {@snippet :
 * Waker waker = new Waker(poller, 1L);
 * Queue<Runnable> queue = new ConcurrentLinkedQueue<>();   // what the loop runs when woken
 * executor.execute(() -> {
 *     queue.add(() -> System.out.println("work"));
 *     waker.wake();                     // the loop's poll returns with token 1
 * });
 * }
 *
 * <h2>Implementation notes</h2>
 * An eventfd registered {@code EPOLLIN | EPOLLET}: every write is a new edge, so the counter
 * never has to be read to re-arm it. An atomic flag coalesces wakes: the first
 * {@link #wake()} after a poll returned events writes the eventfd, the others return at once,
 * so any number of threads cost one syscall per round. The poll clears the flag without
 * looking for the waker's event in the batch (one that missed the batch is still pending in
 * the kernel and comes with the next poll), so the batch is walked once, by its reader. The
 * counter grows by one per round; it is read (reset) only when a write would overflow it. One
 * waker per poller.
 */
public final class Waker implements AutoCloseable {
    private static final VarHandle PENDING;

    static {
        try {
            PENDING = MethodHandles.lookup().findVarHandle(Waker.class, "pending", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final EventFd eventFd;
    private final Registration registration;
    @SuppressWarnings("unused") // accessed through PENDING
    private volatile boolean pending;

    /** A waker whose events carry {@code token}. */
    public Waker(Poller poller, long token) throws ErrnoException {
        this.eventFd = EventFd.create();
        try {
            this.registration = poller.register(eventFd, token, Interest.READABLE, Trigger.EDGE);
            poller.attach(this);
        } catch (ErrnoException | RuntimeException e) {
            eventFd.close();
            throw e;
        }
    }

    /**
     * Makes the poller's current or next poll return with this waker's token. Cheap when a
     * wake is already pending: no syscall.
     *
     * @throws IllegalStateException if the waker or its poller is closed
     */
    public void wake() {
        if (pending || (boolean) PENDING.getAndSet(this, true)) {
            return;
        }
        try {
            if (!eventFd.write(1)) {
                // The counter is at its maximum (after 2^64-2 rounds): reset it and write again.
                eventFd.read();
                eventFd.write(1);
            }
        } catch (ErrnoException e) {
            pending = false;
            throw new UncheckedIOException(e);
        }
    }

    /** The token this waker's events carry. */
    public long token() {
        return registration.token();
    }

    Registration registration() {
        return registration;
    }

    /** A poll returned: the next wake must write again. A store only when a wake is pending. */
    void consumed() {
        if (pending) {
            pending = false;
        }
    }

    /** Deregisters and closes the eventfd. */
    @Override
    public void close() {
        eventFd.close();
    }
}
