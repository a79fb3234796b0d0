package io.epoll4j.fd;

import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A name in the Linux abstract socket namespace (unix(7)): no file, gone when the last socket
 * bound to it closes, scoped to the network namespace.
 *
 * {@snippet :
 * try (UnixListener server = UnixListener.listen(UnixAbstractAddress.of("epoll4j-demo"));
 *      UnixStream client = UnixStream.connect(UnixAbstractAddress.of("epoll4j-demo"))) {
 *     System.out.println(server.localAddress());   // @epoll4j-demo
 * }
 * }
 *
 * <p>{@link java.net.UnixDomainSocketAddress} cannot hold such a name (a {@code Path} may not
 * contain the leading NUL), hence this type. The name is any bytes up to 107; it is printed
 * with an {@code @} in front, as ss(8) does.
 */
public final class UnixAbstractAddress extends SocketAddress {
    private static final long serialVersionUID = 1L;

    /** The name's bytes, without the leading NUL. */
    private final byte[] name;

    private UnixAbstractAddress(byte[] name) {
        this.name = name;
    }

    /** The abstract name of the UTF-8 bytes of {@code name}. */
    public static UnixAbstractAddress of(String name) {
        return of(name.getBytes(StandardCharsets.UTF_8));
    }

    /** The abstract name of {@code name}'s bytes (copied). */
    public static UnixAbstractAddress of(byte[] name) {
        if (name.length > 107) {
            throw new IllegalArgumentException("abstract socket name longer than 107 bytes: " + name.length);
        }
        return new UnixAbstractAddress(name.clone());
    }

    /** The name's bytes, without the leading NUL. */
    public byte[] bytes() {
        return name.clone();
    }

    byte[] rawBytes() {
        return name;
    }

    /** The name decoded as UTF-8. */
    public String name() {
        return new String(name, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnixAbstractAddress other && Arrays.equals(name, other.name);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(name);
    }

    @Override
    public String toString() {
        return "@" + name();
    }
}
