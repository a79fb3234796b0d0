package io.epoll4j.sys;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * Accessors over {@code struct epoll_params}, the argument of the EPIOCSPARAMS and
 * EPIOCGPARAMS ioctls (Linux 6.9, include/uapi/linux/eventpoll.h).
 *
 * <pre>
 * struct epoll_params {
 *     __u32 busy_poll_usecs;
 *     __u16 busy_poll_budget;
 *     __u8  prefer_busy_poll;
 *     __u8  __pad;            // must be zero
 * };
 * </pre>
 */
public final class EpollParams {
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("busy_poll_usecs"),
            JAVA_SHORT.withName("busy_poll_budget"),
            JAVA_BYTE.withName("prefer_busy_poll"),
            JAVA_BYTE.withName("__pad"));

    private static final VarHandle USECS = handle("busy_poll_usecs");
    private static final VarHandle BUDGET = handle("busy_poll_budget");
    private static final VarHandle PREFER = handle("prefer_busy_poll");
    private static final VarHandle PAD = handle("__pad");

    private EpollParams() {}

    private static VarHandle handle(String field) {
        return LAYOUT.varHandle(groupElement(field)).withInvokeExactBehavior();
    }

    /** Fills the struct; the padding byte is zeroed, as the kernel requires. */
    public static void set(MemorySegment p, int usecs, int budget, boolean prefer) {
        USECS.set(p, 0L, usecs);
        BUDGET.set(p, 0L, (short) budget);
        PREFER.set(p, 0L, (byte) (prefer ? 1 : 0));
        PAD.set(p, 0L, (byte) 0);
    }

    public static int usecs(MemorySegment p) {
        return (int) USECS.get(p, 0L);
    }

    public static int budget(MemorySegment p) {
        return Short.toUnsignedInt((short) BUDGET.get(p, 0L));
    }

    public static boolean prefer(MemorySegment p) {
        return (byte) PREFER.get(p, 0L) != 0;
    }
}
