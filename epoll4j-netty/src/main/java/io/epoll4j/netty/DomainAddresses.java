package io.epoll4j.netty;

import io.epoll4j.fd.UnixAbstractAddress;
import io.netty.channel.unix.DomainSocketAddress;

import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

/**
 * Netty's {@link DomainSocketAddress} and the JDK's address types that epoll4j's Unix sockets
 * take: a path is a {@link UnixDomainSocketAddress}; a path that starts with a NUL character
 * names a socket in the abstract namespace (unix(7)), an {@link UnixAbstractAddress}.
 */
final class DomainAddresses {
    private DomainAddresses() {}

    static SocketAddress toJdk(SocketAddress address) {
        if (address instanceof DomainSocketAddress domain) {
            String path = domain.path();
            return path.startsWith("\0") ? UnixAbstractAddress.of(path.substring(1)) : UnixDomainSocketAddress.of(path);
        }
        if (address instanceof UnixDomainSocketAddress || address instanceof UnixAbstractAddress) {
            return address;
        }
        throw new IllegalArgumentException("a domain socket channel takes a DomainSocketAddress, not "
                + (address == null ? "null" : address.getClass().getName()));
    }

    /** The Netty form of an address the kernel returned; null for an unnamed socket. */
    static DomainSocketAddress toNetty(SocketAddress address) {
        return switch (address) {
            case UnixDomainSocketAddress unix when !unix.getPath().toString().isEmpty() ->
                    new DomainSocketAddress(unix.getPath().toString());
            case UnixAbstractAddress name -> new DomainSocketAddress("\0" + name.name());
            case null, default -> null;
        };
    }
}
