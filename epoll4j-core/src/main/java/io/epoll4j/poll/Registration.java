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
public sealed class Registration permits io.epoll4j.loop.LoopRegistration {
    private final Poller poller;
    private final OwnedFd fd;
    // Set by the poller under its lock before the registration is published (a release store
    // into its slot table, which resolve() reads with acquire): final in all but name.
    int slot = -1;
    int generation;
    private final OwnedFd.CloseListener onClose;
    private volatile long token;
    private volatile Interest interest;
    private volatile Trigger trigger;
    private volatile boolean registered;
    private volatile Object attachment;

    /**
     * A registration of {@code fd} with {@code poller}, not yet in its interest list: the
     * poller's {@code register} methods make and add these. The class is sealed; its one
     * subclass is the event loop's {@code LoopRegistration}, which the loop builds itself and
     * hands to {@link Poller#register(Registration)}, so that one object per fd is all the
     * loop and the poller keep.
     */
    protected Registration(Poller poller, OwnedFd fd, long token, Interest interest, Trigger trigger) {
        this.poller = java.util.Objects.requireNonNull(poller, "poller");
        this.fd = java.util.Objects.requireNonNull(fd, "fd");
        this.token = token;
        this.interest = java.util.Objects.requireNonNull(interest, "interest");
        this.trigger = java.util.Objects.requireNonNull(trigger, "trigger");
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

    /**
     * Called once on the closing thread when the fd closed while registered, after the poller
     * took it out of the interest list. Nothing here: the loop's registration tells its handler.
     */
    protected void fdClosed() {}

    /** The poller took it: its slot and generation are set and it is about to be added. */
    void registered(int slot, int generation) {
        this.slot = slot;
        this.generation = generation;
        this.registered = true;
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
