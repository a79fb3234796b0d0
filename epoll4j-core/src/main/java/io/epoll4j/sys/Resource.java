package io.epoll4j.sys;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * getrlimit(2) and setrlimit(2).
 *
 * <pre>
 * struct rlimit {
 *     rlim_t rlim_cur;  // soft limit (64-bit)
 *     rlim_t rlim_max;  // hard limit, the ceiling for rlim_cur
 * };
 * </pre>
 */
public final class Resource {
    public static final int RLIMIT_NOFILE = 7;
    /** {@code RLIM_INFINITY}: all ones. */
    public static final long RLIM_INFINITY = -1L;

    private static final MethodHandle GETRLIMIT = Native.errnoHandle("getrlimit",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle SETRLIMIT = Native.errnoHandle("setrlimit",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));

    public static final StructLayout RLIMIT = MemoryLayout.structLayout(
            JAVA_LONG.withName("rlim_cur"), JAVA_LONG.withName("rlim_max"));
    private static final long CUR = RLIMIT.byteOffset(MemoryLayout.PathElement.groupElement("rlim_cur"));
    private static final long MAX = RLIMIT.byteOffset(MemoryLayout.PathElement.groupElement("rlim_max"));

    private Resource() {}

    /** Fills {@code softHard} with the soft and hard limit; 0 or -errno. */
    public static int getrlimit(int resource, long[] softHard) {
        MemorySegment rlimit = Native.scratch();
        try {
            int r = (int) GETRLIMIT.invokeExact(resource, rlimit);
            if (r < 0) {
                return r;
            }
            softHard[0] = rlimit.get(JAVA_LONG, CUR);
            softHard[1] = rlimit.get(JAVA_LONG, MAX);
            return 0;
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    public static int setrlimit(int resource, long soft, long hard) {
        MemorySegment rlimit = Native.scratch();
        rlimit.set(JAVA_LONG, CUR, soft);
        rlimit.set(JAVA_LONG, MAX, hard);
        try {
            return (int) SETRLIMIT.invokeExact(resource, rlimit);
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }
}
