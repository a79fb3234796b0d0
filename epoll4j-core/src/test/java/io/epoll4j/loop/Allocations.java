package io.epoll4j.loop;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes, reached through a method handle: the tests run
 * inside io.epoll4j.core, which does not (and should not) read jdk.management, and a handle
 * returns the long without boxing it, so the measurement allocates nothing itself.
 */
final class Allocations {
    private static final Object BEAN;
    private static final MethodHandle CURRENT_THREAD_ALLOCATED_BYTES;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Class<?> factory = Class.forName("java.lang.management.ManagementFactory");
            Class<?> beanType = Class.forName("com.sun.management.ThreadMXBean");
            BEAN = factory.getMethod("getThreadMXBean").invoke(null);
            CURRENT_THREAD_ALLOCATED_BYTES = lookup
                    .findVirtual(beanType, "getCurrentThreadAllocatedBytes", MethodType.methodType(long.class))
                    .asType(MethodType.methodType(long.class, Object.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Allocations() {}

    /** Bytes the calling thread has allocated so far. */
    static long currentThread() {
        try {
            return (long) CURRENT_THREAD_ALLOCATED_BYTES.invokeExact(BEAN);
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }
}
