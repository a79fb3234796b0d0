package io.epoll4j.sys;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Accessors over {@code struct msghdr} (sendmsg(2), recvmsg(2)), jextract style.
 *
 * <pre>
 * struct msghdr {
 *     void         *msg_name;       // optional address
 *     socklen_t     msg_namelen;    // size of address
 *     struct iovec *msg_iov;        // scatter/gather array
 *     size_t        msg_iovlen;     // # elements in msg_iov
 *     void         *msg_control;    // ancillary data
 *     size_t        msg_controllen; // ancillary data buffer len
 *     int           msg_flags;      // flags on received message
 * };
 * </pre>
 */
public final class MsgHdr {
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            ADDRESS.withName("msg_name"),
            JAVA_INT.withName("msg_namelen"),
            MemoryLayout.paddingLayout(4),
            ADDRESS.withName("msg_iov"),
            JAVA_LONG.withName("msg_iovlen"),
            ADDRESS.withName("msg_control"),
            JAVA_LONG.withName("msg_controllen"),
            JAVA_INT.withName("msg_flags"),
            MemoryLayout.paddingLayout(4));
    public static final long SIZE = LAYOUT.byteSize();

    // Offsets from the layout, read with plain accessors: a VarHandle per field would cost the
    // JIT inlining budget on the sendmsg path, where the downcall itself must be inlined whole
    // for its errno-capture slice to be scalar-replaced.
    private static final long NAME = offset("msg_name");
    private static final long NAMELEN = offset("msg_namelen");
    private static final long IOV = offset("msg_iov");
    private static final long IOVLEN = offset("msg_iovlen");
    private static final long FLAGS = offset("msg_flags");

    private MsgHdr() {}

    private static long offset(String field) {
        return LAYOUT.byteOffset(groupElement(field));
    }

    /** Clears {@code msg} and points it at {@code iov}: no address, no control data. */
    public static void init(MemorySegment msg, MemorySegment iov) {
        msg.asSlice(0, SIZE).fill((byte) 0);
        msg.set(ADDRESS, IOV, iov);
    }

    /** Sets {@code msg_iovlen}: how many elements of {@code msg_iov} the call uses. */
    public static void setIovLen(MemorySegment msg, long count) {
        msg.set(JAVA_LONG, IOVLEN, count);
    }

    /** Sets {@code msg_name} and {@code msg_namelen} (NULL and 0 for none). */
    public static void setName(MemorySegment msg, MemorySegment name, int length) {
        msg.set(ADDRESS, NAME, name);
        msg.set(JAVA_INT, NAMELEN, length);
    }

    /** {@code msg_namelen}: after recvmsg(2), the length of the sender's address. */
    public static int nameLength(MemorySegment msg) {
        return msg.get(JAVA_INT, NAMELEN);
    }

    /** {@code msg_flags}: after recvmsg(2), such as {@code MSG_TRUNC}. */
    public static int flags(MemorySegment msg) {
        return msg.get(JAVA_INT, FLAGS);
    }
}
