package io.epoll4j.poll;

import io.epoll4j.fd.ErrnoException;
import io.epoll4j.fd.OwnedFd;

/**
 * One file descriptor in one {@link Poller}'s interest list, with its token, interest and
 * trigger.
 *
 * {@snippet :
 * Registration r = poller.register(socket, 42L, Interest.READABLE, Trigger.LEVEL.oneShot());
 * // ... an event for token 42 arrives and is handled, then:
 * r.rearm();                                            // EPOLL_CTL_MOD with the same interest
 * r.reregister(43L, Interest.WRITABLE, Trigger.EDGE);   // new token, interest and trigger
 * r.deregister();                                       // EPOLL_CTL_DEL
 * }
 *
 * <p>Closing the {@link OwnedFd} deregisters it first, so a dup of the fd never keeps events
 * coming for a registration that is gone. After deregistration every method but the
 * accessors throws {@link IllegalStateException}.
 */
public final class Registration {
    private final Poller poller;
    private final OwnedFd fd;
    final int slot;
    final int generation;
    private final OwnedFd.CloseListener onClose;
    private volatile long token;
    private volatile Interest interest;
    private volatile Trigger trigger;
    private volatile boolean registered = true;
    private volatile Object attachment;

    Registration(Poller poller, OwnedFd fd, int slot, int generation, long token, Interest interest,
                 Trigger trigger) {
        this.poller = poller;
        this.fd = fd;
        this.slot = slot;
        this.generation = generation;
        this.token = token;
        this.interest = interest;
        this.trigger = trigger;
        this.onClose = number -> poller.fdClosing(this, number);
    }

    /** The token events for this registration carry. */
    public long token() {
        return token;
    }

    /** The readiness asked for. */
    public Interest interest() {
        return interest;
    }

    /** The trigger mode. */
    public Trigger trigger() {
        return trigger;
    }

    /** The registered descriptor. */
    public OwnedFd fd() {
        return fd;
    }

    /** The poller the fd is registered with. */
    public Poller poller() {
        return poller;
    }

    /** Whether still in the interest list: not deregistered, fd and poller not closed. */
    public boolean isRegistered() {
        return registered;
    }

    /** An object of the caller's, kept with the registration, such as the connection it serves. */
    public Object attachment() {
        return attachment;
    }

    /** Sets the attachment; returns the previous one. */
    public Object attach(Object value) {
        Object old = attachment;
        attachment = value;
        return old;
    }

    /**
     * Replaces token, interest and trigger (EPOLL_CTL_MOD; DEL then ADD when either the old or
     * the new trigger is exclusive, because the kernel refuses MOD there).
     */
    public void reregister(long token, Interest interest, Trigger trigger) throws ErrnoException {
        poller.reregister(this, token, interest, trigger);
    }

    /** Replaces the interest, keeping token and trigger. */
    public void reregister(Interest interest) throws ErrnoException {
        poller.reregister(this, token, interest, trigger);
    }

    /** Rearms a one-shot registration after its event (EPOLL_CTL_MOD with the same mask). */
    public void rearm() throws ErrnoException {
        poller.reregister(this, token, interest, trigger);
    }

    /** Removes the fd from the interest list (EPOLL_CTL_DEL). Doing it twice does nothing. */
    public void deregister() throws ErrnoException {
        poller.deregister(this);
    }

    /** The epoll mask this registration asks for. */
    int mask() {
        return interest.flags() | trigger.flags();
    }

    void update(long token, Interest interest, Trigger trigger) {
        this.token = token;
        this.interest = interest;
        this.trigger = trigger;
    }

    /** The data word: the slot and its generation, so stale events are recognised. */
    long data() {
        return (long) generation << 32 | slot;
    }

    OwnedFd.CloseListener onClose() {
        return onClose;
    }

    void unregistered() {
        registered = false;
    }

    IllegalStateException notRegistered() {
        return new IllegalStateException("registration of " + fd + " (token " + token + ") is "
                + (poller.isOpen() ? "deregistered" : "gone: its poller is closed"));
    }

    @Override
    public String toString() {
        return "Registration[" + fd + ", token " + token + ", " + interest + ", " + trigger
                + (registered ? "" : ", deregistered") + "]";
    }
}
