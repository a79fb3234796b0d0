/**
 * Servers, clients and connections on event loops.
 *
 * {@snippet :
 * EventLoopGroup loops = EventLoopGroup.start(2, "io");
 * TcpServer server = TcpServer.start(loops, new InetSocketAddress("127.0.0.1", 8080),
 *         () -> (ConnectionHandler) (c, buffer, length) -> c.write(buffer, 0, length));
 * }
 *
 * <p>{@link io.epoll4j.net.TcpServer} and {@link io.epoll4j.net.TcpClient} give each
 * connection a {@link io.epoll4j.net.Connection} on one loop and call a
 * {@link io.epoll4j.net.ConnectionHandler}. Reads land in the loop's buffer, writes are
 * batched into one syscall, what the socket refuses is queued in pooled native chunks, and
 * pending output past a bound pauses reading.
 *
 * <p>The sockets themselves ({@link io.epoll4j.fd.TcpListener}, {@link io.epoll4j.fd.TcpStream},
 * {@link io.epoll4j.fd.UdpSocket}, ...) are kernel objects of the fd layer, in
 * {@code io.epoll4j.fd}.
 */
package io.epoll4j.net;
