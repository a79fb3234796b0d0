package io.epoll4j.net;

import io.epoll4j.fd.EpollFlags;
import io.epoll4j.fd.ErrnoException;
import io.epoll4j.fd.SockOpt;
import io.epoll4j.fd.TcpStream;
import io.epoll4j.poll.Interest;
import io.epoll4j.poll.Readiness;
import io.epoll4j.poll.Trigger;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

import static io.epoll4j.net.Connection.CLOSED;
import static io.epoll4j.net.Connection.CLOSING;
import static io.epoll4j.net.Connection.CONNECTING;
import static io.epoll4j.net.Connection.OPEN;

/**
 * What drives a {@link Connection} on its loop thread: registration, the read loop, the flush
 * with its back-pressure, the interest set, timeouts and the close path. Static methods over
 * the connection's package-private state, so a connection carries no second object for them.
 *
 * <p>Every entry from the loop (an event, a timeout, a flush from outside a callback) makes the
 * connection the loop's active one, so its writes are staged without a copy, and flushes
 * whatever it staged, once, on the way out ({@link #enter}, {@link #leave}).
 *
 * <h2>Why the read loop is written inside {@link #ready}</h2>
 * Each downcall slices the thread's errno capture segment (the JDK's {@code
 * SharedUtils.checkCaptureSegment}); the slice is only scalar-replaced, so that nothing is
 * allocated per call, when C2 inlines the whole chain from a compiled root down to the slice's
 * constructor, and C2 stops at {@code MaxInlineLevel} (15) calls deep. {@code ready} is too big
 * to be inlined into its callers, so it is such a root, and the read and the flush's
 * {@code sendmsg} stay within reach below it. {@code ConnectionAllocationTest} and
 * {@code HttpAllocationTest} pin that; a call level added on this path can break it.
 */
final class ConnectionDriver {
    private static final Interest READ = Interest.READABLE.add(Interest.READ_CLOSED);
    private static final Interest READ_WRITE = READ.add(Interest.WRITABLE);

    private ConnectionDriver() {}

    /**
     * Makes {@code c} the active connection; returns the one to restore in {@link #leave}.
     * Entered from inside another connection's callback (its handler flushing this one), the
     * outer connection's staged slices are copied first: this connection's callbacks may
     * reuse the very memory they borrow (the loop's shared encoding segment).
     */
    private static Connection enter(Connection c) {
        Connection outer = c.context.active;
        if (outer != null && outer != c) {
            outer.out.copyStaged();
        }
        c.context.active = c;
        return outer;
    }

    /** Flushes what {@code c} staged, updates its interest, and restores {@code outer}. */
    private static void leave(Connection c, Connection outer) {
        try {
            if (c.dirty && c.state != CLOSED) {
                flushNow(c);
            }
            if (c.state == OPEN || c.state == CLOSING) {
                updateInterest(c);
            }
        } catch (Throwable e) {
            fail(c, e);
        } finally {
            c.context.active = outer;
        }
    }

    /**
     * Registers the socket; an accepted connection opens at once. A failure (the registration
     * refused, onOpen throwing) goes to onError, then onClosed.
     */
    static void start(Connection c, boolean connecting) {
        c.state = connecting ? CONNECTING : OPEN;
        Connection outer = enter(c);
        try {
            c.interest = connecting ? Interest.WRITABLE : READ;
            c.registration = c.loop.register(c.socket, c.interest, Trigger.LEVEL, c.context.io);
            c.registration.attach(c); // the loop's handler finds c here, also when the fd closes
            if (!connecting) {
                opened(c);
            }
        } catch (Throwable e) {
            fail(c, e);
        }
        leave(c, outer);
    }

