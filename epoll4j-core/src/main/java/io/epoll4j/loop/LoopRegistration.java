package io.epoll4j.loop;

import io.epoll4j.fd.ErrnoException;
import io.epoll4j.fd.OwnedFd;
import io.epoll4j.poll.Interest;
import io.epoll4j.poll.Poller;
import io.epoll4j.poll.Registration;
import io.epoll4j.poll.Trigger;

/**
 * A file descriptor registered with an {@link EventLoop}, with the {@link FdHandler} the loop
 * calls when it is ready.
 *
 * {@snippet :
 * LoopRegistration r = loop.register(socket, Interest.READABLE, Trigger.EDGE, handler);
 * r.attach(connection);                                  // find it again in the handler
 * r.interest(Interest.READABLE.add(Interest.WRITABLE));  // output is queued: tell me when it drains
 * r.interest(Interest.READABLE);                         // drained
 * r.close();                                             // deregister, then close(2)
 * }
 *
 * <h2>Threads</h2>
 * Every method may be called from any thread; each change reaches the kernel before it
 * returns. The handler runs on the loop thread only. When another thread deregisters or
 * closes while the loop is dispatching, one call of the handler may still be under way or
 * begin right after; from the loop thread itself, no call follows a deregistration.
 *
 * <h2>Ownership</h2>
 * A registration made with {@link EventLoop#register} owns its fd: the loop's shutdown closes
 * it. One made with {@link EventLoop#registerShared} does not: shutdown only deregisters it.
 * {@link #deregister()} hands the fd back to the caller in both cases; closing the fd itself
 * (anywhere) deregisters it as well.
 *
 * <h2>Implementation notes</h2>
 * This object is the attachment of the fd's {@link Registration} in the loop's
 * {@link Poller}, set before EPOLL_CTL_ADD, so the loop's dispatch finds it from the event
 * without a lookup and never sees the fd without it. The poller is the loop's only record of
 * its registrations (its shutdown walks {@link Poller#registered()}), and the poller's close
 * listener is the only one the loop puts on the fd.
 */
public final class LoopRegistration {
    private final EventLoop loop;
    private final Registration registration;
    private final FdHandler handler;
    private final boolean owned;
    private volatile Object attachment;

    LoopRegistration(EventLoop loop, Registration registration, FdHandler handler, boolean owned) {
        this.loop = loop;
        this.registration = registration;
        this.handler = handler;
        this.owned = owned;
    }

    /** The loop the fd is registered with. */
    public EventLoop loop() {
        return loop;
    }

    /** The registered descriptor. */
    public OwnedFd fd() {
        return registration.fd();
    }

    /** The handler called when the fd is ready. */
    public FdHandler handler() {
        return handler;
    }

    /** The readiness asked for. */
    public Interest interest() {
        return registration.interest();
    }

    /** The trigger mode. */
    public Trigger trigger() {
        return registration.trigger();
    }

    /** Whether the loop still watches the fd: not deregistered, not closed, loop not shut down. */
    public boolean isRegistered() {
        return registration.isRegistered();
    }

    /** Whether the loop's shutdown closes the fd ({@link EventLoop#register}) or only deregisters it. */
    public boolean ownsFd() {
        return owned;
    }

    /** An object of the caller's, such as the connection this fd serves. */
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
     * Changes the interest, keeping the trigger (EPOLL_CTL_MOD; for a one-shot trigger this also
     * rearms). Always a syscall: another thread may be changing the interest at the same time,
     * so only the kernel knows the current one. Keep your own flag to skip needless changes.
     */
    public void interest(Interest interest) throws ErrnoException {
        registration.reregister(interest);
    }

    /** Changes interest and trigger (EPOLL_CTL_MOD; DEL then ADD around an exclusive trigger). */
    public void reregister(Interest interest, Trigger trigger) throws ErrnoException {
        registration.reregister(registration.token(), interest, trigger);
    }

    /** Rearms a one-shot registration after its event. */
    public void rearm() throws ErrnoException {
        registration.rearm();
    }

    /**
     * Takes the fd out of the loop (EPOLL_CTL_DEL); it stays open and is the caller's again.
     * Doing it twice does nothing.
     */
    public void deregister() throws ErrnoException {
        registration.deregister();
    }

    /** Deregisters and closes the fd. Doing it twice does nothing. */
    public void close() {
        registration.fd().close();   // the poller's close listener takes it out of the interest list first
    }

    Registration registration() {
        return registration;
    }

    /** Calls the handler; the loop catches what it throws. */
    void dispatch(int readyMask) throws Exception {
        handler.ready(this, readyMask);
    }

    /** The loop is ending: close an owned fd, deregister a shared one. */
    void shutdown() {
        if (owned) {
            registration.fd().close();
        } else {
            try {
                registration.deregister();
            } catch (ErrnoException | IllegalStateException e) {
                // The fd or poller closed meanwhile: either way it is out of the interest list.
            }
        }
    }

    @Override
    public String toString() {
        return "LoopRegistration[" + registration.fd() + " on " + loop.name() + ", " + interest() + ", "
                + trigger() + (isRegistered() ? "" : ", deregistered") + "]";
    }
}
