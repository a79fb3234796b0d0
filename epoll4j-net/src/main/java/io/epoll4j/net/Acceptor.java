package io.epoll4j.net;

import io.epoll4j.fd.ErrnoException;
import io.epoll4j.fd.OwnedFd;
import io.epoll4j.fd.TcpListener;
import io.epoll4j.fd.TcpStream;
import io.epoll4j.loop.EventLoop;
import io.epoll4j.loop.FdHandler;
import io.epoll4j.loop.LoopRegistration;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Accepts the connections of one listening socket on one loop, and keeps the loop's list of
 * them for the server's close.
 *
 * <p>Out of file descriptors (EMFILE, ENFILE), a level-triggered listener would stay readable
 * and the loop would spin on a failing accept4, while the connections in its queue wait for
 * nothing. So every connection queued then is ended at once, in one of two ways:
 * <ol>
 * <li>A spare fd is held open (/dev/null): it is closed, the waiting connections accepted into
 *     the number it freed and closed one by one until accept4 says EAGAIN (the queue is empty,
 *     and shedding stops there), and the spare reopened.
 * <li>When the spare is lost (another thread took the freed number, or it could not be
 *     reopened), no fd is needed at all: {@link TcpListener#resetQueue} ends every queued
 *     connection with a reset and listens again on the same address.
 * </ol>
 * Either way the listener is left with an empty queue, so it is not readable until the next
 * connection arrives, and each of those is refused the same way until fds are free again.
 */
final class Acceptor implements FdHandler {
    private static final Path SPARE = Path.of("/dev/null");

    private final EventLoop loop;
    private final TcpListener listener;
    private final ServerOptions options;
    private final Supplier<? extends ConnectionHandler> handlers;
    private final boolean ownsListener;
    private final ArrayList<Connection> live = new ArrayList<>();
    private OwnedFd spare;
    private boolean stopped;
    volatile long accepted;
    volatile long shed;
    volatile long queueResets;
    volatile int open;

    Acceptor(EventLoop loop, TcpListener listener, ServerOptions options,
             Supplier<? extends ConnectionHandler> handlers, boolean ownsListener) {
        this.loop = loop;
        this.listener = listener;
        this.options = options;
        this.handlers = handlers;
        this.ownsListener = ownsListener;
        this.spare = openSpare();
    }

    @Override
    public void ready(LoopRegistration registration, int readyMask) throws ErrnoException {
        for (int i = 0; i < options.acceptBatch() && !stopped; i++) {
            TcpStream stream;
            try {
                stream = listener.accept();
            } catch (ErrnoException e) {
                if (outOfFds(e)) {
                    shed();
                    return;
                }
                if (e.errno() == ErrnoException.EINVAL && !ownsListener) {
                    return;   // the shared listener is between resetQueue's shutdown and listen
                }
                throw e;
            }
            if (stream == null) {
                return;
            }
            adopt(stream);
            if (spare == null) {
                spare = openSpare();   // lost at the limit; fds are to be had again
            }
        }
    }

    private void adopt(TcpStream stream) {
        ConnectionHandler handler;
        try {
            handler = handlers.get();
        } catch (RuntimeException | Error e) {
            stream.close();
            throw e;
        }
        Connection c = new Connection(loop, stream, options.connection(), handler, this);
        c.ownerIndex = live.size();
        live.add(c);
        accepted++;
        open = live.size();
        c.start(false);
    }

    /** Out of fds: ends the connections waiting in the queue, with the spare's number or without any. */
    private void shed() throws ErrnoException {
        if (spare == null) {
            spare = openSpare();
        }
        if (spare != null && shedThroughSpare()) {
            return;
        }
        if (ownsListener) {
            listener.resetQueue(options.backlog());
        } else {
            synchronized (listener) {   // the loops sharing it must not reset it at once
                listener.resetQueue(options.backlog());
            }
        }
        queueResets++;
    }

    /**
     * Frees the spare fd, accepts and closes queued connections into its number until the queue
     * is empty (or a turn's batch is done: the listener then stays readable for the next turn),
     * and takes the spare back.
     *
     * @return false if the freed number was taken before an accept got it, or the spare could
     *         not be reopened: the spare is lost, and the queue must be reset without it
     */
    private boolean shedThroughSpare() throws ErrnoException {
        spare.close();
        spare = null;
        boolean took = true;
        try {
            for (int i = 0; i < options.acceptBatch(); i++) {
                TcpStream stream = listener.accept();
                if (stream == null) {
                    break;   // EAGAIN: nothing is waiting any more
                }
                stream.close();
                shed++;
            }
        } catch (ErrnoException e) {
            if (!outOfFds(e) && (e.errno() != ErrnoException.EINVAL || ownsListener)) {
                throw e;
            }
            took = e.errno() == ErrnoException.EINVAL;   // EINVAL: a sharing loop reset the queue meanwhile
        } finally {
            spare = openSpare();
        }
        return took && spare != null;
    }

    private static boolean outOfFds(ErrnoException e) {
        return e.errno() == ErrnoException.EMFILE || e.errno() == ErrnoException.ENFILE;
    }

    private static OwnedFd openSpare() {
        try {
            return OwnedFd.open(SPARE);
        } catch (ErrnoException e) {
            return null;   // out of fds right now; tried again at the next shed
        }
    }

    /** A connection of this loop ended. */
    void forget(Connection c) {
        int i = c.ownerIndex;
        if (i < 0) {
            return;
        }
        Connection last = live.removeLast();
        if (last != c) {
            live.set(i, last);
            last.ownerIndex = i;
        }
        c.ownerIndex = -1;
        open = live.size();
    }

    /** On the loop thread: stop accepting, abort this loop's connections, release the spare. */
    void stop() {
        stop(false);
    }

    /**
     * On the loop thread: stop accepting and release the spare; then abort this loop's
     * connections, or with {@code graceful} close them once their pending output is written.
     */
    void stop(boolean graceful) {
        stopped = true;
        if (ownsListener) {
            listener.close();
        }
        for (Connection c : List.copyOf(live)) {
            if (graceful) {
                c.close();
            } else {
                c.abort();
            }
        }
        if (spare != null) {
            spare.close();
            spare = null;
        }
    }

    /** The server failed to start: give back the spare fd. */
    void releaseSpare() {
        if (spare != null) {
            spare.close();
            spare = null;
        }
    }

    EventLoop loop() {
        return loop;
    }
}
