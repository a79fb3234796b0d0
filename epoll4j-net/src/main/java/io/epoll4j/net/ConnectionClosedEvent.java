package io.epoll4j.net;

import io.epoll4j.fd.OwnedFd;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * JFR event {@code io.epoll4j.ConnectionClosed}: a connection closed (by either side, by a
 * timeout, an error or the loop's shutdown). Free while no recording is on, as
 * {@link ConnectionOpenedEvent}.
 */
@Name("io.epoll4j.ConnectionClosed")
@Label("Connection Closed")
@Category({"epoll4j", "Connections"})
@Description("A connection closed on an event loop")
@StackTrace(false)
final class ConnectionClosedEvent extends jdk.jfr.Event {
    private static final ConnectionClosedEvent PROBE = new ConnectionClosedEvent();

    @Label("Loop")
    String loop;

    @Label("Socket")
    @Description("The socket and its fd number")
    String socket;

    static void emit(Connection c, OwnedFd socket) {
        if (PROBE.isEnabled()) {
            ConnectionClosedEvent e = new ConnectionClosedEvent();
            if (e.shouldCommit()) {
                e.loop = c.loop().name();
                e.socket = socket.toString();
                e.commit();
            }
        }
    }
}
