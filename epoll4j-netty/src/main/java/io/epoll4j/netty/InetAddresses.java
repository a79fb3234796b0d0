package io.epoll4j.netty;

import io.epoll4j.fd.ErrnoException;
import io.epoll4j.fd.SocketFd;
import io.epoll4j.fd.SockOpt;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;

/**
 * Addresses for dual-stack sockets. A channel made without a family opens an IPv6 socket
 * with {@code IPV6_V6ONLY} off, as Netty's transports do, so it serves IPv4 peers too; an
 * IPv4 address given to such a socket is passed as its IPv4-mapped IPv6 form
 * ({@code ::ffff:a.b.c.d}, ipv6(7)), and addresses read back are IPv4 again.
 */
final class InetAddresses {
    private InetAddresses() {}

    /** IPv6 when the kernel has it, else IPv4 (the family a channel made without one gets). */
    static final StandardProtocolFamily DEFAULT_FAMILY = probe();

    private static StandardProtocolFamily probe() {
        try (SocketFd probe = io.epoll4j.fd.UdpSocket.open(StandardProtocolFamily.INET6)) {
            return StandardProtocolFamily.INET6;
        } catch (ErrnoException e) {
            return StandardProtocolFamily.INET;
        }
    }

    /** Makes an IPv6 socket dual-stack; nothing for an IPv4 one. */
    static void dualStack(SocketFd socket, StandardProtocolFamily family) throws ErrnoException {
        if (family == StandardProtocolFamily.INET6) {
            socket.setOption(SockOpt.IPV6_V6ONLY, false);
        }
    }

    /**
     * {@code address}, resolved, in the form a socket of {@code family} takes.
     *
     * @throws UnresolvedAddressException for an unresolved address, as NIO throws
     * @throws IllegalArgumentException   for anything but an InetSocketAddress
     */
    static InetSocketAddress forSocket(SocketAddress address, StandardProtocolFamily family) {
        if (!(address instanceof InetSocketAddress inet)) {
            throw new IllegalArgumentException("an IP channel takes an InetSocketAddress, not "
                    + (address == null ? "null" : address.getClass().getName()));
        }
        if (inet.isUnresolved()) {
            throw new UnresolvedAddressException();
        }
        if (family == StandardProtocolFamily.INET6 && inet.getAddress() instanceof Inet4Address v4) {
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(v4.getAddress(), 0, mapped, 12, 4);
            try {
                return new InetSocketAddress(Inet6Address.getByAddress(null, mapped, -1), inet.getPort());
            } catch (UnknownHostException e) {
                throw new AssertionError("16 bytes are always an IPv6 address", e);
            }
        }
        return inet;
    }

    /** Whether {@code address} is an IPv6 one (for the traffic class option's name). */
    static boolean isIpv6(StandardProtocolFamily family) {
        return family == StandardProtocolFamily.INET6;
    }
}
