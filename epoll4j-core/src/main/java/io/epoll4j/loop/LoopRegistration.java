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
 * This object is the fd's {@link Registration} in the loop's {@link Poller} itself (the one
 * subclass the poller's registration permits), built with its handler before EPOLL_CTL_ADD:
 * the loop's dispatch gets it from the event's data word without a lookup, and never sees the
 * fd without its handler. Its {@link #attachment()} is the application's. The poller is the
 * loop's only record of its registrations (its shutdown walks {@link Poller#registered()}),
 * and the poller's close listener is the only one the loop puts on the fd.
 */
public final class LoopRegistration extends Registration {
    private final EventLoop loop;
    private final FdHandler handler;
    private final boolean owned;

    LoopRegistration(EventLoop loop, Poller poller, OwnedFd fd, Interest interest, Trigger trigger,
                     FdHandler handler, boolean owned) {
        super(poller, fd, 0L, interest, trigger);
        this.loop = loop;
        this.handler = handler;
        this.owned = owned;
    }

    /** The loop the fd is registered with. */
    public EventLoop loop() {
        return loop;
    }

    /** The handler called when the fd is ready. */
    public FdHandler handler() {
        return handler;
    }

    /** Whether the loop's shutdown closes the fd ({@link EventLoop#register}) or only deregisters it. */
    public boolean ownsFd() {
        return owned;
    }

    /** Changes the readiness asked for (EPOLL_CTL_MOD), keeping the trigger. */
    public void interest(Interest interest) throws ErrnoException {
        reregister(interest);
    }

    /** Changes the readiness and the trigger mode (EPOLL_CTL_MOD). */
    public void reregister(Interest interest, Trigger trigger) throws ErrnoException {
        reregister(token(), interest, trigger);
    }

    /** Deregisters and closes the fd (the poller's close listener takes it out of the interest list first). */
    public void close() {
        fd().close();
    }

    @Override
    protected void fdClosed() {
        handler.closed(this);
    }

    void dispatch(int readyMask) throws Exception {
        handler.ready(this, readyMask);
    }

    void shutdown() {
        if (owned) {
            fd().close();
        } else {
            try {
                deregister();
            } catch (ErrnoException | IllegalStateException e) {
                // The fd or poller closed meanwhile: either way it is out of the interest list.
            }
        }
    }

    @Override
    public String toString() {
        return "LoopRegistration[" + fd() + " on " + loop.name() + ", " + interest() + ", "
                + trigger() + (isRegistered() ? "" : ", deregistered") + "]";
    }
}
