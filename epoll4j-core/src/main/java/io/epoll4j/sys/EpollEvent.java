package io.epoll4j.sys;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/**
 * Accessors over arrays of {@code struct epoll_event}, jextract style: no object per event.
 *
 * <pre>
 * struct epoll_event {
 *     uint32_t     events;   // epoll events (bit mask)
 *     epoll_data_t data;     // user data variable
 * } __EPOLL_PACKED;         // packed on x86-64 only
 * </pre>
 *
 * <p>On x86-64 the kernel declares the struct packed: 12 bytes, data at offset 4 (unaligned).
 * Every other architecture uses natural alignment: 16 bytes, data at offset 8.
 */
public final class EpollEvent {
    /** The packed x86-64 layout. */
    public static final StructLayout PACKED = MemoryLayout.structLayout(
            JAVA_INT.withName("events"), JAVA_LONG_UNALIGNED.withName("data"));
    /** The naturally aligned layout of every other architecture. */
    public static final StructLayout ALIGNED = MemoryLayout.structLayout(
            JAVA_INT.withName("events"), MemoryLayout.paddingLayout(4), JAVA_LONG.withName("data"));

    /** The layout in use on this machine's architecture. */
    public static final StructLayout LAYOUT = layoutFor(System.getProperty("os.arch"));
    /** {@code sizeof(struct epoll_event)} here. */
    public static final long SIZE = LAYOUT.byteSize();
    /** {@code offsetof(struct epoll_event, data)} here. */
    public static final long DATA_OFFSET = LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("data"));

    private EpollEvent() {}

    /** The layout the kernel uses on {@code osArch} (a value of the {@code os.arch} property). */
    public static StructLayout layoutFor(String osArch) {
        return switch (osArch) {
            case "amd64", "x86_64" -> PACKED;
            default -> ALIGNED;
        };
    }

    /** The {@code events} mask of element {@code index}. */
    public static int events(MemorySegment array, int index) {
        return array.get(JAVA_INT, index * SIZE);
    }

    /** The {@code data} word of element {@code index}. */
    public static long data(MemorySegment array, int index) {
        return array.get(JAVA_LONG_UNALIGNED, index * SIZE + DATA_OFFSET);
    }

    /** Writes one element, as epoll_ctl reads it. */
    public static void set(MemorySegment array, int index, int events, long data) {
        array.set(JAVA_INT, index * SIZE, events);
        array.set(JAVA_LONG_UNALIGNED, index * SIZE + DATA_OFFSET, data);
    }
}
