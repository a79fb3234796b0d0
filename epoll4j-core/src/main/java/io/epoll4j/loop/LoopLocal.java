package io.epoll4j.loop;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A slot that every {@link EventLoop} has for one kind of per-loop state, such as a read buffer
 * or a pool that the handlers on that loop share: {@link ThreadLocal}'s idea, owned by the loop.
 *
 * {@snippet :
 * private static final LoopLocal<MemorySegment> READ_BUFFER =
 *         LoopLocal.withInitial(loop -> Arena.ofAuto().allocate(64 * 1024));
 *
 * FdHandler handler = (registration, ready) -> {
 *     MemorySegment buffer = registration.loop().local(READ_BUFFER);  // this loop's, no lock
 *     long n = registration.fd().read(buffer);
 * };
 * }
 *
 * <p>{@link EventLoop#local} reads the value from an array the loop holds, at the index this
 * slot was given when it was created: no lock, no map lookup and nothing allocated once the
 * value exists. The first read on a loop runs the initializer, once per loop, under that
 * loop's lock, on whichever thread asks first; the value is published safely to every thread.
 * The value itself is not made thread-safe: state meant for the loop thread is used there.
 *
 * <p>Values live as long as their loop object. Every slot takes an index in every loop's
 * array, so make slots {@code static final} constants, as with {@code ThreadLocal}, not one
 * per connection or request.
 *
 * @param <T> the type of the value
 */
public final class LoopLocal<T> {
    private static final AtomicInteger NEXT_INDEX = new AtomicInteger();

    final int index;
    private final Function<? super EventLoop, ? extends T> initializer;

    private LoopLocal(Function<? super EventLoop, ? extends T> initializer) {
        this.initializer = Objects.requireNonNull(initializer, "initializer");
        this.index = NEXT_INDEX.getAndIncrement();
        if (index < 0) {
            throw new IllegalStateException("too many loop-local slots: make them static constants");
        }
    }

    /**
     * A slot whose value on each loop is {@code initializer.apply(loop)}, made on the first
     * {@link EventLoop#local} for that loop; it must not return null.
     */
    public static <T> LoopLocal<T> withInitial(Function<? super EventLoop, ? extends T> initializer) {
        return new LoopLocal<>(initializer);
    }

    T initialValue(EventLoop loop) {
        T value = initializer.apply(loop);
        if (value == null) {
            throw new NullPointerException("the initializer of " + this + " returned null for " + loop);
        }
        return value;
    }

    @Override
    public String toString() {
        return "LoopLocal[" + index + "]";
    }
}
