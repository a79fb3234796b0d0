package io.epoll4j.http;

import io.epoll4j.fd.ErrnoException;
import io.epoll4j.fd.OwnedFd;
import io.epoll4j.loop.ScheduledTask;
import io.epoll4j.net.Connection;
import io.epoll4j.net.ConnectionHandler;

import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * One HTTP connection: feeds what the socket reads to its {@link HttpSession} and sends what the
 * session produces through the {@link Connection}. Runs on the connection's loop thread only.
 *
 * <p>Responses are encoded into the loop's output segment ({@link HttpLoop#out}) and staged
 * there without a copy; the connection sends all of them with one write when the read
 * callback returns. Only what the socket does not take is copied, into the connection's queue.
 */
final class HttpConnection implements ConnectionHandler, HttpOutput {
    /** How long a closing connection goes on reading and dropping what the client still sends. */
    private static final Duration LINGER = Duration.ofSeconds(2);

    private final HttpServer server;
    private final HttpSession session;
    private Connection connection;
    private HttpLoop loop;
    /** Set only while a request is in progress (slowloris guard); no timer object when idle. */
    private ScheduledTask headerDeadline;
    /** Closing lingering: output shut, input read and dropped until the peer closes or time is up. */
    private boolean lingering;
    /** The client's address once looked up; null before, and after a lookup that found none. */
    private String peer;
    private boolean peerLookedUp;

    HttpConnection(HttpServer server, HttpSession session) {
        this.server = server;
        this.session = session;
    }

    @Override
    public void onOpen(Connection c) {
        connection = c;
        loop = c.loop().local(HttpLoop.SLOT);
        session.bind(loop);
        if (server.logsAccess()) {
            remoteAddress();   // now, while the peer is surely there: its requests will be logged
        }
    }

    @Override
    public void onRead(Connection c, MemorySegment buffer, long length) throws Exception {
        if (lingering) {
            return;   // dropped: the response is out and the connection closes when the peer does
        }
        if (!session.onRead(buffer, 0, length, loop.out, this)) {
            cancelDeadline();
            return;
        }
        afterAnswer(c);
    }

    /** Output that waited is all written: answer the requests a pause left buffered. */
    @Override
    public void onWritable(Connection c) throws Exception {
        if (session.paused() && c.isOpen() && !lingering) {
            if (!session.resume(loop.out, this)) {
                cancelDeadline();
                return;
            }
            afterAnswer(c);
        }
    }

    private void afterAnswer(Connection c) {
        if (session.paused()) {
            c.pauseReading();   // resumed by onWritable once the output drains
        } else {
            c.resumeReading();
        }
        updateDeadline(c);
    }

    @Override
    public void onInputClosed(Connection c) {
        c.close();   // lingering or not, nothing more comes: close once the output is written
    }

    /**
     * Slowloris: a request that has begun must be complete within the header timeout, however
     * slowly its bytes trickle in (a per-read idle timeout would be reset by each byte). The
     * clock runs only while the connection reads: past the high water mark it stops reading
     * until the client takes its responses, and a request cut there waits on the server, not
     * on the client; reading resumes with a fresh deadline.
     */
    private void updateDeadline(Connection c) {
        if (session.midRequest() && c.isWritable() && c.isOpen()) {
            if (headerDeadline == null) {
                headerDeadline = c.loop().schedule(this::headerTimedOut, server.options().headerTimeout());
            }
        } else {
            cancelDeadline();
        }
    }

    @Override
    public void onWritabilityChanged(Connection c, boolean writable) {
        updateDeadline(c);
    }

    private void headerTimedOut() {
        headerDeadline = null;
        if (connection.isOpen()) {
            server.headerTimeouts.increment();
            connection.close();
        }
    }

    private void cancelDeadline() {
        if (headerDeadline != null) {
            headerDeadline.cancel();
            headerDeadline = null;
        }
    }

    @Override
    public void onClosed(Connection c) {
        cancelDeadline();
        session.release();
    }

    @Override
    public void onError(Connection c, Throwable error) {
        // A peer that vanished (ECONNRESET, EPIPE) is routine for a server: nothing to report.
    }

    // ---- HttpOutput: the session's bytes, in wire order ----

    @Override
    public String remoteAddress() {
        if (!peerLookedUp) {
            peerLookedUp = true;
            try {
                if (connection.peerAddress() instanceof InetSocketAddress address) {
                    peer = address.getAddress().getHostAddress();   // one getpeername(2) per connection
                }
            } catch (ErrnoException e) {
                // ENOTCONN: the peer is already gone; null, and "-" in the access log
            }
        }
        return peer;
    }

    @Override
    public void write(MemorySegment bytes, long offset, long length) {
        if (!connection.isOpen()) {
            return;   // reset by the peer during an earlier write: onClosed follows, nothing to send to
        }
        if (bytes.isNative()) {
            connection.write(bytes, offset, length);   // staged, sent when the callback returns
            return;
        }
        // A heap body: through the loop's copy segment, which each flush frees for the next piece.
        MemorySegment copy = loop.copy;
        for (long done = 0; done < length && connection.isOpen(); ) {
            long n = Math.min(copy.byteSize(), length - done);
            MemorySegment.copy(bytes, offset + done, copy, 0, n);
            connection.write(copy, 0, n);
            connection.flush();
            done += n;
        }
    }

    @Override
    public void flush() {
        if (connection.isOpen()) {
            connection.flush();
        }
    }

    @Override
    public void sendFile(OwnedFd file, long offset, long length) {
        if (!connection.isOpen()) {
            file.close();   // the peer is gone (a reset during an earlier write): nobody sends it
            return;
        }
        connection.sendFile(file, offset, length, true);
    }

    @Override
    public long pendingBytes() {
        return connection.pendingBytes();
    }

    @Override
    public void close(boolean linger) {
        cancelDeadline();
        if (!linger || !connection.isOpen()) {
            connection.close();
            return;
        }
        lingering = true;
        connection.resumeReading();
        connection.shutdownOutput();   // the response, then FIN; reading goes on
        connection.loop().schedule(connection::close, LINGER);
    }
}
