package io.epoll4j.fd;

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

    /**
     * How messages print an address: {@code 127.0.0.1:8091}, {@code [::1]:8091},
     * {@code host/127.0.0.1:8091} only when a host name was given, a Unix path as it is, and
     * {@code @name} for the abstract namespace. ({@link InetSocketAddress#toString()} prints
     * {@code /127.0.0.1:8091}, with a slash that reads like a path.)
     */
    static String describe(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && !inet.isUnresolved()) {
            InetAddress ip = inet.getAddress();
            String literal = ip instanceof Inet6Address v6 ? "[" + compress(v6) + "]" : ip.getHostAddress();
            String given = inet.getHostString();
            boolean named = given.indexOf(':') < 0 && !given.equals(ip.getHostAddress());
            return (named ? given + "/" : "") + literal + ":" + inet.getPort();
        }
        if (address instanceof UnixDomainSocketAddress unix) {
            return unix.getPath().toString();
        }
        return String.valueOf(address);
    }

    /** An IPv6 address as RFC 5952 writes it: lower case, the longest run of zero groups as {@code ::}. */
    static String compress(Inet6Address address) {
        byte[] b = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (b[2 * i] & 0xFF) << 8 | (b[2 * i + 1] & 0xFF);
        }
        int bestStart = -1;
        int bestLength = 1;   // a single zero group stays "0"
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (!out.isEmpty() && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        if (address.getScopeId() != 0) {
            out.append('%').append(address.getScopeId());
        }
        return out.toString();
    }

    private static InetSocketAddress inet(InetSocketAddress address) {
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("unresolved address (resolve the host name first): " + address);
        }
        return address;
    }
}
