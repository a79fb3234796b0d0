package io.epoll4j.net;

import io.epoll4j.fd.OwnedFd;
import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * JFR event {@code io.epoll4j.BackPressure}: a connection's pending output crossed its high
 * water mark (on: it is unwritable, and may stop reading) or fell back to its low water mark
 * (off). Free while no recording is on, as {@link ConnectionOpenedEvent}.
 */
@Name("io.epoll4j.BackPressure")
@Label("Back-Pressure")
@Category({"epoll4j", "Connections"})
@Description("A connection became unwritable (on) or writable again (off)")
@StackTrace(false)
final class BackPressureEvent extends jdk.jfr.Event {
    private static final BackPressureEvent PROBE = new BackPressureEvent();

    @Label("Loop")
    String loop;

    @Label("Socket")
    @Description("The socket and its fd number")
    String socket;

    @Label("On")
    @Description("True when the connection became unwritable, false when it became writable again")
    boolean on;

    @Label("Pending Output")
    @DataAmount
    long pendingBytes;

    static void emit(Connection c, OwnedFd socket, boolean on, long pendingBytes) {
        if (PROBE.isEnabled()) {
            BackPressureEvent e = new BackPressureEvent();
            if (e.shouldCommit()) {
                e.loop = c.loop().name();
                e.socket = socket.toString();
                e.on = on;
                e.pendingBytes = pendingBytes;
                e.commit();
            }
        }
    }
}
