package io.epoll4j.fd;

import java.net.InetSocketAddress;

/**
 * What {@link UdpSocket#receive} got: the datagram's length and who sent it.
 *
 * {@snippet :
 * void echo(UdpSocket socket, MemorySegment buffer) throws ErrnoException {
 *     Datagram d = socket.receive(buffer);
 *     if (d != null) {
 *         socket.sendTo(buffer.asSlice(0, d.length()), d.sender());   // echo it back
 *     }
 * }
 * }
 *
 * @param length the bytes received; the rest of a datagram larger than the buffer is lost
 * @param sender the source address and port
 */
public record Datagram(long length, InetSocketAddress sender) {}
