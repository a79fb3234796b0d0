package io.epoll4j.fd;

import io.epoll4j.sys.Errno;
import io.epoll4j.sys.SocketCalls;

/** accept4(2) as both listeners use it. */
final class Accept {
    private Accept() {}

    /**
     * The next connection's fd, non-blocking and close-on-exec, or -1 if none is waiting.
     * Connections that died in the queue (ECONNABORTED) and network errors accept(2) says to
     * treat like EAGAIN are skipped by retrying.
     */
    static int next(SocketFd listener) throws ErrnoException {
        int n = listener.acquire();
        try {
            while (true) {
                // sys restarts EINTR; this loop skips connections that died in the queue.
                int r = SocketCalls.accept4(n, SocketCalls.SOCK_NONBLOCK | SocketCalls.SOCK_CLOEXEC);
                if (r >= 0) {
                    return r;
                }
                if (r == -Errno.EAGAIN) {
                    return -1;
                }
                if (!skip(-r)) {
                    throw listener.failure("accept4", n, -r);
                }
            }
        } finally {
            listener.release();
        }
    }

    // accept(2), "Error handling": Linux hands a queued connection's network error to accept;
    // these "should be treated like EAGAIN by retrying", which moves on to the next connection.
    private static boolean skip(int errno) {
        return switch (errno) {
            case Errno.ECONNABORTED, Errno.ENETDOWN, Errno.ENETUNREACH, Errno.EHOSTDOWN,
                 Errno.EHOSTUNREACH, Errno.ENOPROTOOPT, Errno.EOPNOTSUPP, EPROTO, ENONET -> true;
            default -> false;
        };
    }

    private static final int ENONET = 64;
    private static final int EPROTO = 71;
}
