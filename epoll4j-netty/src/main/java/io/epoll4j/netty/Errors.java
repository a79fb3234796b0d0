package io.epoll4j.netty;

import io.epoll4j.fd.ErrnoException;

import java.net.ConnectException;
import java.net.PortUnreachableException;
import java.net.SocketAddress;

/**
 * The exception types Netty's users test for, made from an {@link ErrnoException} whose message
 * (the syscall, the fd or address, the errno name and its text) they keep, and which stays
 * attached as the cause. Every other failure is passed on as the ErrnoException itself: an
 * IOException such as {@code sendmsg(fd 12, peer /127.0.0.1:40312): EPIPE (Broken pipe)}.
 */
final class Errors {
    private Errors() {}

    /** A failed connect(2): {@link ConnectException}, as from Netty's NIO and epoll transports. */
    static ConnectException connectFailed(ErrnoException e, SocketAddress remote) {
        String message = e.getMessage();
        if (remote != null && !message.contains(String.valueOf(remote))) {
            message = message + ": " + remote;
        }
        ConnectException c = new ConnectException(message);
        c.initCause(e);
        return c;
    }

    /**
     * A datagram call failed: ECONNREFUSED there means an ICMP port unreachable came back for
     * an earlier datagram of a connected socket ({@link PortUnreachableException}, as in the JDK).
     */
    static java.io.IOException datagram(ErrnoException e) {
        if (e.errno() == ErrnoException.ECONNREFUSED) {
            PortUnreachableException p = new PortUnreachableException(e.getMessage());
            p.initCause(e);
            return p;
        }
        return e;
    }
}
