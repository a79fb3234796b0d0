package io.epoll4j.net;

import io.epoll4j.sys.SockAddr;

import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/** Java socket addresses to and from the kernel's sockaddr structs (see {@link SockAddr}). */
final class Addresses {
    private Addresses() {}

    /** The address family a socket needs to reach or bind {@code address}. */
    static int family(SocketAddress address) {
        return switch (address) {
            case InetSocketAddress inet -> inet(inet).getAddress() instanceof Inet4Address
                    ? SockAddr.AF_INET : SockAddr.AF_INET6;
            case UnixDomainSocketAddress _, UnixAbstractAddress _ -> SockAddr.AF_UNIX;
            default -> throw new IllegalArgumentException("unsupported address type: " + address.getClass());
        };
    }

    /** Encodes {@code address} into {@code dst}; returns the length to pass with it. */
    static int encode(SocketAddress address, MemorySegment dst) {
        return switch (address) {
            case InetSocketAddress inet -> {
                InetAddress ip = inet(inet).getAddress();
                yield ip instanceof Inet6Address v6
                        ? SockAddr.setInet6(dst, v6.getAddress(), inet.getPort(), v6.getScopeId())
                        : SockAddr.setInet4(dst, ip.getAddress(), inet.getPort());
            }
            case UnixDomainSocketAddress unix -> SockAddr.setUnix(dst,
                    unix.getPath().toString().getBytes(StandardCharsets.UTF_8), false);
            case UnixAbstractAddress name -> SockAddr.setUnix(dst, name.rawBytes(), true);
            default -> throw new IllegalArgumentException("unsupported address type: " + address.getClass());
        };
    }

    /** Decodes the sockaddr of {@code length} bytes in {@code src}. */
    static SocketAddress decode(MemorySegment src, int length) {
        int family = SockAddr.family(src);
        return switch (family) {
            case SockAddr.AF_INET, SockAddr.AF_INET6 -> decodeInet(src);
            case SockAddr.AF_UNIX -> {
                byte[] name = SockAddr.unixName(src, length);
                yield SockAddr.isAbstract(src, length) ? UnixAbstractAddress.of(name)
                        : UnixDomainSocketAddress.of(new String(name, StandardCharsets.UTF_8));
            }
            default -> throw new IllegalStateException("unexpected address family " + family);
        };
    }

    static InetSocketAddress decodeInet(MemorySegment src) {
        byte[] ip = SockAddr.inetAddress(src);
        try {
            InetAddress address = ip.length == 16 && SockAddr.scopeId(src) != 0
                    ? Inet6Address.getByAddress(null, ip, SockAddr.scopeId(src))
                    : InetAddress.getByAddress(ip);
            return new InetSocketAddress(address, SockAddr.port(src));
        } catch (UnknownHostException e) {
            throw new AssertionError("4 or 16 bytes are always an address", e);
        }
    }

    private static InetSocketAddress inet(InetSocketAddress address) {
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("unresolved address (resolve the host name first): " + address);
        }
        return address;
    }
}
