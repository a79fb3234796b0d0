package io.epoll4j.loop;

/**
 * The live registrations of a loop, so that its shutdown can close them: an intrusive doubly
 * linked list (no node, no set entry per fd) under one lock, touched only when a registration
 * begins or ends, never per event.
 */
final class Registrations {
    private LoopRegistration head;
    private int count;
    private boolean closed;

    /** Links {@code r}; false once {@link #close()} ran. Call with the lock held. */
    boolean link(LoopRegistration r) {
        if (closed) {
            return false;
        }
        r.next = head;
        if (head != null) {
            head.prev = r;
        }
        head = r;
        r.linked = true;
        count++;
        return true;
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

    synchronized boolean isClosed() {
        return closed;
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
