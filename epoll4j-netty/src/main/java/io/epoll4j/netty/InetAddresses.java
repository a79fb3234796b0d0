package io.epoll4j.netty;

import io.epoll4j.fd.ErrnoException;
import io.epoll4j.fd.SocketFd;
import io.epoll4j.fd.SockOpt;
import io.netty.channel.ChannelException;
import io.netty.channel.socket.SocketProtocolFamily;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;

/**
 * Families, sockets and addresses of the IP channels (TCP, UDP), which are dual-stack; the
 * three channels open their sockets here so that they agree. A channel made without a family
 * opens an IPv6 socket with {@code IPV6_V6ONLY} off, as Netty's transports do, so it serves
 * IPv4 peers too; an IPv4 address given to such a socket is passed as its IPv4-mapped IPv6 form
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

    /**
     * The JDK's family for Netty's {@code INET} or {@code INET6}, for the IP channels'
     * constructors that take Netty's enum.
     *
     * @param notUnix what an IP channel says when given {@code UNIX} (which channel to use instead)
     */
    static StandardProtocolFamily ipFamily(SocketProtocolFamily family, String notUnix) {
        return switch (family) {
            case INET -> StandardProtocolFamily.INET;
            case INET6 -> StandardProtocolFamily.INET6;
            case UNIX -> throw new IllegalArgumentException(notUnix);
        };
    }

    /** How an IP channel's socket of some kind is opened: {@code TcpStream::open} and the like. */
    @FunctionalInterface
    interface Opener<S extends SocketFd> {
        S open(StandardProtocolFamily family) throws ErrnoException;
    }

    /**
     * A new socket of {@code family}, dual-stack if IPv6; closed again if that fails, so a
     * channel's constructor never leaks the fd.
     *
     * @param what the socket, for the message ("a TCP socket")
     * @throws ChannelException with the {@link ErrnoException} as cause, as Netty's constructors throw
     */
    static <S extends SocketFd> S openDualStack(Opener<S> opener, StandardProtocolFamily family, String what) {
        try {
            S socket = opener.open(family);
            try {
                dualStack(socket, family);
            } catch (ErrnoException e) {
                socket.close();
                throw e;
            }
            return socket;
        } catch (ErrnoException e) {
            throw new ChannelException("cannot open " + what, e);
        }
    }

    /** Makes an IPv6 socket dual-stack; nothing for an IPv4 one. */
    private static void dualStack(SocketFd socket, StandardProtocolFamily family) throws ErrnoException {
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
