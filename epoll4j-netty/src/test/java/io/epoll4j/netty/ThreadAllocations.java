package io.epoll4j.netty;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The bytes the calling thread has allocated so far, for the tests that pin "nothing allocated
 * per event": {@code com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes}, looked up
 * reflectively, since the tests compile inside the module, which does not read java.management.
 */
final class ThreadAllocations {
    private static final MethodHandle ALLOCATED;

    static {
        try {
            Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
            ALLOCATED = MethodHandles.publicLookup().findVirtual(Class.forName("com.sun.management.ThreadMXBean"),
                    "getCurrentThreadAllocatedBytes", MethodType.methodType(long.class)).bindTo(bean);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private ThreadAllocations() {
    }

    /** Bytes allocated by the calling thread since it started. */
    static long allocated() {
        try {
            return (long) ALLOCATED.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }
}
