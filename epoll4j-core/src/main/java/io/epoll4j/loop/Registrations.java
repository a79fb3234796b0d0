package io.epoll4j.loop;

import io.epoll4j.fd.ErrnoException;
import io.epoll4j.fd.OwnedFd;
import io.epoll4j.poll.Interest;
import io.epoll4j.poll.Poller;
import io.epoll4j.poll.Registration;
import io.epoll4j.poll.Trigger;

/**
 * The live registrations of a loop, so that its shutdown can close them: an intrusive doubly
 * linked list (no node, no set entry per fd) under one lock, touched only when a registration
 * begins or ends, never per event.
 */
final class Registrations {
    private LoopRegistration head;
    private int count;
    private boolean closed;

    /**
     * Adds {@code fd} to the loop's poller with a {@link LoopRegistration} as the attachment
     * that dispatch finds, and links it.
     */
    synchronized LoopRegistration register(EventLoop loop, Poller poller, OwnedFd fd, Interest interest,
                                           Trigger trigger, FdHandler handler, boolean owned) throws ErrnoException {
        if (closed || loop.isShutdown()) {
            throw loop.rejected();
        }
        boolean onLoop = loop.inEventLoop();
        // Off the loop, the fd starts with no interest: the loop may poll before the attachment
        // is set, and drops what it sees then. Setting the interest after attaching makes the
        // kernel check readiness again (EPOLL_CTL_MOD re-polls the file), so nothing is lost.
        Registration r = poller.register(fd, 0L, onLoop ? interest : Interest.NONE, trigger);
        LoopRegistration lr = new LoopRegistration(loop, r, handler, owned);
        try {
            fd.addCloseListener(lr.onClose());
            r.attach(lr);
            if (!onLoop) {
                r.reregister(interest);
            }
        } catch (ErrnoException | RuntimeException e) {
            fd.removeCloseListener(lr.onClose());
            try {
                r.deregister();
            } catch (ErrnoException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        link(lr);
        return lr;
    }

    private void link(LoopRegistration r) {
        r.next = head;
        if (head != null) {
            head.prev = r;
        }
        head = r;
        r.linked = true;
        count++;
    }

    synchronized void unlink(LoopRegistration r) {
        if (!r.linked) {
            return;
        }
        if (r.prev != null) {
            r.prev.next = r.next;
        } else {
            head = r.next;
        }
        if (r.next != null) {
            r.next.prev = r.prev;
        }
        r.prev = null;
        r.next = null;
        r.linked = false;
        count--;
    }

    synchronized int count() {
        return count;
    }

    /** Refuses later links and returns the live registrations, unlinked. */
    synchronized LoopRegistration[] close() {
        closed = true;
        LoopRegistration[] all = new LoopRegistration[count];
        int i = 0;
        for (LoopRegistration r = head; r != null; r = r.next) {
            all[i++] = r;
        }
        for (LoopRegistration r : all) {
            unlink(r);
        }
        return all;
    }
}
