package io.epoll4j.sys;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The C library's allocator (stdlib.h): calloc and free, for native memory whose lifetime
 * epoll4j manages itself ({@code io.epoll4j.fd.OwnedMemory}) rather than through an arena.
 *
 * {@snippet :
 * long address = Stdlib.calloc(4096);   // 0 when the C library has no memory to give
 * Stdlib.free(address);
 * }
 */
public final class Stdlib {
    // void *calloc(size_t nmemb, size_t size);
    private static final MethodHandle CALLOC = Native.handle("calloc",
            FunctionDescriptor.of(ADDRESS, JAVA_LONG, JAVA_LONG));
    // void free(void *ptr);
    private static final MethodHandle FREE = Native.handle("free",
            FunctionDescriptor.ofVoid(ADDRESS));

    private Stdlib() {}

    /** {@code calloc(1, bytes)}: the address of {@code bytes} zeroed bytes aligned to 16, or 0 when out of memory. */
    public static long calloc(long bytes) {
        try {
            return ((MemorySegment) CALLOC.invokeExact(1L, bytes)).address();
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    /** {@code free(address)}: gives back memory {@link #calloc} returned; 0 is ignored, as free(3) does. */
    public static void free(long address) {
        try {
            FREE.invokeExact(MemorySegment.ofAddress(address));
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }
}
