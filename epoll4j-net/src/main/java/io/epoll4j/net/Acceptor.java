package io.epoll4j.net;

import io.epoll4j.fd.TcpStream;
import io.epoll4j.fd.TcpListener;
import io.epoll4j.fd.ErrnoException;
import io.epoll4j.fd.OwnedFd;
import io.epoll4j.loop.EventLoop;
import io.epoll4j.loop.FdHandler;
import io.epoll4j.loop.LoopRegistration;
import io.epoll4j.poll.Interest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Accepts the connections of one listening socket on one loop, and keeps the loop's list of
 * them for the server's close.
 *
 * <p>Out of file descriptors (EMFILE, ENFILE), a level-triggered listener would stay readable
 * and the loop would spin on a failing accept4. So a spare fd is held open (/dev/null): on
 * EMFILE it is closed, the waiting connection accepted and closed at once (the peer sees it
 * end, rather than wait in the queue for nothing), and the spare reopened. If even that fails,
 * accepting pauses for {@link #BACK_OFF} and the connections wait in the backlog.
 */
final class Acceptor implements FdHandler {
    static final Duration BACK_OFF = Duration.ofMillis(50);
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
                if (e.errno() != ErrnoException.EMFILE && e.errno() != ErrnoException.ENFILE) {
                    throw e;
                }
                if (!shedOne()) {
                    backOff(registration);
                    return;
                }
                continue;
            }
            if (stream == null) {
                return;
            }
            adopt(stream);
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

    /** Frees the spare fd, accepts and closes one connection, takes the spare back. */
    private boolean shedOne() {
        if (spare == null) {
            return false;
        }
        spare.close();
        spare = null;
        boolean took;
        try {
            TcpStream stream = listener.accept();
            if (stream != null) {
                stream.close();
                shed++;
            }
            took = true;
        } catch (ErrnoException e) {
            took = false;   // another thread took the freed number
        }
        spare = openSpare();
        return took;
    }

    private void backOff(LoopRegistration registration) throws ErrnoException {
        registration.interest(Interest.NONE);
        loop.schedule(() -> {
            if (!stopped && registration.isRegistered()) {
                if (spare == null) {
                    spare = openSpare();
                }
                try {
                    registration.interest(Interest.READABLE);
                } catch (ErrnoException e) {
                    throw new IllegalStateException("cannot resume accepting on " + listener, e);
                }
            }
        }, BACK_OFF);
    }

    private static OwnedFd openSpare() {
        try {
            return OwnedFd.open(SPARE);
        } catch (ErrnoException e) {
            return null;   // out of fds right now; tried again after the next shed or back-off
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
