package io.epoll4j.sys;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

/**
 * Accessors over the socket address structs, jextract style: no object per address.
 *
 * <pre>
 * struct sockaddr_in  { sa_family_t sin_family; in_port_t sin_port; struct in_addr sin_addr;
 *                       unsigned char sin_zero[8]; };                          // 16 bytes
 * struct sockaddr_in6 { sa_family_t sin6_family; in_port_t sin6_port; uint32_t sin6_flowinfo;
 *                       struct in6_addr sin6_addr; uint32_t sin6_scope_id; };  // 28 bytes
 * struct sockaddr_un  { sa_family_t sun_family; char sun_path[108]; };         // 110 bytes
 * </pre>
 *
 * <p>The family is in host byte order, the port in network byte order (big-endian), the
 * address bytes as they go on the wire. A Unix address whose {@code sun_path} starts with a
 * NUL byte is in the abstract namespace (unix(7)): its name is the bytes after the NUL up to
 * the address length, with no terminator.
 */
public final class SockAddr {
    public static final int AF_UNIX = 1;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;

    /** {@code sizeof(struct sockaddr_storage)}: room for any of them. */
    public static final int STORAGE_SIZE = 128;
    public static final int IN_SIZE = 16;
    public static final int IN6_SIZE = 28;
    /** {@code offsetof(struct sockaddr_un, sun_path)}. */
    public static final int UN_PATH_OFFSET = 2;
    /** {@code sizeof(sun_path)}. */
    public static final int UN_PATH_MAX = 108;

    private static final ValueLayout.OfShort PORT = JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private SockAddr() {}

    /** The address family of the struct in {@code addr}. */
    public static int family(MemorySegment addr) {
        return Short.toUnsignedInt(addr.get(JAVA_SHORT_UNALIGNED, 0));
    }

    /** Writes a {@code sockaddr_in}; returns its length. */
    public static int setInet4(MemorySegment addr, byte[] address, int port) {
        addr.asSlice(0, IN_SIZE).fill((byte) 0);
        addr.set(JAVA_SHORT_UNALIGNED, 0, (short) AF_INET);
        addr.set(PORT, 2, (short) port);
        MemorySegment.copy(address, 0, addr, JAVA_BYTE, 4, 4);
        return IN_SIZE;
    }

    /** Writes a {@code sockaddr_in6} (flow info 0); returns its length. */
    public static int setInet6(MemorySegment addr, byte[] address, int port, int scopeId) {
        addr.asSlice(0, IN6_SIZE).fill((byte) 0);
        addr.set(JAVA_SHORT_UNALIGNED, 0, (short) AF_INET6);
        addr.set(PORT, 2, (short) port);
        MemorySegment.copy(address, 0, addr, JAVA_BYTE, 8, 16);
        addr.set(JAVA_INT_UNALIGNED, 24, scopeId);
        return IN6_SIZE;
    }

    /**
     * Writes a {@code sockaddr_un}; returns its length. A path name gets its NUL terminator;
     * an abstract name gets the leading NUL and none at the end, so the length ends the name.
     *
     * @throws IllegalArgumentException if the name does not fit in {@code sun_path}
     */
    public static int setUnix(MemorySegment addr, byte[] name, boolean abstractName) {
        // A path needs its terminator, an abstract name its leading NUL: 107 bytes either way.
        int room = UN_PATH_MAX - 1;
        if (name.length > room) {
            throw new IllegalArgumentException("unix socket name of " + name.length
                    + " bytes does not fit in sun_path (at most " + room + "): ENAMETOOLONG");
        }
        addr.asSlice(0, UN_PATH_OFFSET + UN_PATH_MAX).fill((byte) 0);
        addr.set(JAVA_SHORT_UNALIGNED, 0, (short) AF_UNIX);
        int at = UN_PATH_OFFSET + (abstractName ? 1 : 0);
        MemorySegment.copy(name, 0, addr, JAVA_BYTE, at, name.length);
        return abstractName ? at + name.length : at + name.length + 1;
    }

    /** The port of a {@code sockaddr_in} or {@code sockaddr_in6}. */
    public static int port(MemorySegment addr) {
        return Short.toUnsignedInt(addr.get(PORT, 2));
    }

    /** The 4 or 16 address bytes of a {@code sockaddr_in} or {@code sockaddr_in6}. */
    public static byte[] inetAddress(MemorySegment addr) {
        return family(addr) == AF_INET
                ? addr.asSlice(4, 4).toArray(JAVA_BYTE)
                : addr.asSlice(8, 16).toArray(JAVA_BYTE);
    }

    /** {@code sin6_scope_id} of a {@code sockaddr_in6}. */
    public static int scopeId(MemorySegment addr) {
        return addr.get(JAVA_INT_UNALIGNED, 24);
    }

    /** Whether a {@code sockaddr_un} of {@code length} bytes names the abstract namespace. */
    public static boolean isAbstract(MemorySegment addr, int length) {
        return length > UN_PATH_OFFSET && addr.get(JAVA_BYTE, UN_PATH_OFFSET) == 0;
    }

    /**
     * The name bytes of a {@code sockaddr_un} of {@code length} bytes: the path without its NUL,
     * or the abstract name without its leading NUL; empty for an unnamed socket.
     */
    public static byte[] unixName(MemorySegment addr, int length) {
        if (length <= UN_PATH_OFFSET) {
            return new byte[0];
        }
        if (isAbstract(addr, length)) {
            return addr.asSlice(UN_PATH_OFFSET + 1, length - UN_PATH_OFFSET - 1).toArray(JAVA_BYTE);
        }
        int end = UN_PATH_OFFSET;
        while (end < length && addr.get(JAVA_BYTE, end) != 0) {
            end++;
        }
        return addr.asSlice(UN_PATH_OFFSET, end - UN_PATH_OFFSET).toArray(JAVA_BYTE);
    }
}
