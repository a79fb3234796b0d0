package io.epoll4j.sys;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Accessors over {@code struct linger}, the value of {@code SO_LINGER} (socket(7)).
 *
 * <pre>
 * struct linger {
 *     int l_onoff;    // linger active
 *     int l_linger;   // how many seconds to linger for
 * };
 * </pre>
 */
public final class Linger {
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("l_onoff"), JAVA_INT.withName("l_linger"));
    public static final int SIZE = (int) LAYOUT.byteSize();

    private static final VarHandle ONOFF = LAYOUT.varHandle(groupElement("l_onoff")).withInvokeExactBehavior();
    private static final VarHandle LINGER = LAYOUT.varHandle(groupElement("l_linger")).withInvokeExactBehavior();

    private Linger() {}

    public static void set(MemorySegment linger, boolean on, int seconds) {
        ONOFF.set(linger, 0L, on ? 1 : 0);
        LINGER.set(linger, 0L, seconds);
    }

    public static boolean on(MemorySegment linger) {
        return (int) ONOFF.get(linger, 0L) != 0;
    }

    public static int seconds(MemorySegment linger) {
        return (int) LINGER.get(linger, 0L);
    }
}
