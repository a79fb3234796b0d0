/**
 * Owned file descriptors and the raw kernel objects behind them, 1:1 with their man pages:
 * epoll, eventfd, timerfd, signalfd, pidfd, inotify, pipes, and the sockets of socket(7),
 * tcp(7), udp(7) and unix(7).
 *
 * {@snippet :
 * try (TcpListener listener = TcpListener.listen(new InetSocketAddress("127.0.0.1", 0));
 *      TcpStream client = TcpStream.connect(listener.localAddress());   // EINPROGRESS
 *      Arena arena = Arena.ofConfined()) {
 *     // ... after EPOLLOUT on the client:
 *     client.finishConnect();
 *     IoVecBatch batch = IoVecBatch.allocate(8);
 *     batch.add(arena.allocateFrom("GET / HTTP/1.1\r\n", StandardCharsets.US_ASCII));
 *     long written = client.write(batch);       // one sendmsg(2); 0 if it would block
 * }
 * }
 *
 * <h2>Would block, end of stream, and errors: one convention per kind of call</h2>
 * Every descriptor an object here creates is non-blocking and close-on-exec. A call that
 * cannot proceed ({@code EAGAIN}) says so in its return value, never with an exception; how
 * depends only on the kind of call:
 * <table class="striped">
 * <caption>What "would block" looks like</caption>
 * <thead><tr><th>kind of call</th><th>returns</th><th>would block</th><th>end</th></tr></thead>
 * <tbody>
 * <tr><td>stream transfer: {@code read}, {@code write}, {@code readv}, {@code writev},
 *     {@code sendfile}, of {@link io.epoll4j.fd.OwnedFd}, {@link io.epoll4j.fd.StreamSocket}
 *     and an {@link io.epoll4j.fd.IoVecBatch}</td>
 *     <td>bytes moved, {@code > 0}</td><td>{@code 0}</td>
 *     <td>{@code -1}: end of stream (or of the file, for sendfile)</td></tr>
 * <tr><td>a call that yields an object: {@code accept}, {@code UdpSocket.receive(dst)}</td>
 *     <td>the object</td><td>{@code null}</td><td>—</td></tr>
 * <tr><td>datagram receive into a buffer: {@code UdpSocket.recv},
 *     {@code UdpSocket.receive(dst, from)}; an empty datagram is a real {@code 0}</td>
 *     <td>its length, {@code >= 0}</td><td>{@code -1}</td><td>—</td></tr>
 * <tr><td>all-or-nothing: a datagram send, an eventfd write, a signalfd read</td>
 *     <td>{@code true}</td><td>{@code false}</td><td>—</td></tr>
 * <tr><td>a counter: {@code EventFd.read}, {@code TimerFd.read} (never 0 when ready)</td>
 *     <td>the counter</td><td>{@code 0}</td><td>—</td></tr>
 * </tbody>
 * </table>
 * Every other failure is an {@link io.epoll4j.fd.ErrnoException} naming the call, the
 * descriptor and, for a connected socket, the peer, with the errno's name and text.
 * {@code EINTR} is never seen: the calls that POSIX says did nothing when interrupted are
 * made again (open, read, write, readv, writev, recv, send, recvmsg, sendmsg, accept4, sendfile);
 * a non-blocking connect reports it as "in progress", and {@link io.epoll4j.fd.Epoll#waitNanos}
 * goes on waiting for the time that is left.
 *
 * <h2>Sockets</h2>
 * <ul>
 * <li>{@link io.epoll4j.fd.SocketFd} (sealed): what every socket has: typed options
 *     ({@code getOption} / {@code setOption} with a {@link io.epoll4j.fd.SockOpt}), its local
 *     address, its pending error ({@code SO_ERROR}).
 * <li>{@link io.epoll4j.fd.TcpListener}: {@code open(family)}, {@code bind}, {@code listen},
 *     {@code listen(address)}, {@code accept()} (accept4 with {@code SOCK_NONBLOCK |
 *     SOCK_CLOEXEC}).
 * <li>{@link io.epoll4j.fd.StreamSocket} (sealed; {@link io.epoll4j.fd.TcpStream},
 *     {@link io.epoll4j.fd.UnixStream}): non-blocking {@code connect} and
 *     {@code finishConnect()} ({@code SO_ERROR}), {@code read}/{@code write} (recv/send,
 *     {@code MSG_NOSIGNAL}), {@code read(dst, length)} without slicing, gathering
 *     {@code write(IoVecBatch)} (sendmsg) and scattering {@code read(IoVecBatch)} (readv),
 *     {@code readv}/{@code writev} of arrays, {@code sendfile}, {@code shutdownInput()}
 *     (SHUT_RD), {@code shutdownOutput()} (SHUT_WR), {@code shutdown()}, {@code peerAddress()}.
 * <li>{@link io.epoll4j.fd.UnixListener} ({@code open}, {@code bind}, {@code listen},
 *     {@code accept}), {@link io.epoll4j.fd.UnixStream} ({@code open}, {@code startConnect},
 *     {@code connect}): path names
 *     ({@link java.net.UnixDomainSocketAddress}), the abstract namespace
 *     ({@link io.epoll4j.fd.UnixAbstractAddress}), {@code UnixStream.pair()} (socketpair).
 * <li>{@link io.epoll4j.fd.UdpSocket}: {@code open}, {@code bind}, {@code connect},
 *     {@code disconnect}, {@code peerAddress}, {@code sendTo}, {@code send}, {@code receive},
 *     {@code recv}; with a {@link io.epoll4j.fd.PeerAddress} (a reusable
 *     {@code sockaddr_storage}), {@code receive(dst, from)} and {@code sendTo(src, to)} allocate
 *     nothing per datagram.
 * <li>{@link io.epoll4j.fd.IoVecBatch}: a reusable {@code struct iovec} array for one
 *     gathering write or scattering read, no allocation per use.
 * </ul>
 * Addresses are {@link java.net.InetSocketAddress} (IPv4 and IPv6, scope id kept),
 * {@link java.net.UnixDomainSocketAddress} and {@link io.epoll4j.fd.UnixAbstractAddress}.
 * Buffers are native {@link java.lang.foreign.MemorySegment}s (or direct
 * {@link java.nio.ByteBuffer}s); a heap segment is refused with an
 * {@link java.lang.IllegalArgumentException}.
 */
package io.epoll4j.fd;
