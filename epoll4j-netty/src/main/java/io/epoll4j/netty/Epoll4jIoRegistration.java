package io.epoll4j.netty;

import io.epoll4j.fd.ErrnoException;
import io.epoll4j.poll.Registration;
import io.netty.channel.IoOps;
import io.netty.channel.IoRegistration;

import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One {@link Epoll4jIoHandle} registered with one {@link Epoll4jIoHandler}: the handle's fd in
 * the loop's epoll interest list, with the {@link Epoll4jIoOps} last submitted.
 *
 * {@snippet :
 * IoRegistration registration = loop.register(handle).sync().getNow();
 * registration.submit(Epoll4jIoOps.of(Interest.READABLE, Trigger.EDGE));   // epoll_ctl MOD
 * registration.cancel();      // epoll_ctl DEL on the loop's thread, then handle.unregistered()
 * }
 *
 * <p>{@link #submit} applies the ops at once (any thread may call it; the kernel's interest
 * list is thread-safe) and makes no syscall when they are the ones already in force.
 * {@link #cancel()} may be called from any thread too: the fd leaves the interest list on the
 * loop's thread, and no event reaches the handle after {@code cancel()} returned. Closing the
 * fd also takes it out of the interest list (the poller deregisters before {@code close(2)});
 * the handle is told {@link Epoll4jIoHandle#unregistered()} when the registration is cancelled.
 */
public final class Epoll4jIoRegistration implements IoRegistration {
    private static final VarHandle CANCELLED;

    static {
        try {
            CANCELLED = MethodHandles.lookup().findVarHandle(Epoll4jIoRegistration.class, "cancelled", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Epoll4jIoHandler handler;
    private final Epoll4jIoHandle handle;
    private final Registration registration;
    private volatile Epoll4jIoOps ops = Epoll4jIoOps.NONE;
    @SuppressWarnings("unused") // through CANCELLED
    private volatile boolean cancelled;

    Epoll4jIoRegistration(Epoll4jIoHandler handler, Epoll4jIoHandle handle, Registration registration) {
        this.handler = handler;
        this.handle = handle;
        this.registration = registration;
    }

    /** The {@link Epoll4jIoHandler} this registration belongs to. */
    @Override
    @SuppressWarnings("unchecked")
    public <T> T attachment() {
        return (T) handler;
    }

    /**
     * Makes {@code ops} (an {@link Epoll4jIoOps}) the registration's interest and trigger
     * (epoll_ctl MOD, or DEL and ADD for an exclusive trigger).
     *
     * @return the new epoll_ctl mask, or -1 if the registration was cancelled
     * @throws IllegalArgumentException if {@code ops} is not an {@link Epoll4jIoOps}
     * @throws UncheckedIOException     with the {@link ErrnoException} if the kernel refused
     */
    @Override
    public long submit(IoOps ops) {
        if (!(ops instanceof Epoll4jIoOps next)) {
            throw new IllegalArgumentException("an Epoll4jIoRegistration takes Epoll4jIoOps, not "
                    + (ops == null ? "null" : ops.getClass().getName()));
        }
        if (cancelled) {
            return -1;
        }
        if (next != this.ops) {
            try {
                registration.reregister(registration.token(), next.interest(), next.trigger());
            } catch (ErrnoException e) {
                throw new UncheckedIOException(e);
            } catch (IllegalStateException e) {
                // The fd was closed meanwhile, which took it out of the interest list.
                return -1;
            }
            this.ops = next;
        }
        return next.mask();
    }

    /** The ops last submitted; {@link Epoll4jIoOps#NONE} at first. */
    public Epoll4jIoOps ops() {
        return ops;
    }

    /** The registered handle. */
    public Epoll4jIoHandle handle() {
        return handle;
    }

    @Override
    public boolean isValid() {
        return !cancelled;
    }

    /**
     * Ends the registration; from another thread the fd leaves the interest list on the loop's
     * thread, soon after.
     *
     * @return true the first time, false if it was already cancelled
     */
    @Override
    public boolean cancel() {
        if (!CANCELLED.compareAndSet(this, false, true)) {
            return false;
        }
        if (handler.inLoop()) {
            deregister();
        } else {
            handler.execute(this::deregister);
        }
        return true;
    }

    /** On the loop: out of the interest list, out of the handler's set, then tell the handle. */
    void deregister() {
        try {
            registration.deregister();
        } catch (ErrnoException e) {
            // ENOENT at worst: the fd left the interest list on its own.
            handler.debug("epoll_ctl(DEL) of " + handle + " failed", e);
        } finally {
            handler.forget(this);
            handle.unregistered();
        }
    }

    /** Hands one event to the handle, unless the registration was cancelled meanwhile. */
    void deliver(Epoll4jIoEvent event) {
        if (!cancelled) {
            handle.handle(this, event);
        }
    }

    @Override
    public String toString() {
        return "Epoll4jIoRegistration[" + handle + ", " + ops + (cancelled ? ", cancelled" : "") + "]";
    }
}
