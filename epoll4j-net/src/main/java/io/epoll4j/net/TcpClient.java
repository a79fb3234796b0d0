package io.epoll4j.net;

import io.epoll4j.fd.TcpStream;
import io.epoll4j.fd.ErrnoException;
import io.epoll4j.loop.EventLoop;

import java.net.InetSocketAddress;
import java.util.concurrent.RejectedExecutionException;

/**
 * Opens TCP connections served by an {@link EventLoop}, with the same {@link Connection} and
 * {@link ConnectionHandler} as a {@link TcpServer}'s.
 *
 * {@snippet :
 * MemorySegment request = Arena.ofAuto().allocateFrom("ping\n", StandardCharsets.US_ASCII).asSlice(0, 5);
 * Connection c = TcpClient.connect(loop, new InetSocketAddress("127.0.0.1", 7007), new ConnectionHandler() {
 *     @Override public void onOpen(Connection c) { c.write(request); }
 *     @Override public void onRead(Connection c, MemorySegment buffer, long length) { consume(buffer, length); }
 *     @Override public void onError(Connection c, Throwable e) { e.printStackTrace(); }   // e.g. ECONNREFUSED
 * });
 * }
 */
public final class TcpClient {
    private TcpClient() {}

    /** {@link #connect(EventLoop, InetSocketAddress, ConnectionOptions, ConnectionHandler)} with defaults. */
    public static Connection connect(EventLoop loop, InetSocketAddress remote, ConnectionHandler handler)
            throws ErrnoException {
        return connect(loop, remote, ConnectionOptions.DEFAULTS, handler);
    }

    /**
     * Starts a non-blocking connect; the loop calls {@link ConnectionHandler#onOpen} when it
     * completes, or {@link ConnectionHandler#onError} (ECONNREFUSED, ETIMEDOUT, ...) and then
     * {@link ConnectionHandler#onClosed} when it fails. Writes made before it opens are copied
     * and sent once it does.
     *
     * @throws ErrnoException if the connect fails at once (ENETUNREACH, say)
     * @throws RejectedExecutionException if the loop is shut down
     */
    public static Connection connect(EventLoop loop, InetSocketAddress remote, ConnectionOptions options,
                                     ConnectionHandler handler) throws ErrnoException {
        TcpStream stream = TcpStream.connect(remote);
        Connection connection = new Connection(loop, stream, options, handler, null);
        try {
            loop.execute(() -> connection.start(true));
        } catch (RejectedExecutionException e) {
            stream.close();
            throw e;
        }
        return connection;
    }
}
