package io.epoll4j.sys;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Accessors over {@code struct iovec} arrays, jextract style: no object per struct.
 *
 * <pre>
 * struct iovec {
 *     void  *iov_base;
 *     size_t iov_len;
 * };
 * </pre>
 */
public final class IoVec {
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            ADDRESS.withName("iov_base"), JAVA_LONG.withName("iov_len"));
    public static final long SIZE = LAYOUT.byteSize();

    private IoVec() {}

    /** Points element {@code index} of the array at {@code buffer}. */
    public static void set(MemorySegment array, int index, MemorySegment buffer) {
        long at = index * SIZE;
        array.set(ADDRESS, at, buffer);
        array.set(JAVA_LONG, at + ADDRESS.byteSize(), buffer.byteSize());
    }

    /** Points element {@code index} at {@code length} bytes from a raw native {@code address}. */
    public static void set(MemorySegment array, int index, long address, long length) {
        long at = index * SIZE;
        array.set(JAVA_LONG, at, address);
        array.set(JAVA_LONG, at + ADDRESS.byteSize(), length);
    }
}
