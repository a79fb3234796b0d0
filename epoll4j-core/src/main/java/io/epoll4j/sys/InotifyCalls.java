package io.epoll4j.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * inotify_init1(2), inotify_add_watch(2) and inotify_rm_watch(2). Each returns its result or
 * {@code -errno}.
 *
 * <pre>
 * struct inotify_event {
 *     int      wd;       //  0  watch descriptor
 *     uint32_t mask;     //  4  mask describing event
 *     uint32_t cookie;   //  8  unique cookie associating related events (rename(2))
 *     uint32_t len;      // 12  size of name field, NUL padding included
 *     char     name[];   // 16  optional null-terminated name
 * };
 * </pre>
 */
public final class InotifyCalls {
    public static final int IN_NONBLOCK = Unistd.O_NONBLOCK;
    public static final int IN_CLOEXEC = Unistd.O_CLOEXEC;

    /** {@code struct inotify_event} without its flexible {@code name} array. */
    public static final StructLayout EVENT = MemoryLayout.structLayout(
            JAVA_INT.withName("wd"), JAVA_INT.withName("mask"), JAVA_INT.withName("cookie"),
            JAVA_INT.withName("len"));
    /** {@code sizeof(struct inotify_event)}, the name excluded. */
    public static final int EVENT_HEADER_SIZE = (int) EVENT.byteSize();
    /** {@code NAME_MAX}: the longest name in a directory entry. */
    public static final int NAME_MAX = 255;
    public static final int OFFSET_WD = offset("wd");
    public static final int OFFSET_MASK = offset("mask");
    public static final int OFFSET_COOKIE = offset("cookie");
    public static final int OFFSET_LEN = offset("len");

    private static final MethodHandle INOTIFY_INIT1 = Native.errnoHandle("inotify_init1",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle INOTIFY_ADD_WATCH = Native.errnoHandle("inotify_add_watch",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle INOTIFY_RM_WATCH = Native.errnoHandle("inotify_rm_watch",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));

    private InotifyCalls() {}

    private static int offset(String field) {
        return (int) EVENT.byteOffset(MemoryLayout.PathElement.groupElement(field));
    }

    public static int inotifyInit1(int flags) {
        try {
            return (int) INOTIFY_INIT1.invokeExact(flags);
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    /** inotify_add_watch: a watch descriptor (the same one again for a path already watched), or -errno. */
    public static int inotifyAddWatch(int fd, String path, int mask) {
        try (Arena arena = Arena.ofConfined()) {
            return (int) INOTIFY_ADD_WATCH.invokeExact(fd, arena.allocateFrom(path), mask);
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }

    public static int inotifyRmWatch(int fd, int wd) {
        try {
            return (int) INOTIFY_RM_WATCH.invokeExact(fd, wd);
        } catch (Throwable t) {
            throw Native.fatal(t);
        }
    }
}
