package io.epoll4j.net;

import io.epoll4j.fd.ErrnoException;
import io.epoll4j.fd.OwnedFd;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * JFR event {@code io.epoll4j.ConnectionOpened}: a connection opened on a loop (accepted, or
 * connected by a client). {@link #emit} asks a shared instance whether the event is enabled
 * before it allocates or reads anything, so it is free while no recording is on.
 */
@Name("io.epoll4j.ConnectionOpened")
@Label("Connection Opened")
@Category({"epoll4j", "Connections"})
@Description("A connection opened on an event loop")
@StackTrace(false)
final class ConnectionOpenedEvent extends jdk.jfr.Event {
    private static final ConnectionOpenedEvent PROBE = new ConnectionOpenedEvent();

    @Label("Loop")
    String loop;

    @Label("Socket")
    @Description("The socket and its fd number")
    String socket;

    @Label("Peer")
    String peer;

    static void emit(Connection c, OwnedFd socket) {
        if (PROBE.isEnabled()) {
            ConnectionOpenedEvent e = new ConnectionOpenedEvent();
            if (e.shouldCommit()) {
                e.loop = c.loop().name();
                e.socket = socket.toString();
                e.peer = peer(c);
                e.commit();
            }
        }
    }

    /** The peer's address for an event, or why it is not known. */
    static String peer(Connection c) {
        try {
            return String.valueOf(c.peerAddress());
        } catch (ErrnoException | IllegalStateException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
