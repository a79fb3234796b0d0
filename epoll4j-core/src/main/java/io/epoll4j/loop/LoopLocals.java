package io.epoll4j.loop;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.BitSet;

/**
 * The values of one loop's {@link LoopLocal} slots, indexed by the slot's number.
 *
 * <p>Why this shape: the read that handlers make on every event is one acquire load of the
 * array and one of its element (plain loads on x86-64), never a lock or a hash lookup. Writes
 * are rare (once per slot and loop) and take the lock; the array is replaced, never shrunk,
 * when a slot beyond its end is first set, and a value is only ever stored into a null
 * element, so a reader that sees an element sees the value the lock made.
 */
final class LoopLocals {
    private static final VarHandle ELEMENT = MethodHandles.arrayElementVarHandle(Object[].class);

    private volatile Object[] values = new Object[8];
    // Guarded by this: slots whose initializer is running, to refuse one that asks for itself.
    private final BitSet initializing = new BitSet();

    @SuppressWarnings("unchecked")
    <T> T get(EventLoop loop, LoopLocal<T> slot) {
        Object[] v = values;
        int i = slot.index;
        if (i < v.length) {
            Object value = ELEMENT.getAcquire(v, i);
            if (value != null) {
                return (T) value;
            }
        }
        return initialize(loop, slot);
    }

    @SuppressWarnings("unchecked")
    private synchronized <T> T initialize(EventLoop loop, LoopLocal<T> slot) {
        int i = slot.index;
        Object[] v = values;
        if (i < v.length && v[i] != null) {
            return (T) v[i];
        }
        if (initializing.get(i)) {
            throw new IllegalStateException("the initializer of " + slot + " on " + loop + " asks for its own value");
        }
        initializing.set(i);
        T value;
        try {
            value = slot.initialValue(loop);
        } finally {
            initializing.clear(i);
        }
        // Read again: an initializer may have set other slots, and grown the array.
        v = values;
        if (i >= v.length) {
            v = Arrays.copyOf(v, Math.max(v.length * 2, i + 1));
            v[i] = value;
            values = v;
        } else {
            ELEMENT.setRelease(v, i, value);
        }
        return value;
    }
}
