package io.epoll4j.net;

import io.epoll4j.fd.ErrnoException;

import java.lang.foreign.MemorySegment;

/**
 * What a {@link Connection} tells the application; every method runs on the connection's
 * event loop thread.
 *
 * {@snippet :
 * ConnectionHandler echo = new ConnectionHandler() {
 *     @Override
 *     public void onRead(Connection c, MemorySegment buffer, long length) {
 *         c.write(buffer, 0, length);    // flushed when onRead returns; the tail is copied if the socket is full
 *     }
 * };
 * }
 *
 * <h2>Order</h2>
 * {@link #onOpen} first; then any number of {@link #onRead}, {@link #onWritable} and
 * {@link #onWritabilityChanged}; {@link #onInputClosed} at most once; {@link #onError} at most
 * once, just before the end; {@link #onClosed} exactly once, last. What a callback throws is
 * handed to {@link #onError} and the connection is aborted.
 *
 * <h2>Writes and flushes</h2>
 * Writes made in a callback are flushed when it returns, in one send(2) or sendmsg(2) for all
 * of them; elsewhere (a timer, a task) call {@link Connection#flush()}.
 */
public interface ConnectionHandler {
    /** Why {@link #onTimeout} was called. */
    enum Timeout {
        /** Nothing read or written for {@link ConnectionOptions#idleTimeout()}. */
        IDLE,
        /** Nothing read for {@link ConnectionOptions#readTimeout()}. */
        READ
    }

    /** The connection is established (accepted, or the connect completed). */
    default void onOpen(Connection connection) throws Exception {}

    /**
     * Bytes arrived: {@code buffer[0 .. length)}. The buffer belongs to the loop and is reused for
     * the next read of any connection on it: parse straight from it, and copy only what must
     * outlive this call. Writing a slice of it back ({@link Connection#write(MemorySegment, long, long)})
     * is safe: the write is flushed, and any unwritten tail copied, before the buffer is reused.
     */
    void onRead(Connection connection, MemorySegment buffer, long length) throws Exception;

    /** Output that had to wait for the socket has now all been written. */
    default void onWritable(Connection connection) throws Exception {}

    /**
     * Pending output passed the high water mark ({@code false}: stop producing; reading is paused
     * meanwhile) or drained to the low water mark ({@code true}: go on; reading resumes).
     */
    default void onWritabilityChanged(Connection connection, boolean writable) throws Exception {}

    /**
     * The peer will send no more (it shut down its output or closed: EPOLLRDHUP, then end of
     * stream). Writing may still work. By default the connection is closed once its output is written.
     */
    default void onInputClosed(Connection connection) throws Exception {
        connection.close();
    }

    /** A timeout of {@link ConnectionOptions} expired. By default the connection is closed. */
    default void onTimeout(Connection connection, Timeout timeout) throws Exception {
        connection.close();
    }

    /**
     * The connection failed: a refused or failed connect, a reset (ECONNRESET), a write to a
     * peer that is gone (EPIPE), or an exception from a callback. {@link #onClosed} follows.
     *
     * <p>By default, what a callback threw is reported to the loop's
     * {@link io.epoll4j.loop.EventLoop#exceptionHandler() exception handler} (which prints it
     * unless the loop was built with another), so a bug in a handler is never swallowed with
     * its connection. A failure of the socket itself (an {@link ErrnoException}: a reset, a
     * vanished peer, a refused connect) is routine for a server and is not reported; override
     * this method to see those too.
     */
    default void onError(Connection connection, Throwable error) throws Exception {
        if (!(error instanceof ErrnoException)) {
            connection.loop().exceptionHandler().exceptionCaught(connection.loop(), connection, error);
        }
    }

    /** The connection is closed and its fd released; pending output, if any, was dropped. */
    default void onClosed(Connection connection) throws Exception {}
}