    static void ready(Connection c, int mask) {
        if (c.state == CLOSED) {
            return;
        }
        Connection outer = c.context.active;
        c.context.active = c;
        try {
            if (c.state == CONNECTING) {
                if (c.socket.finishConnect()) {
                    opened(c);
                    afterCallback(c);
                }
                return;
            }
            if (Readiness.isWritable(mask) && c.out.hasQueued()) {
                flushNow(c);
            }
            boolean hangUp = (mask & EpollFlags.EPOLLHUP) != 0;
            if (c.state == OPEN && !c.inputClosed && (readingActive(c) || hangUp)) {
                // The read loop, written here rather than called: see the class documentation.
                MemorySegment buffer = c.context.readBuffer;
                long budget = c.options.readBudget();
                while (budget > 0) {
                    long want = Math.min(buffer.byteSize(), budget);
                    long n = c.socket.read(buffer, want);
                    if (n == 0) {
                        break;
                    }
                    if (n < 0) {
                        c.inputClosed = true;
                        c.handler.onInputClosed(c);
                        break;
                    }
                    budget -= n;
                    if (c.timed) {
                        // All a timeout costs per read: the turn's clock (no clock read) and two stores.
                        long now = c.loop.turnTime();
                        c.idleSince = now;
                        c.readSince = now;
                    }
                    c.handler.onRead(c, buffer, n);
                    if (c.dirty && c.state != CLOSED) {
                        flushNow(c);   // before the loop's buffer is read into again
                    }
                    // A short read means the socket is drained; level-triggered epoll says if more comes.
                    if (n < want || !readingActive(c)) {
                        break;
                    }
                }
            } else if (Readiness.isError(mask) && c.state != CLOSED) {
                int errno = c.socket.pendingError();
                if (errno != 0) {
                    throw new ErrnoException("connection " + c.socket, errno);
                }
            }
            if (hangUp && c.inputClosed && !c.out.hasQueued() && c.state != CLOSED) {
                closeNow(c);   // both directions are over and nothing waits: nothing more can happen
            }
            afterCallback(c);
        } catch (Throwable e) {
            fail(c, e);
        } finally {
            c.context.active = outer;
        }
    }

    /** What every callback ends with: the staged writes flushed, the interest brought up to date. */
    private static void afterCallback(Connection c) throws Exception {
        if (c.dirty && c.state != CLOSED) {
            flushNow(c);
        }
        if (c.state == OPEN || c.state == CLOSING) {
            updateInterest(c);
        }
    }

    private static void opened(Connection c) throws Exception {
        c.state = OPEN;
        if (c.options.tcpNoDelay() && c.socket instanceof TcpStream) {
            c.socket.setOption(SockOpt.TCP_NODELAY, true);
        }
        if (c.timed) {
            c.context.startTimeouts(c, System.nanoTime());
        }
        ConnectionOpenedEvent.emit(c, c.socket);
        c.handler.onOpen(c);
    }

    /** Flushes from outside the read loop (the application's flush, a task's writes). */
    static void flush(Connection c) {
        if (c.state == CLOSED) {
            return;
        }
        c.dirty = true;
        leave(c, enter(c));
    }

    /** Sends the staged slices before a file is queued behind them; false if that failed. */
    static boolean flushStaged(Connection c) {
        try {
            flushNow(c);
        } catch (Throwable e) {
            fail(c, e);
        }
        return c.state == OPEN;
    }

    /**
     * Writes what is staged and queued as far as the socket takes it, and copies the rest into
     * the queue. The ownership rule of borrowed output, kept here once for every caller: a
     * staged slice never outlives the callback that staged it. The callbacks this calls
     * (onWritabilityChanged, onWritable) may stage again, into memory the next callback of
     * this connection reuses (the loop's read buffer, an encoder's shared segment: HTTP
     * answers resumed in onWritable, then the next onRead encoding over them), so it goes round
     * until nothing is staged: on return no byte of anyone else's memory is borrowed.
     */
    private static void flushNow(Connection c) throws Exception {
        do {
            c.dirty = false;
            if (c.state == CONNECTING) {
                return;
            }
            OutputQueue out = c.out;
            boolean waited = out.hasQueued();
            long before = out.pendingBytes();
            boolean done = out.flush(c.socket);
            if (out.overBudget) {
                throw overBudget(c);
            }
            long pending = out.pendingBytes();
            if (pending != before && c.timed) {
                c.idleSince = c.loop.turnTime();
            }
            ConnectionOptions o = c.options;
            if (!c.unwritable && pending > o.highWaterMark()) {
                c.unwritable = true;
                BackPressureEvent.emit(c, c.socket, true, pending);
                c.handler.onWritabilityChanged(c, false);
            } else if (c.unwritable && pending <= o.lowWaterMark()) {
                c.unwritable = false;
                BackPressureEvent.emit(c, c.socket, false, pending);
                c.handler.onWritabilityChanged(c, true);
            }
            if (done && c.state != CLOSED) {
                if (c.state == CLOSING) {
                    closeNow(c);
                    return;
                }
                if (c.shutdownOutputPending) {
                    c.shutdownOutputPending = false;
                    c.socket.shutdownOutput();
                }
                if (waited) {
                    c.handler.onWritable(c);
                }
            }
        } while (c.dirty && c.state != CLOSED);
    }

