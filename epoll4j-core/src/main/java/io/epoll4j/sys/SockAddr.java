package io.epoll4j.sys;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
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
    public static final int AF_UNSPEC = 0;
    public static final int AF_UNIX = 1;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;

    /** {@code struct sockaddr_in}; the port and address in network byte order. */
    public static final StructLayout IN = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sin_family"),
            JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN).withName("sin_port"),
            MemoryLayout.sequenceLayout(4, JAVA_BYTE).withName("sin_addr"),
            MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("sin_zero"));
    /** {@code struct sockaddr_in6}. */
    public static final StructLayout IN6 = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sin6_family"),
            JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN).withName("sin6_port"),
            JAVA_INT.withName("sin6_flowinfo"),
            MemoryLayout.sequenceLayout(16, JAVA_BYTE).withName("sin6_addr"),
            JAVA_INT.withName("sin6_scope_id"));
    /** {@code struct sockaddr_un}. */
    public static final StructLayout UN = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sun_family"),
            MemoryLayout.sequenceLayout(108, JAVA_BYTE).withName("sun_path"));
    /**
     * {@code struct sockaddr_storage}: room for any of them.
     * <pre>
     * struct sockaddr_storage { sa_family_t ss_family; char __ss_padding[118]; unsigned long __ss_align; };
     * </pre>
     */
    public static final StructLayout STORAGE = MemoryLayout.structLayout(
            JAVA_SHORT.withName("ss_family"),
            MemoryLayout.sequenceLayout(118, JAVA_BYTE).withName("__ss_padding"),
            JAVA_LONG.withName("__ss_align"));

    public static final int STORAGE_SIZE = (int) STORAGE.byteSize();
    public static final int IN_SIZE = (int) IN.byteSize();
    public static final int IN6_SIZE = (int) IN6.byteSize();
    /** {@code offsetof(struct sockaddr_un, sun_path)}. */
    public static final int UN_PATH_OFFSET = (int) UN.byteOffset(groupElement("sun_path"));
    /** {@code sizeof(sun_path)}. */
    public static final int UN_PATH_MAX = (int) UN.select(groupElement("sun_path")).byteSize();

    // Offsets, derived from the layouts above.
    private static final long PORT_OFFSET = IN.byteOffset(groupElement("sin_port"));
    private static final long IN_ADDR = IN.byteOffset(groupElement("sin_addr"));
    private static final long IN6_ADDR = IN6.byteOffset(groupElement("sin6_addr"));
    private static final long IN6_SCOPE = IN6.byteOffset(groupElement("sin6_scope_id"));

    private static final ValueLayout.OfShort PORT = JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private SockAddr() {}

    /** The address family of the struct in {@code addr}. */
    public static int family(MemorySegment addr) {
        return Short.toUnsignedInt(addr.get(JAVA_SHORT_UNALIGNED, 0));
    }

    /**
     * Writes a {@code struct sockaddr} of family {@code AF_UNSPEC}, which connect(2) on a
     * datagram socket takes to dissolve its association; returns its length.
     */
    public static int setUnspec(MemorySegment addr) {
        addr.asSlice(0, IN_SIZE).fill((byte) 0);
        return IN_SIZE;
    }

    /** Writes a {@code sockaddr_in}; returns its length. */
    public static int setInet4(MemorySegment addr, byte[] address, int port) {
        addr.asSlice(0, IN_SIZE).fill((byte) 0);
        addr.set(JAVA_SHORT_UNALIGNED, 0, (short) AF_INET);
        addr.set(PORT, PORT_OFFSET, (short) port);
        MemorySegment.copy(address, 0, addr, JAVA_BYTE, IN_ADDR, 4);
        return IN_SIZE;
    }

    /** Writes a {@code sockaddr_in6} (flow info 0); returns its length. */
    public static int setInet6(MemorySegment addr, byte[] address, int port, int scopeId) {
        addr.asSlice(0, IN6_SIZE).fill((byte) 0);
        addr.set(JAVA_SHORT_UNALIGNED, 0, (short) AF_INET6);
        addr.set(PORT, PORT_OFFSET, (short) port);
        MemorySegment.copy(address, 0, addr, JAVA_BYTE, IN6_ADDR, 16);
        addr.set(JAVA_INT_UNALIGNED, IN6_SCOPE, scopeId);
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
        return Short.toUnsignedInt(addr.get(PORT, PORT_OFFSET));
    }

    /** The 4 or 16 address bytes of a {@code sockaddr_in} or {@code sockaddr_in6}. */
    public static byte[] inetAddress(MemorySegment addr) {
        return family(addr) == AF_INET
                ? addr.asSlice(IN_ADDR, 4).toArray(JAVA_BYTE)
                : addr.asSlice(IN6_ADDR, 16).toArray(JAVA_BYTE);
    }

    /** {@code sin6_scope_id} of a {@code sockaddr_in6}. */
    public static int scopeId(MemorySegment addr) {
        return addr.get(JAVA_INT_UNALIGNED, IN6_SCOPE);
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
