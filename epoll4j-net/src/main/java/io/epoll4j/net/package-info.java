/**
 * Sockets over epoll4j, and connections served by event loops.
 *
 * {@snippet :
 * // Raw, non-blocking sockets: each is an OwnedFd a Poller can watch.
 * TcpListener listener = TcpListener.listen(new InetSocketAddress("127.0.0.1", 0));
 * TcpStream client = TcpStream.connect(listener.localAddress());   // EINPROGRESS: finish on EPOLLOUT
 *
 * // Or connections on a loop group: accept spreading, batched writes, back-pressure.
 * EventLoopGroup loops = EventLoopGroup.start(2, "io");
 * TcpServer server = TcpServer.start(loops, new InetSocketAddress("127.0.0.1", 8080),
 *         () -> (ConnectionHandler) (c, buffer, length) -> c.write(buffer, 0, length));
 * }
 *
 * <h2>Two levels</h2>
 * <ul>
 * <li>Sockets: {@link io.epoll4j.net.TcpListener}, {@link io.epoll4j.net.TcpStream},
 *     {@link io.epoll4j.net.UdpSocket}, {@link io.epoll4j.net.UnixListener},
 *     {@link io.epoll4j.net.UnixStream}, with typed {@link io.epoll4j.net.SockOpt}s. Always
 *     {@code SOCK_NONBLOCK | SOCK_CLOEXEC}; reads return 0 when they would block and -1 at end
 *     of stream; writes never raise SIGPIPE.
 * <li>Connections: {@link io.epoll4j.net.TcpServer} and {@link io.epoll4j.net.TcpClient} give
 *     each connection a {@link io.epoll4j.net.Connection} on one loop and call a
 *     {@link io.epoll4j.net.ConnectionHandler}. Reads land in the loop's buffer, writes are
 *     batched into one syscall, what the socket refuses is queued in pooled native chunks, and
 *     pending output past a bound pauses reading.
 * </ul>
 */
package io.epoll4j.net;