    static IOException overBudget(Connection c) {
        return new IOException(c + " shed: its pending output passed the memory budget ("
                + c.options.memoryBudget() + ")");
    }

    private static boolean readingActive(Connection c) {
        return c.state == OPEN && !c.inputClosed && !c.readingPaused
                && !(c.unwritable && c.options.pauseReadingWhenUnwritable());
    }

    private static void updateInterest(Connection c) throws ErrnoException {
        boolean write = c.out.hasQueued();
        Interest want = readingActive(c) ? (write ? READ_WRITE : READ) : (write ? Interest.WRITABLE : Interest.NONE);
        if (want != c.interest) {   // Interest instances are shared, so identity is equality
            c.registration.interest(want);
            c.interest = want;
        }
    }

    static void interestChanged(Connection c) {
        if (c.state == OPEN && c.context.active != c) {
            try {
                updateInterest(c);   // in a callback, leave() does it once on the way out
            } catch (ErrnoException e) {
                fail(c, e);
            }
        }
    }

    static void timedOut(Connection c, ConnectionHandler.Timeout timeout) {
        if (c.state == CLOSING) {
            closeNow(c);   // a graceful close that timed out: the peer is not reading
            return;
        }
        if (c.state != OPEN) {
            return;
        }
        Connection outer = enter(c);
        try {
            c.handler.onTimeout(c, timeout);
        } catch (Throwable e) {
            fail(c, e);
        }
        leave(c, outer);
    }

    static void close(Connection c) {
        if (c.state == CLOSED || c.state == CLOSING) {
            return;
        }
        if (c.state == CONNECTING) {
            closeNow(c);
            return;
        }
        try {
            if (c.dirty && c.state == OPEN) {
                flushNow(c);
            }
            if (c.state == CLOSED) {
                return;
            }
            if (c.out.isEmpty()) {
                closeNow(c);
            } else {
                c.state = CLOSING;
                updateInterest(c);
            }
        } catch (Throwable e) {
            fail(c, e);
        }
    }

    static void closeNow(Connection c) {
        if (c.state == CLOSED) {
            return;
        }
        c.state = CLOSED;
        release(c);
        try {
            if (c.registration != null) {
                c.registration.close();   // deregister, then close(2)
            } else {
                c.socket.close();
            }
        } finally {
            forget(c);
        }
        callOnClosed(c);
    }

    /** The socket closed while registered, not by {@link #closeNow}: the loop's shutdown, or its owner. */
    static void closedUnderneath(Connection c) {
        if (c.state != CLOSED) {
            c.state = CLOSED;
            release(c);
            forget(c);
            callOnClosed(c);
        }
    }

    private static void release(Connection c) {
        ConnectionClosedEvent.emit(c, c.socket);
        c.out.clear();
        c.context.forgetTimeouts(c);
    }

    /**
     * Takes {@code c} out of its server's count once its fd is closed, not before: a caller
     * that sees {@link TcpServer#openConnections()} reach 0 finds none of their fds open.
     */
    private static void forget(Connection c) {
        if (c.owner != null) {
            c.owner.forget(c);
        }
    }

    private static void callOnClosed(Connection c) {
        try {
            c.handler.onClosed(c);
        } catch (Exception e) {
            throw new IllegalStateException("onClosed of " + c + " failed", e);
        }
    }

    static void fail(Connection c, Throwable error) {
        if (c.state == CLOSED) {
            return;
        }
        try {
            c.handler.onError(c, error);
        } catch (Throwable e) {
            error.addSuppressed(e);
        } finally {
            closeNow(c);
        }
        if (error instanceof VirtualMachineError fatal) {
            throw fatal;   // not this connection's failure but the JVM's: the loop's handler decides
        }
    }
}
